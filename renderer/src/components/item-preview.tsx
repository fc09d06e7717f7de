import type { ResponseOf } from '@api/contract';

type ItemView = ResponseOf<'item.detail'>['item'];

const INLINE_IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);
const INLINE_VIDEO = new Set(['video/mp4', 'video/webm', 'video/quicktime']);

function pick(item: ItemView, test: (role: string, type: string) => boolean) {
  return item.artifacts.find((a) => test(a.role, a.mediaType)) ?? null;
}

/**
 * The item shown as a picture or player. A page is shown by its screenshot: captured HTML is
 * never rendered or run inside the app.
 */
export function ItemPreview({ item, blobUrl }: { item: ItemView; blobUrl: (sha256: string) => string }) {
  const screenshot = pick(item, (role, type) => role.includes('screenshot') && type.startsWith('image/'));
  const preview = pick(item, (role, type) => role.includes('preview') && INLINE_IMAGES.has(type))
    ?? pick(item, (role, type) => role.includes('thumb') && INLINE_IMAGES.has(type));
  if (item.kind === 'video' && INLINE_VIDEO.has(item.mediaType)) {
    const poster = pick(item, (role, type) => (role.includes('poster') || role.includes('thumb')) && INLINE_IMAGES.has(type));
    return <video className="preview" controls preload="metadata" src={blobUrl(item.sha256)} poster={poster ? blobUrl(poster.sha256) : undefined} aria-label="Video preview" />;
  }
  if (item.kind === 'page') {
    return (
      <figure className="preview-figure">
        {screenshot ? <img className="preview page-shot" src={blobUrl(screenshot.sha256)} alt={`Full-page screenshot of ${item.sourceUrl ?? 'the captured page'}`} /> : <p className="muted">No screenshot was captured.</p>}
        <figcaption className="muted">Screenshot taken at capture. The page's HTML is kept as evidence but never run in the app.</figcaption>
      </figure>
    );
  }
  if (INLINE_IMAGES.has(item.mediaType)) return <img className="preview" src={blobUrl(item.sha256)} alt={`The original ${item.kind}: ${item.originalName ?? item.sha256}`} />;
  if (preview) {
    return (
      <figure className="preview-figure">
        <img className="preview" src={blobUrl(preview.sha256)} alt="Derived preview" />
        <figcaption className="muted">Derived preview ({preview.mediaType}); the original ({item.mediaType}) is unchanged in the vault.</figcaption>
      </figure>
    );
  }
  return <p className="muted preview-none">No preview for {item.mediaType}.</p>;
}
