import type { Item } from '../domain/item.js';
import type { CaptureQueueRepository } from '../store/repositories.js';
import { errorMessage, GoldenHourError } from '../util/errors.js';
import type { FollowedFrom, QueueEntry } from './capture-queue.js';
import { parseCaptureUrl } from './url-policy.js';

/** The most recent posts one profile page may have queued at once: its first screens, not its archive. */
export const MAX_FOLLOW_POSTS = 100;

/** What queueing a profile's posts did. */
export interface FollowedPosts {
  /** Entries this call queued (new, or failed before and queued again). */
  queued: QueueEntry[];
  /** Posts the case holds already: reported, not captured again. */
  alreadyCaptured: QueueEntry[];
  /** Posts waiting or being captured already (asked for earlier): not queued twice. */
  alreadyQueued: QueueEntry[];
  errors: { url: string; error: string }[];
}

/**
 * Queues the first `count` posts a captured profile page lists (newest first, as the page
 * showed them), each recorded as followed from that page's item. A post already captured in
 * the case or already queued is not queued again (each said apart in the outcome); a link that
 * is not a web address is an error for that link only. Used by a local run and a team server's
 * job service alike (there with the unit of work's queue).
 */
export async function followProfilePosts(queue: CaptureQueueRepository, profile: Item, count: number, operator: string): Promise<FollowedPosts> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_FOLLOW_POSTS) {
    throw new GoldenHourError('invalid-input', `Expected a whole number of posts from 1 to ${MAX_FOLLOW_POSTS} to follow but received ${JSON.stringify(count)}`);
  }
  const listed = profile.post?.kind === 'profile' ? profile.post.recentPosts ?? [] : [];
  if (listed.length === 0) {
    throw new GoldenHourError('invalid-input', `Item ${profile.id} is not a profile page listing recent posts, so it has no posts to capture`);
  }
  const errors: FollowedPosts['errors'] = [];
  const urls: string[] = [];
  for (const post of listed.slice(0, count)) {
    try {
      urls.push(parseCaptureUrl(post.url).href);
    } catch (error) {
      errors.push({ url: post.url, error: errorMessage(error) });
    }
  }
  const waitingBefore = new Set((await queue.list(profile.caseId)).filter((e) => e.state === 'queued' || e.state === 'running').map((e) => e.id));
  const from: FollowedFrom = { itemId: profile.id, url: profile.sourceUrl ?? '' };
  const { queued, alreadyCaptured } = await queue.enqueue(profile.caseId, [...new Set(urls)], operator, from);
  return { queued: queued.filter((e) => !waitingBefore.has(e.id)), alreadyCaptured, alreadyQueued: queued.filter((e) => waitingBefore.has(e.id)), errors };
}

/** What following a captured profile's posts did, in a run's notes. */
export function followedNote(profileItemId: number, followed: FollowedPosts): string {
  const present = followed.alreadyCaptured.map((e) => `item ${e.itemId}`);
  return `item ${profileItemId} (profile): ${followed.queued.length} of its recent posts queued for capture`
    + (present.length ? `, ${present.length} already captured (${present.join(', ')})` : '')
    + (followed.alreadyQueued.length ? `, ${followed.alreadyQueued.length} already queued` : '');
}

/** Said when a profile page captured with following showed no posts to follow. */
export function noPostsNote(profile: Item, url: string): string {
  return `item ${profile.id} is a profile page but showed no posts to follow (${profile.sourceUrl ?? url})`;
}

/** Whether a page captured in a run that follows posts has its posts followed: a profile not itself followed from one. */
export function followsFrom(page: Item, entryFollowedFrom: FollowedFrom | null): boolean {
  return entryFollowedFrom === null && page.post?.kind === 'profile';
}
