import { readFile } from 'node:fs/promises';
import type { Item, PostComment } from '../domain/item.js';
import { perceptualHashOf } from '../media/image-derivatives.js';
import { MAX_COMMENTS } from '../posts/expansion-words.js';
import { extractPost } from '../posts/extract-post.js';
import { hasClass, innerText, iterateTags } from '../posts/html-scan.js';
import { readAvailability, visibleText, type AvailabilityReading } from '../posts/post-availability.js';
import type { Vault } from '../vault/vault.js';

/** What one captured version of a watched address showed, as compared between versions. */
export interface VersionFacts {
  itemId: number;
  /** When the capture started (UTC). */
  capturedAt: string;
  /** The capture record's SHA-256 (the item's own hash). */
  recordSha256: string;
  screenshotSha256: string | null;
  status: number | null;
  flags: string[];
  post: { author: string | null; handle: string | null; publishedAt: string | null; text: string | null };
  /** Photos and videos kept from the page: where from, and their hashes. */
  media: { url: string; sha256: string }[];
  comments: string[];
  visibleText: string;
  /** 64-bit perceptual hash of the viewport screenshot, or null when it could not be read. */
  screenshotHash: string | null;
  availability: AvailabilityReading;
}


/**
 * The comments shown on a page: elements marked as comments (data-testid, itemprop, class), and
 * on X the replies (every `article[data-testid=tweet]` after the post's own), with their text.
 */
export function readComments(html: string): string[] {
  const comments: string[] = [];
  let tweets = 0;
  for (const tag of iterateTags(html)) {
    const reply = tag.name === 'article' && tag.attrs['data-testid'] === 'tweet' && (tweets += 1) > 1;
    const marked = reply || /^comment$/i.test(tag.attrs['data-testid'] ?? '') || tag.attrs.itemprop === 'comment' || hasClass(tag, 'comment');
    if (!marked) continue;
    const text = innerText(html, tag, 5000);
    if (text && !comments.includes(text)) comments.push(text);
    if (comments.length >= MAX_COMMENTS) break;
  }
  return comments;
}

/**
 * A comment as versions compare it: who (name and handle) and what it says. The time is left out:
 * a time kept as shown ("2d ago") changes between captures of the same comment.
 */
export function commentLine(comment: PostComment): string {
  const who = comment.author && comment.handle && comment.author !== comment.handle ? `${comment.author} (${comment.handle})` : comment.author ?? comment.handle ?? 'unknown author';
  return `${who}: ${comment.text ?? ''}`;
}

/**
 * The comments a version showed, read as its item shows them: the post reader's `post.comments`
 * where the capture has them; for a capture made before they were read, the post reader run on
 * its saved page (the same reading); where that reads none, the marked elements (readComments).
 */
export function versionComments(page: Item, html: string, finalUrl: string): string[] {
  let comments = page.post?.comments;
  if (!comments && html && finalUrl) {
    try {
      comments = extractPost(html, finalUrl).comments;
    } catch {
      comments = undefined;
    }
  }
  if (comments && comments.length > 0) return [...new Set(comments.map(commentLine))].slice(0, MAX_COMMENTS);
  return readComments(html);
}

/** Reads the facts of a version from its item, its media items and its artifacts in the vault. */
export async function readVersionFacts(vault: Vault, page: Item, mediaItems: Item[]): Promise<VersionFacts> {
  const capture = page.capture ?? {};
  const dom = page.artifacts.find((a) => a.role === 'dom');
  const screenshot = page.artifacts.find((a) => a.role === 'screenshot-viewport');
  const html = dom ? await readFile(vault.pathOf(dom.sha256), 'utf8') : '';
  const status = typeof capture.status === 'number' ? capture.status : null;
  const finalUrl = typeof capture.finalUrl === 'string' ? capture.finalUrl : page.sourceUrl ?? '';
  const screenshotHash = screenshot ? await readFile(vault.pathOf(screenshot.sha256)).then(perceptualHashOf).catch(() => null) : null;
  return {
    itemId: page.id,
    capturedAt: typeof capture.startedAt === 'string' ? capture.startedAt : page.acquiredAt,
    recordSha256: page.sha256,
    screenshotSha256: screenshot?.sha256 ?? null,
    status,
    flags: page.flags,
    post: { author: page.post?.author ?? null, handle: page.post?.handle ?? null, publishedAt: page.post?.publishedAt ?? null, text: page.post?.text ?? null },
    media: mediaItems.map((m) => ({ url: m.sourceUrl ?? '', sha256: m.sha256 })),
    comments: versionComments(page, html, finalUrl),
    visibleText: visibleText(html),
    screenshotHash,
    availability: readAvailability(html, finalUrl, status),
  };
}
