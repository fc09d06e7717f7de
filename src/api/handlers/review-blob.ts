import type { ReviewRepository } from '../../store/repositories.js';
import { GoldenHourError } from '../../util/errors.js';

/**
 * Media types the app shows inline. Everything else (HTML, SVG, PDF, scripts...) is only ever
 * offered as a download, so captured content never runs inside the app.
 */
const INLINE_TYPES = new Set([
  'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif',
  'video/mp4', 'video/webm', 'video/quicktime', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav',
]);

/** A blob as a door may serve it. */
export interface ServableBlob {
  sha256: string;
  size: number;
  mediaType: string;
  /** Shown in the page (image, video); false: served as an attachment of type application/octet-stream. */
  inline: boolean;
}

/**
 * Looks up a blob that an item or artifact holds. Blobs are served by content hash only, and
 * only when the case database knows them: a door never serves an arbitrary vault path.
 */
export async function servableBlob(review: Pick<ReviewRepository, 'blob'>, sha256: string): Promise<ServableBlob> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new GoldenHourError('invalid-input', `Expected a SHA-256 (64 lowercase hex digits) but received ${JSON.stringify(sha256.slice(0, 80))}`);
  const row = await review.blob(sha256);
  if (!row) throw new GoldenHourError('not-found', `No stored blob with SHA-256 ${sha256}`);
  const mediaType = row.mediaType.toLowerCase();
  return { sha256: row.sha256, size: row.size, mediaType, inline: INLINE_TYPES.has(mediaType) };
}
