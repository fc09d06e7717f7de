import type { Post } from '../../domain/item.js';
import type { PageFacts } from '../page-facts.js';

/** A platform-specific reader: which pages it knows, and what it reads beyond the generic fields. */
export interface PlatformExtractor {
  platform: string;
  /** Whether this page is on the platform (by host, or by what the page says of itself). */
  matches(host: string, facts: PageFacts): boolean;
  /**
   * Fields it can read better than the generic reader; null or absent fields fall back. `frames`
   * are the page's captured sub-frames (a post shown through an embed widget).
   */
  extract(facts: PageFacts, html: string, frames?: FrameDocument[]): PlatformReading;
}

/** A sub-frame of the captured page: its address and its rendered HTML. */
export interface FrameDocument {
  url: string;
  html: string;
}

/** What a platform reader found. `notAPost` marks a profile or channel page: no publication time. */
export type PlatformReading = Partial<Post> & { notAPost?: boolean };

/** Whether a host is one of the domains or a subdomain of one. */
export function hostIs(host: string, ...domains: string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The text inside the first pair of straight or curly double quotes, e.g. in `Name on X: "text"`. */
export function quoted(value: string | null): string | null {
  if (!value) return null;
  const match = /["“]([\s\S]*)["”]/.exec(value);
  return match?.[1]?.trim() || null;
}

/** Months by English name, for dates written out in words. */
const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `May 29, 2021` -> `2021-05-29` (a date only: the page states no time or zone). */
export function dateFromWords(value: string | null): string | null {
  const match = /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b/i.exec(value ?? '');
  if (!match) return null;
  const month = months.indexOf(match[1]!.toLowerCase()) + 1;
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[2]!.padStart(2, '0')}`;
}
