import { Fragment } from 'react';
import type { ResponseOf } from '@api/contract';
import { formatInZone, formatUtc } from '../format';
import { routeHref } from '../router';

type Detail = ResponseOf<'item.detail'>;
type ItemView = Detail['item'];

/** What a wall means the capture lacks. */
const WALLS: Record<string, string> = {
  'login-wall': 'The page asked to log in. The capture holds the login page, not necessarily the post: capture again while logged in (Browse) to keep what is behind it.',
  'cookie-wall': 'A cookie or consent wall covered the page. The screenshot may show the wall, not the post; the page text behind it may still be in the archive.',
  'bot-check': 'The site showed a bot check (CAPTCHA or challenge). The capture holds the check, not the post: open the page in Browse, pass the check, and capture it there.',
};

/** Warning banners for the walls a page capture met, saying what the capture does not contain. */
export function WallBanners({ item }: { item: ItemView }) {
  const walls = item.flags.filter((flag) => flag in WALLS);
  if (walls.length === 0) return null;
  return (
    <div className="wall-banners">
      {walls.map((wall) => <p key={wall} role="alert" className="banner warn" data-testid={`wall-${wall}`}><strong>{wall.replace(/-/g, ' ')}:</strong> {WALLS[wall]}</p>)}
    </div>
  );
}

/** The post read from a captured page, as a card: author, handle, time, text, address, media. */
export function PostCard({ detail, blobUrl }: { detail: Detail; blobUrl: (sha256: string) => string }) {
  const { item, children } = detail;
  const post = item.post;
  if (!post) return null;
  const zone = detail.case.timezone;
  const address = post.url ?? item.sourceUrl;
  return (
    <article className="post-card" aria-label="Post read from the captured page" data-testid="post-card">
      <header>
        <strong className="post-author">{post.author ?? 'Unknown author'}</strong>
        {post.handle ? <span className="muted"> {post.handle.startsWith('@') ? post.handle : `@${post.handle}`}</span> : null}
        {post.platform ? <span className="flag"> {post.platform}</span> : null}
      </header>
      <p className="muted post-time">
        {post.publishedAt ? <>Posted {formatUtc(post.publishedAt)}{zone ? <> · {formatInZone(post.publishedAt, zone)}</> : null}</> : 'No published time on the page'}
      </p>
      {post.text ? <p className="post-text">{post.text}</p> : <p className="muted">No post text was read from the page.</p>}
      {address ? <p className="post-address">Address: <span className="hash">{address}</span></p> : null}
      {children.length > 0 ? (
        <ul className="post-media" aria-label="Media captured from the post">
          {children.map((child) => (
            <li key={child.id}>
              <a href={routeHref({ screen: 'item', caseId: item.caseId, itemId: child.id })}>
                {child.thumbSha256 ? <img src={blobUrl(child.thumbSha256)} alt={`${child.kind}: ${child.name}`} /> : <span className="muted">{child.kind}</span>}
                <span className="post-media-name">{child.kind} {child.id}{child.withdrawn ? ' (withdrawn)' : ''}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : post.mediaUrls.length > 0 ? <p className="muted">The post named {post.mediaUrls.length} media file(s); none was kept as an item.</p> : null}
    </article>
  );
}

const PAGE_HASH_ROLES: [string, string][] = [['screenshot-full', 'Full-page screenshot'], ['screenshot-viewport', 'Screenshot as seen'], ['wacz', 'Web archive (WACZ)'], ['dom', 'Page HTML']];

/** A captured page's own hashes (screenshot, WACZ) beside the capture record's. */
export function PageHashes({ item, blobUrl }: { item: ItemView; blobUrl: (sha256: string) => string }) {
  const rows: [string, string][] = [['Capture record', item.sha256]];
  for (const [role, label] of PAGE_HASH_ROLES) {
    const artifact = item.artifacts.find((a) => a.role === role);
    if (artifact) rows.push([label, artifact.sha256]);
  }
  return (
    <dl className="facts page-hashes" data-testid="page-hashes">
      {rows.map(([label, sha]) => (
        <Fragment key={label}><dt>{label}</dt><dd className="hash"><a href={blobUrl(sha)} download={sha}>{sha}</a></dd></Fragment>
      ))}
    </dl>
  );
}
