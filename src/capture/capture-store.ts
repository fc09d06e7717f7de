import { basename } from 'node:path';
import type { Artifact, EventTime, Item } from '../domain/item.js';
import type { ItemAnalyser } from '../ingest/ingest-service.js';
import type { CaseRepository, ItemRepository, Repositories, UnitOfWork } from '../store/repositories.js';
import { errorMessage } from '../util/errors.js';
import type { Vault } from '../vault/vault.js';
import type { WrittenFile } from '../wacz/warc-file.js';
import { kindForMediaType, sniffMediaType } from '../items/sniff.js';
import type { CapturedDownload } from './capture-download.js';
import type { FetchedMedia } from './media-fetch.js';
import type { CaptureIdentity, CapturedPage } from './page-capture.js';
import type { CapturedVideo } from './streams/capture-streams.js';

/** What storing a capture needs from the core. */
export interface CaptureStoreDeps {
  store: UnitOfWork;
  vault: Vault;
  cases: CaseRepository;
  items: ItemRepository;
  analyser: ItemAnalyser | null;
}

/** Called in the unit of work that records the capture (the queue marks its URL captured there). */
export type OnRecorded = (tx: Repositories, item: Item) => Promise<void>;

/** The page item, its media items, and remarks from analysing them. */
export interface StoredCapture {
  page: Item;
  media: Item[];
  notes: string[];
}

export const WACZ_MEDIA_TYPE = 'application/wacz';

/** A post time with an explicit instant becomes the event time; a bare date does not (its zone is unknown). */
export function postEventTime(publishedAt: string | null): EventTime | null {
  if (!publishedAt || !/T.*Z$/.test(publishedAt)) return null;
  return { utc: publishedAt, source: 'post', confidence: 'medium', raw: { publishedAt } };
}

async function put(vault: Vault, role: string, bytes: Buffer, mediaType: string): Promise<Artifact> {
  const stored = await vault.putBuffer(bytes);
  return { role, sha256: stored.sha256, size: stored.size, mediaType, derived: false };
}

async function putWritten(vault: Vault, role: string, file: WrittenFile, mediaType: string): Promise<Artifact> {
  const stored = await vault.putFile(file.path);
  if (stored.sha256 !== file.sha256 || stored.size !== file.size) {
    throw new Error(`the ${role} file ${file.path} changed on disk between being written (sha256 ${file.sha256}, ${file.size} bytes) and stored (sha256 ${stored.sha256}, ${stored.size} bytes); the capture was not stored`);
  }
  return { role, sha256: stored.sha256, size: stored.size, mediaType, derived: false };
}

async function putRecording(vault: Vault, path: string): Promise<Artifact> {
  const stored = await vault.putFile(path);
  return { role: 'screen-recording', sha256: stored.sha256, size: stored.size, mediaType: 'video/webm', derived: false };
}

/**
 * Stores a captured page: every artifact into the vault, then a capture record (JSON) naming
 * each artifact's and each media file's hash, then — in one transaction, together with
 * `onRecorded` (the queue marking the URL captured) — the page item and its media items.
 * Media then go through the analyser (time, place, previews), each result its own custody entry.
 */
export async function storeCapturedPage(deps: CaptureStoreDeps, caseId: number, captured: CapturedPage, identity: CaptureIdentity, onRecorded: OnRecorded = async () => undefined, details: Record<string, unknown> = { method: 'web capture' }): Promise<StoredCapture> {
  const { vault } = deps;
  const a = captured.artifacts;
  const artifacts = [
    await put(vault, 'screenshot-full', a.screenshotFull, 'image/png'),
    await put(vault, 'screenshot-viewport', a.screenshotViewport, 'image/png'),
    await put(vault, 'dom', a.dom, 'text/html'),
    ...(a.mhtml ? [await put(vault, 'mhtml', a.mhtml, 'multipart/related')] : []),
    // Written to disk as the capture went (the WARC record by record): copied in by chunks, and checked against the hash it was written with.
    await putWritten(vault, 'wacz', a.wacz, WACZ_MEDIA_TYPE),
    // Read from disk in chunks as it is hashed, like a stream's video.
    ...(captured.screenRecording ? [await putRecording(vault, captured.screenRecording.path)] : []),
  ];
  // Each media file was written to the capture's workspace as it was fetched (a long video by byte ranges): copied in by chunks, checked against its hash.
  const media: (FetchedMedia & { sha256: string; size: number })[] = [];
  for (const m of captured.media.media) {
    const stored = await putWritten(vault, `media file from ${m.url}`, m.file, m.mediaType);
    media.push({ ...m, sha256: stored.sha256, size: stored.size });
  }
  const videos = await storeVideos(vault, captured.videos.files);
  // A post queued from a profile's list says so in its record (`followedFrom`: that page's item).
  const capture = { ...captureSummary(captured, identity), ...followedOf(details) };
  const record = {
    format: 'goldenhour-capture-record/1',
    ...capture,
    responseHeaders: captured.responseHeaders,
    post: captured.post,
    artifacts: artifacts.map(({ role, sha256, size, mediaType }) => ({ role, sha256, size, mediaType })),
    media: {
      downloaded: media.map((m) => ({ url: m.url, via: m.via, source: m.source, sha256: m.sha256, size: m.size, mediaType: m.mediaType })),
      streaming: captured.media.streaming,
      skipped: captured.media.skipped,
      videos: videos.map(({ video, sha256, size }) => ({ url: video.url, sha256, size, mediaType: video.mediaType, flags: video.flags, ...video.origin })),
      videosFailed: captured.videos.failed,
    },
    ytDlp: captured.videos.ytDlp ?? (captured.videos.ytDlpSkipped && { skipped: captured.videos.ytDlpSkipped }),
    notes: captured.notes,
  };
  const recordArtifact = await put(vault, 'capture-record', Buffer.from(`${JSON.stringify(record, null, 2)}\n`), 'application/json');
  const operator = identity.operator;
  const { page, children } = await deps.store.withTransaction(async (tx) => {
    const pageItem = await tx.items.insert({
      caseId, kind: 'page', sha256: recordArtifact.sha256, size: recordArtifact.size, mediaType: 'application/json',
      sourceUrl: captured.requestedUrl, title: captured.title, eventTime: postEventTime(captured.post.publishedAt), post: captured.post,
      capture, flags: captured.flags, artifacts: [...artifacts, recordArtifact],
    }, operator, { ...details, url: captured.requestedUrl });
    const children: Item[] = [];
    for (const m of media) {
      children.push(await tx.items.insert({
        caseId, kind: m.kind, sha256: m.sha256, size: m.size, mediaType: m.mediaType, sourceUrl: m.url, parentId: pageItem.id,
        originalName: fileName(m.url),
      }, operator, { method: 'web capture', url: m.url, page: captured.requestedUrl }));
    }
    for (const [i, v] of videos.entries()) {
      children.push(await tx.items.insert({
        caseId, kind: 'video', sha256: v.sha256, size: v.size, mediaType: v.video.mediaType, sourceUrl: v.video.url ?? captured.finalUrl, parentId: pageItem.id,
        originalName: `${v.video.name}-${i + 1}.${extensionOf(v.video.mediaType)}`, capture: { stream: v.video.origin }, flags: v.video.flags,
      }, operator, { method: 'stream capture', url: v.video.url ?? captured.finalUrl, page: captured.requestedUrl, via: v.video.origin.via }));
    }
    await onRecorded(tx, pageItem);
    return { page: pageItem, children };
  });
  // What the run should say about its videos (yt-dlp missing or failing, durations that disagree).
  const notes: string[] = [...captured.videos.notes];
  const analysed = await analyseMedia(deps, caseId, children, operator, notes);
  return { page, media: analysed, notes };
}

function followedOf(details: Record<string, unknown>): Record<string, unknown> {
  return details.followedFrom === undefined ? {} : { followedFrom: details.followedFrom };
}

/** The capture facts kept on the page item (the full record, with headers, is the artifact). */
export function captureSummary(captured: CapturedPage, identity: CaptureIdentity): Record<string, unknown> {
  return {
    requestedUrl: captured.requestedUrl, finalUrl: captured.finalUrl, redirects: captured.redirects, status: captured.status,
    statusText: captured.statusText, serverIp: captured.serverIp, serverPort: captured.serverPort, tls: captured.tls,
    startedAt: captured.startedAt, endedAt: captured.endedAt, operatorTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    browser: captured.browser, userAgent: captured.userAgent, viewport: captured.viewport, proxy: identity.proxy, operator: identity.operator,
    tool: identity.tool, loadState: captured.loadState, scroll: captured.scroll, expansion: captured.expansion,
    ...(captured.fullScreenshotIsViewport ? { fullScreenshot: { sameAsViewport: true, reason: 'the page fit the viewport and was not scrolled', documentPx: captured.fullScreenshotIsViewport } } : {}),
    ...(captured.screenRecording ? { screenRecording: { frames: captured.screenRecording.frames, durationMs: captured.screenRecording.durationMs, command: captured.screenRecording.command } } : {}), dialogs: captured.dialogs, popups: captured.popups,
    requests: captured.requests, warcRecords: captured.warcRecords, streamingMedia: captured.media.streaming, streamVideos: captured.videos.files.length,
    ytDlp: captured.videos.ytDlp ? { version: captured.videos.ytDlp.version, command: captured.videos.ytDlp.command, error: captured.videos.ytDlp.error } : captured.videos.ytDlpSkipped && { skipped: captured.videos.ytDlpSkipped },
    mediaSkipped: captured.media.skipped.length,
    ...(captured.refusedRequests.length > 0 ? { refusedRequests: captured.refusedRequests } : {}),
  };
}

/** Each stream's file into the vault, hashed as it is copied in (read from disk in chunks, never whole). */
async function storeVideos(vault: Vault, files: CapturedVideo[]) {
  const out: { video: CapturedVideo; sha256: string; size: number }[] = [];
  for (const video of files) {
    const stored = await vault.putFile(video.path);
    out.push({ video, sha256: stored.sha256, size: stored.size });
  }
  return out;
}

function extensionOf(mediaType: string): string {
  return mediaType === 'video/webm' ? 'webm' : mediaType === 'video/x-matroska' ? 'mkv' : 'mp4';
}

function fileName(url: string): string | null {
  try {
    return basename(new URL(url).pathname) || null;
  } catch {
    return null;
  }
}

export async function analyseMedia(deps: CaptureStoreDeps, caseId: number, items: Item[], operator: string, notes: string[]): Promise<Item[]> {
  if (!deps.analyser) return items;
  const c = await deps.cases.get(caseId);
  const out: Item[] = [];
  for (const item of items) {
    try {
      const analysis = await deps.analyser.analyse(item, deps.vault.pathOf(item.sha256), c);
      if (analysis) {
        out.push(await deps.items.update(item.id, analysis.patch, operator, 'item analysed'));
        notes.push(...(analysis.notes ?? []).map((note) => `item ${item.id}: ${note}`));
      } else out.push(item);
    } catch (error) {
      // The media is kept and hashed whatever its content; analysis failing is a note, not a loss.
      notes.push(`item ${item.id}: analysis failed: ${errorMessage(error)}`);
      out.push(item);
    }
  }
  return out;
}

/**
 * Stores a URL that downloaded a file: the file is the item (kind by its bytes), with a capture
 * record naming where it came from, flagged `download`.
 */
export async function storeCapturedDownload(deps: CaptureStoreDeps, caseId: number, captured: CapturedDownload, identity: CaptureIdentity, onRecorded: OnRecorded = async () => undefined, details: Record<string, unknown> = { method: 'web capture' }): Promise<StoredCapture> {
  const stored = await deps.vault.putBuffer(captured.body);
  const mediaType = await sniffMediaType(stored.head, deps.vault.pathOf(stored.sha256));
  const capture = {
    requestedUrl: captured.requestedUrl, finalUrl: captured.finalUrl, download: { suggestedFilename: captured.suggestedFilename },
    startedAt: captured.startedAt, endedAt: captured.endedAt, operatorTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    browser: captured.browser, proxy: identity.proxy, operator: identity.operator, tool: identity.tool, ...followedOf(details),
  };
  const record = { format: 'goldenhour-capture-record/1', ...capture, file: { sha256: stored.sha256, size: stored.size, mediaType } };
  const recordArtifact = await put(deps.vault, 'capture-record', Buffer.from(`${JSON.stringify(record, null, 2)}\n`), 'application/json');
  const item = await deps.store.withTransaction(async (tx) => {
    const inserted = await tx.items.insert({
      caseId, kind: kindForMediaType(mediaType), sha256: stored.sha256, size: stored.size, mediaType, originalName: captured.suggestedFilename,
      sourceUrl: captured.requestedUrl, capture, flags: details.versionOf === undefined ? ['download'] : ['download', 'watch-version'], artifacts: [recordArtifact],
    }, identity.operator, { ...details, url: captured.requestedUrl, download: captured.suggestedFilename });
    await onRecorded(tx, inserted);
    return inserted;
  });
  const notes: string[] = [];
  const [analysed] = item.kind === 'photo' || item.kind === 'video' ? await analyseMedia(deps, caseId, [item], identity.operator, notes) : [item];
  return { page: analysed ?? item, media: [], notes };
}

/**
 * Stores whatever a capture produced: a page with its artifacts, or a downloaded file. `details`
 * go into the item's custody entry (`method: 'web capture'` unless a watch run says otherwise).
 */
export function storeCapture(deps: CaptureStoreDeps, caseId: number, captured: CapturedPage | CapturedDownload, identity: CaptureIdentity, onRecorded: OnRecorded, details?: Record<string, unknown>): Promise<StoredCapture> {
  return captured.kind === 'download' ? storeCapturedDownload(deps, caseId, captured, identity, onRecorded, details) : storeCapturedPage(deps, caseId, captured, identity, onRecorded, details);
}
