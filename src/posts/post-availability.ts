import { findTag, innerText } from './html-scan.js';
import { hostIs } from './platforms/platform.js';

/** What a platform's page says about the post it was asked for. */
export type PostAvailability = 'available' | 'deleted' | 'account-suspended' | 'account-private';

/** The availability read from a page, with the phrase that decided it (the evidence). */
export interface AvailabilityReading {
  availability: PostAvailability;
  platform: string | null;
  /** The marker phrase found in the page's visible text, or the HTTP status. */
  evidence: string | null;
}

type Markers = { platform: string; hosts: string[]; deleted: RegExp[]; suspended: RegExp[]; private: RegExp[] };

/**
 * The pages each platform serves (often with status 200) in place of a post that is gone, an
 * account that was suspended, or one made private, as their visible text reads today. Matched
 * on the page's visible text, lower-cased; only for the platform's own hosts.
 */
const platformMarkers: Markers[] = [
  {
    platform: 'x', hosts: ['x.com', 'twitter.com'],
    deleted: [/hmm\.\.\.this page doesn.t exist/, /this (post|tweet) (was deleted|is unavailable|has been deleted)/, /this (post|tweet) is from an account that no longer exists/],
    suspended: [/\baccount suspended\b/, /(x|twitter) suspends accounts which violate/, /this (post|tweet) is from a suspended account/],
    private: [/these (posts|tweets) are protected/, /only (confirmed|approved) followers have access/],
  },
  {
    platform: 'instagram', hosts: ['instagram.com'],
    deleted: [/sorry, this page isn.t available/, /the link you followed may be broken, or the page may have been removed/],
    suspended: [/this account has been (suspended|disabled)/],
    private: [/this account is private/],
  },
  {
    platform: 'facebook', hosts: ['facebook.com', 'fb.com', 'fb.watch'],
    // Facebook shows this for a deleted post and for one whose audience was narrowed: the verdict's evidence says so.
    deleted: [/this content isn.t available (right now|at the moment)/, /this page isn.t available/],
    suspended: [/this account has been (suspended|disabled)/],
    private: [],
  },
  {
    platform: 'tiktok', hosts: ['tiktok.com'],
    deleted: [/video currently unavailable/, /this video (is unavailable|has been removed|isn.t available)/, /couldn.t find this account/],
    suspended: [/this account (was|has been) banned/, /account banned/],
    private: [/this account is private/, /this video is private/],
  },
  {
    platform: 'youtube', hosts: ['youtube.com', 'youtu.be'],
    deleted: [/this video (has been removed|is no longer available|isn.t available any ?more)/, /video unavailable/],
    suspended: [/this account has been terminated/, /this channel (was|has been) (terminated|removed)/],
    private: [/this video is private/, /private video/],
  },
  {
    platform: 'reddit', hosts: ['reddit.com', 'redd.it'],
    deleted: [/sorry, this post (was deleted|has been removed)/, /this post was deleted by the person who originally posted it/, /post removed by (reddit|moderators)/],
    suspended: [/this account has been suspended/],
    private: [/this community is private/],
  },
  {
    platform: 'telegram', hosts: ['t.me', 'telegram.me'],
    deleted: [/\bpost not found\b/, /this (post|message) (was|has been) deleted/],
    suspended: [/this channel can.t be displayed because it (was used to spread|violated)/],
    private: [/this channel is private/],
  },
  {
    platform: 'bluesky', hosts: ['bsky.app'],
    deleted: [/\bpost not found\b/, /the post may have been deleted/],
    suspended: [/this account has been suspended/, /account (has been )?taken down/],
    private: [],
  },
];

/** Mastodon and other sites: no 200 page stands for a deletion; only these words on a 404/410 say more. */
const anySiteSuspended = [/this account (has been|is) suspended/];

/** The visible text of a page's body (scripts and styles left out), as written: a watch tells an edit that only changes case ("not" to "NOT"). */
export function visibleText(html: string, maxChars = 200_000): string {
  const body = findTag(html, (tag) => tag.name === 'body');
  return body ? innerText(html, body, maxChars) : '';
}

/**
 * What a captured page says about its post: 404 or 410 is a deletion whatever the site; on a
 * platform's host its "unavailable", "suspended" or "private" page is read by its own words.
 * Checked in that order of strength: suspension and privacy before deletion (a suspended
 * account's post also "doesn't exist").
 */
export function readAvailability(html: string, pageUrl: string, status: number | null): AvailabilityReading {
  let host = '';
  try {
    host = new URL(pageUrl).hostname;
  } catch {
    host = '';
  }
  // Platforms' words are matched whatever their case.
  const text = visibleText(html).toLowerCase();
  const markers = platformMarkers.find((m) => hostIs(host, ...m.hosts));
  if (markers) {
    const found = (patterns: RegExp[]) => patterns.map((p) => p.exec(text)?.[0]).find((m) => m !== undefined) ?? null;
    const suspended = found(markers.suspended);
    if (suspended) return { availability: 'account-suspended', platform: markers.platform, evidence: suspended };
    const hidden = found(markers.private);
    if (hidden) return { availability: 'account-private', platform: markers.platform, evidence: hidden };
    const deleted = found(markers.deleted);
    if (deleted) return { availability: 'deleted', platform: markers.platform, evidence: deleted };
  }
  const suspended = anySiteSuspended.map((p) => p.exec(text)?.[0]).find((m) => m !== undefined);
  if (suspended) return { availability: 'account-suspended', platform: markers?.platform ?? null, evidence: suspended };
  if (status === 404 || status === 410) return { availability: 'deleted', platform: markers?.platform ?? null, evidence: `HTTP ${status}` };
  return { availability: 'available', platform: markers?.platform ?? null, evidence: null };
}
