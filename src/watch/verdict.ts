import { hammingDistance } from '../media/perceptual-hash.js';
import type { VersionFacts } from './version-facts.js';
import type { WatchOutcome } from './watch-types.js';
import { wordDiff, type DiffPart } from './word-diff.js';

/** What differs between two versions of a watched page. */
export interface VersionDifferences {
  postText?: DiffPart[];
  author?: { before: string | null; after: string | null };
  handle?: { before: string | null; after: string | null };
  publishedAt?: { before: string | null; after: string | null };
  media?: { same: string[]; added: string[]; removed: string[]; replaced: { url: string; before: string; after: string }[] };
  comments?: { added: string[]; removed: string[] };
  visibleText?: DiffPart[];
  /** Hamming distance (0-64) between the two viewport screenshots' perceptual hashes. */
  screenshotDistance?: number | null;
}

/** The outcome of one run and what it rests on. */
export interface Verdict {
  outcome: WatchOutcome;
  differences: VersionDifferences;
  /** Plain sentences an investigator can read and check against the captures. */
  evidence: string[];
}

/** At or above this perceptual distance (of 64 bits) the screenshots are said to look different. */
export const SCREENSHOT_DIFFERENT_BITS = 10;

/**
 * Judges a new version against the last one in which the post was there. The page's own state
 * comes first: 404/410 or the platform's "unavailable" page is `deleted`; its "suspended" and
 * "private" pages say so; a login wall means we cannot tell. Otherwise the post is compared field
 * by field. The visible text of the whole page decides only when no post was read from it (page
 * furniture such as "5 min ago" changes on its own), and the screenshot distance is evidence, not
 * a trigger.
 */
export function judgeVersion(previous: VersionFacts | null, current: VersionFacts): Verdict {
  const { availability } = current;
  if (availability.availability !== 'available') {
    const source = availability.evidence?.startsWith('HTTP ') ? `the server answered ${availability.evidence}` : `the ${availability.platform ?? 'site'} page reads "${availability.evidence}" (status ${current.status ?? 'none'})`;
    const note = availability.platform === 'facebook' && availability.availability === 'deleted' ? ' (Facebook shows this page both for deleted posts and for posts whose audience was narrowed)' : '';
    return { outcome: availability.availability, differences: {}, evidence: [`${source}${note}`] };
  }
  // A server error or "too many requests" says nothing about the post: it is kept, but not read as a change.
  if (current.status !== null && (current.status >= 500 || current.status === 429)) {
    return { outcome: 'unreachable', differences: {}, evidence: [`the server answered HTTP ${current.status}: not a deletion`] };
  }
  if (current.flags.includes('login-wall')) return { outcome: 'login-wall', differences: {}, evidence: ['the page asks to log in: whether the post is still there cannot be told'] };
  if (!previous) return { outcome: 'first', differences: {}, evidence: ['the first capture of the watched address'] };
  const differences = compareVersions(previous, current);
  const evidence = describeDifferences(differences, current.post.text !== null);
  return { outcome: evidence.length > 0 ? 'edited' : 'unchanged', differences, evidence: evidence.length > 0 ? evidence : ['post text, author, handle, post time, media and comments are the same'] };
}

/** Every field that differs (the screenshot distance always, when both screenshots were read). */
export function compareVersions(before: VersionFacts, after: VersionFacts): VersionDifferences {
  const d: VersionDifferences = {};
  if ((before.post.text ?? '') !== (after.post.text ?? '')) d.postText = wordDiff(before.post.text ?? '', after.post.text ?? '');
  for (const field of ['author', 'handle', 'publishedAt'] as const) {
    if (before.post[field] !== after.post[field]) d[field] = { before: before.post[field], after: after.post[field] };
  }
  const media = compareMedia(before.media, after.media);
  if (media.added.length + media.removed.length + media.replaced.length > 0) d.media = media;
  const added = after.comments.filter((c) => !before.comments.includes(c));
  const removed = before.comments.filter((c) => !after.comments.includes(c));
  if (added.length + removed.length > 0) d.comments = { added, removed };
  if (before.visibleText !== after.visibleText) d.visibleText = wordDiff(before.visibleText, after.visibleText);
  d.screenshotDistance = before.screenshotHash && after.screenshotHash ? hammingDistance(before.screenshotHash, after.screenshotHash) : null;
  return d;
}

/** Media by hash: the same, added, removed; a file at the same address with other bytes is replaced. */
function compareMedia(before: VersionFacts['media'], after: VersionFacts['media']): NonNullable<VersionDifferences['media']> {
  const beforeHashes = new Set(before.map((m) => m.sha256));
  const afterHashes = new Set(after.map((m) => m.sha256));
  const replaced: { url: string; before: string; after: string }[] = [];
  for (const old of before) {
    const now = after.find((m) => m.url === old.url);
    if (now && now.sha256 !== old.sha256 && !afterHashes.has(old.sha256)) replaced.push({ url: old.url, before: old.sha256, after: now.sha256 });
  }
  const replacedBefore = new Set(replaced.map((r) => r.before));
  const replacedAfter = new Set(replaced.map((r) => r.after));
  return {
    same: [...beforeHashes].filter((h) => afterHashes.has(h)),
    added: [...afterHashes].filter((h) => !beforeHashes.has(h) && !replacedAfter.has(h)),
    removed: [...beforeHashes].filter((h) => !afterHashes.has(h) && !replacedBefore.has(h)),
    replaced,
  };
}

/** The differences that make an edit, in words; empty when there is none. */
export function describeDifferences(d: VersionDifferences, postRead: boolean): string[] {
  const lines: string[] = [];
  const changed = (parts: DiffPart[] | undefined) => (parts ?? []).filter((p) => p.op !== 'same').map((p) => `${p.op === 'added' ? '+' : '-'}"${p.text}"`).join(' ');
  if (d.postText) lines.push(`post text changed: ${changed(d.postText)}`);
  if (d.author) lines.push(`author changed from ${JSON.stringify(d.author.before)} to ${JSON.stringify(d.author.after)}`);
  if (d.handle) lines.push(`handle changed from ${JSON.stringify(d.handle.before)} to ${JSON.stringify(d.handle.after)}`);
  if (d.publishedAt) lines.push(`post time changed from ${d.publishedAt.before ?? 'none'} to ${d.publishedAt.after ?? 'none'}`);
  if (d.media) {
    for (const r of d.media.replaced) lines.push(`media replaced at ${r.url}: ${r.before.slice(0, 12)} -> ${r.after.slice(0, 12)}`);
    if (d.media.added.length) lines.push(`media added: ${d.media.added.map((h) => h.slice(0, 12)).join(', ')}`);
    if (d.media.removed.length) lines.push(`media removed: ${d.media.removed.map((h) => h.slice(0, 12)).join(', ')}`);
  }
  if (d.comments) {
    for (const c of d.comments.removed) lines.push(`comment removed: "${c.slice(0, 200)}"`);
    for (const c of d.comments.added) lines.push(`comment added: "${c.slice(0, 200)}"`);
  }
  if (d.visibleText && !postRead) lines.push(`page text changed: ${changed(d.visibleText).slice(0, 500)}`);
  if (lines.length > 0 && d.screenshotDistance !== undefined && d.screenshotDistance !== null) {
    lines.push(`screenshots ${d.screenshotDistance >= SCREENSHOT_DIFFERENT_BITS ? 'look different' : 'look alike'} (perceptual distance ${d.screenshotDistance} of 64)`);
  }
  return lines;
}
