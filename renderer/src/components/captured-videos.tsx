import type { ResponseOf } from '@api/contract';
import { routeHref } from '../router';
import { describeVideoOrigin, SEGMENT_TYPES } from '../video-origin';

type Detail = ResponseOf<'item.detail'>;

/** Containers Chromium plays; a Matroska file is offered for download instead. */
export const PLAYABLE_VIDEO = new Set(['video/mp4', 'video/webm', 'video/quicktime']);

/**
 * Every video captured from a page, each playable where it stands (served from the vault, whose
 * hash is checked before serving) and saying where it came from: which stream and rendition, the
 * page's player, yt-dlp, or a file the page loaded.
 */
export function CapturedVideos({ detail, blobUrl }: { detail: Detail; blobUrl: (sha256: string) => string }) {
  // Whole videos first (streams saved, yt-dlp, files), then the stream segments the page fetched.
  const all = detail.children.filter((child) => child.kind === 'video');
  const videos = [...all.filter((v) => !SEGMENT_TYPES.has(v.mediaType)), ...all.filter((v) => SEGMENT_TYPES.has(v.mediaType))];
  if (detail.item.kind !== 'page' || videos.length === 0) return null;
  return (
    <section className="captured-videos" aria-labelledby="captured-videos-heading" data-testid="captured-videos">
      <h2 id="captured-videos-heading">Videos captured from this page ({videos.length})</h2>
      <ul>
        {videos.map((video) => (
          <li key={video.id} data-testid={`captured-video-${video.id}`}>
            {PLAYABLE_VIDEO.has(video.mediaType)
              ? <video controls preload="metadata" src={blobUrl(video.sha256)} poster={video.thumbSha256 ? blobUrl(video.thumbSha256) : undefined} aria-label={`Video ${video.id}: ${video.name}`} />
              : <p className="muted">This {video.mediaType} file cannot be played here: <a href={blobUrl(video.sha256)} download={video.name}>download it</a>.</p>}
            <p className="video-origin">{describeVideoOrigin(video.capture, video.flags, video.sourceUrl, video.mediaType)}</p>
            <p className="muted">
              <a href={routeHref({ screen: 'item', caseId: detail.item.caseId, itemId: video.id })}>video {video.id}</a>
              {video.withdrawn ? ' (withdrawn)' : ''} · <span className="hash">{video.sha256}</span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
