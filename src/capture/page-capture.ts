import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Download, Page, Response } from 'playwright-core';
import type { Post } from '../domain/item.js';
import { extractPost } from '../posts/extract-post.js';
import { errorMessage } from '../util/errors.js';
import { WarcFile, type WrittenFile } from '../wacz/warc-file.js';
import { writeWacz } from '../wacz/wacz-writer.js';
import { cdxTimestamp, type WarcInfo } from '../wacz/warc-writer.js';
import { captureDownload, type CapturedDownload } from './capture-download.js';
import { CaptureFailure, navigationFailure } from './capture-failure.js';
import type { ExpansionRecord } from './expand.js';
import type { CaptureLimits } from './capture-options.js';
import { networkMediaCandidates, sortCandidates } from './media-candidates.js';
import { fetchMedia, type MediaOutcome } from './media-fetch.js';
import { NetworkRecorder, type TlsDetails } from './network-recorder.js';
import { guardRequests, unguarded, type RefusedRequests, type RequestPolicy } from './request-guard.js';
import { ScreenRecorder, type ScreenRecording } from './screen-recording.js';
import { loadScrollAndShoot } from './page-shots.js';
import { readRenderedPage } from './page-read.js';
import type { ScrollStop } from './scroll.js';
import { captureStreams, makeStreamWorkspace, type CapturedVideo } from './streams/capture-streams.js';
import { MediaSourceRecorder } from './streams/mse-recorder.js';
import { ytDlpForPage, ytDlpInputs } from './streams/yt-dlp-page.js';
import type { YtDlpRecord } from './streams/yt-dlp.js';
import { videoSign, ytDlpForPost } from './streams/video-signs.js';

/** Who and what is capturing, for the capture record and the WARC's warcinfo. */
export interface CaptureIdentity {
  operator: string;
  tool: { name: string; version: string };
  /** The proxy as recorded (no password), or null. */
  proxy: string | null;
  /** The proxy to hand to yt-dlp, password included: never recorded. */
  proxyUrl?: string | null;
  /** The private-address rule every request of the page is held to (none: the caller judged the page alone). */
  requestPolicy?: RequestPolicy;
}

/** What one page's capture produced, before anything is stored. */
export interface CapturedPage {
  kind: 'page';
  requestedUrl: string;
  finalUrl: string;
  title: string | null;
  redirects: { url: string; status: number; location: string | null }[];
  status: number | null;
  statusText: string | null;
  responseHeaders: [string, string][];
  serverIp: string | null;
  serverPort: number | null;
  tls: TlsDetails | null;
  startedAt: string;
  endedAt: string;
  browser: { name: string; version: string };
  userAgent: string;
  viewport: { width: number; height: number };
  loadState: 'load' | 'timeout';
  scroll: ScrollStop;
  /** Set when the page fit the viewport (its size here) and was not scrolled, so the viewport shot is the full one too. */
  fullScreenshotIsViewport: { width: number; height: number } | null;
  /** The "more replies" / "see more" controls clicked before the screenshots, and what stopped it. */
  expansion: ExpansionRecord;
  flags: string[];
  dialogs: { type: string; message: string }[];
  popups: string[];
  /** Requests of the page refused by the private-address rule (see request-guard.ts). */
  refusedRequests: { url: string; reason: string }[];
  requests: number;
  warcRecords: number;
  artifacts: { screenshotFull: Buffer; screenshotViewport: Buffer; dom: Buffer; mhtml: Buffer | null; wacz: WrittenFile };
  /** The WebM of the page as the browser painted it while loading, expanding and scrolling (when asked for), in the stream workspace. */
  screenRecording: ScreenRecording | null;
  post: Post;
  media: MediaOutcome;
  /** Videos saved from streams, as files in a temporary folder: `dispose()` once they are stored. */
  /** `ytDlpSkipped`: why yt-dlp was not run on a platform's post (no sign of a video on it). */
  videos: { files: CapturedVideo[]; failed: { url: string; reason: string }[]; ytDlp: YtDlpRecord | null; ytDlpSkipped: string | null; notes: string[]; dispose(): Promise<void> };
  notes: string[];
}

/** Page-level events a capture reports while it runs ('phase': how long each step took, for bench:capture's trace). */
export type PageCaptureEvent = { type: 'navigated'; url: string; status: number | null } | { type: 'artifact'; role: string; bytes: number } | { type: 'phase'; phase: string; ms: number };

/** Reports each phase's duration as it ends: `phase(name)` closes the phase that started at the previous call. */
export function phaseTimer(onEvent: (event: { type: 'phase'; phase: string; ms: number }) => void): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    onEvent({ type: 'phase', phase, ms: now - last });
    last = now;
  };
}

/**
 * A page the browser is done with (the page is closed; its context may be too): what a run
 * decides on before keeping it, and `finish()`, the work that needs no browser (yt-dlp, which
 * fetches the post itself, and the WACZ), so a run can do it while its next page loads.
 */
export interface BrowsedPage {
  kind: 'browsed';
  requestedUrl: string;
  finalUrl: string;
  status: number | null;
  redirects: CapturedPage['redirects'];
  responseHeaders: [string, string][];
  /** The complete capture. Called once; on failure the stream workspace is removed. */
  finish(): Promise<CapturedPage>;
  /** Removes the stream workspace of a page that will not be finished (a 429 to retry, a refused redirect). */
  dispose(): Promise<void>;
}

/**
 * Captures one URL in a browser context (a fresh headless one, or the desktop app's visible,
 * logged-in one): navigates, scrolls, takes screenshots, DOM, MHTML and every request and
 * response as a WACZ, reads the post, detects walls and fetches the page's media. Throws
 * CaptureFailure when there is no page to capture.
 */
export async function capturePage(context: BrowserContext, url: string, limits: CaptureLimits, identity: CaptureIdentity, onEvent: (event: PageCaptureEvent) => void = () => undefined): Promise<CapturedPage | CapturedDownload> {
  const browsed = await browsePage(context, url, limits, identity, onEvent);
  return browsed.kind === 'browsed' ? browsed.finish() : browsed;
}

/**
 * `capturePage` up to where the browser is no longer needed: the page is closed when this
 * resolves, and `finish()` completes the capture. The capture's time limit covers both.
 */
export async function browsePage(context: BrowserContext, url: string, limits: CaptureLimits, identity: CaptureIdentity, onEvent: (event: PageCaptureEvent) => void = () => undefined): Promise<BrowsedPage | CapturedDownload> {
  const phase = phaseTimer(onEvent);
  // Saving streams has its own time limit, on top of the page's.
  const allowedMs = limits.totalTimeoutMs + limits.video.timeoutMs;
  const deadline = Date.now() + allowedMs;
  const inTime = <T>(work: Promise<T>) => withinDeadline(work, deadline, () => new CaptureFailure(`${url}: capture took longer than ${Math.round(allowedMs / 1000)} s and was abandoned`, true, 'total-timeout'));
  const page = await context.newPage();
  phase('new-page');
  try {
    const browsed = await inTime(withStreams(page, limits, (streams) => runCapture(context, page, url, limits, identity, onEvent, streams, phase)));
    if (browsed.kind === 'download') return browsed;
    return { ...browsed, finish: () => inTime(browsed.finish()).catch(async (error: unknown) => {
      await browsed.dispose();
      throw error;
    }) };
  } finally {
    await page.close().catch(() => undefined);
    phase('close-page');
  }
}

/** The work, or the error `late()` makes once the deadline passes (the work itself is left to settle). */
async function withinDeadline<T>(work: Promise<T>, deadline: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late()), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

type StreamHooks = { dir: string; mediaSource: MediaSourceRecorder; dispose(): Promise<void> };

/** A workspace for stream files and a MediaSource recorder attached before navigation; removed unless a captured page takes them. */
async function withStreams(page: Page, limits: CaptureLimits, run: (streams: StreamHooks) => Promise<BrowsedPage | CapturedDownload>) {
  const workspace = await makeStreamWorkspace();
  let kept = false;
  try {
    const mediaSource = await MediaSourceRecorder.attach(page, workspace.dir, limits.video.maxBytes);
    const captured = await run({ ...workspace, mediaSource });
    kept = captured.kind === 'browsed';
    return captured;
  } finally {
    if (!kept) await workspace.dispose();
  }
}

async function runCapture(context: BrowserContext, page: Page, url: string, limits: CaptureLimits, identity: CaptureIdentity, onEvent: (event: PageCaptureEvent) => void, streams: StreamHooks, phase: (name: string) => void): Promise<BrowsedPage | CapturedDownload> {
  await page.setViewportSize(limits.viewport);
  const recorder = new NetworkRecorder(page, { maxBodyBytes: limits.maxResourceBytes });
  const watched = watchPage(page);
  phase('set-up');
  const guard: RefusedRequests = identity.requestPolicy ? await guardRequests(context, page, identity.requestPolicy) : unguarded();
  const startedAt = new Date();
  const navigation = await navigate(page, url, limits, () => watched.download, guard);
  if ('download' in navigation) return captureDownload(context, navigation.download, url, startedAt, limits.maxResourceBytes);
  const { response } = navigation;
  phase('navigate');
  const status = response?.status() ?? null;
  onEvent({ type: 'navigated', url: page.url(), status });
  const notes: string[] = [];
  const screen = limits.recordScreen ? await startScreenRecording(context, page, streams.dir, notes) : null;
  const shots = await loadScrollAndShoot(page, recorder, limits, onEvent, phase);
  const screenRecording = screen ? await screen.stop().catch((error: unknown) => {
    notes.push(`screen recording failed: ${errorMessage(error)}`);
    return null;
  }) : null;
  const read = await readRenderedPage(context, page, status, notes);
  phase('read-page');
  // The User-Agent the browser actually sent; the page's own `navigator` could be made to say anything.
  const userAgent = (await response?.request().headerValue('user-agent').catch(() => null)) ?? read.userAgent;
  const exchanges = await recorder.stop();
  phase('network-record');
  const post = extractPost(read.html, read.finalUrl, read.frames);
  phase('post');
  const endedAt = new Date();
  const browser = { name: 'Chromium', version: context.browser()?.version() ?? 'unknown' };
  const sorted = sortCandidates([...read.domMedia, ...post.mediaUrls.map((u) => ({ url: u, via: 'post-meta' as const })), ...networkMediaCandidates(exchanges)]);
  // The WARC goes to disk as it is made: the page's exchanges now, each media and stream request as it completes.
  const software = `${identity.tool.name} ${identity.tool.version}`;
  const warcName = `capture-${cdxTimestamp(startedAt)}.warc`;
  const warc = await WarcFile.create(join(streams.dir, warcName), warcInfo(identity, software, browser, userAgent), warcName, startedAt);
  try {
    for (const exchange of exchanges) await warc.writer.add(exchange);
    const media = await fetchMedia(context, sorted.downloadable, exchanges, limits.media, { dir: streams.dir, record: (e) => warc.writer.add(e) }, guard.allows);
    phase('media-fetch');
    media.streaming.unshift(...sorted.streaming);
    const pageRequests = exchanges.length + media.requests;
    const videos = await captureStreams(context, exchanges, media.streaming, streams.mediaSource, limits.video, streams.dir, Math.max(0, limits.media.maxCount - media.media.length), (e) => warc.writer.add(e), guard.allows);
    phase('streams');
    // yt-dlp runs where the page played or named a video, and on a platform's post where it may
    // hold one (see video-signs.ts); a post it is not run on says why in the record.
    const forPost = post.platform === null ? null : ytDlpForPost(post.platform, videoSign(read.html, read.frames, exchanges));
    const playsVideo = forPost?.run === true || videos.videos.length > 0 || media.streaming.length > 0 || media.media.some((m) => m.kind === 'video');
    const ytDlpSkipped = !playsVideo && forPost?.run === false ? forPost.skipped : null;
    // yt-dlp runs in finish(), after the page is closed; what it needs of the browser is read now.
    const forYtDlp = playsVideo ? await ytDlpInputs(page, context) : null;
    const main = response ? await mainResponseDetails(response) : null;
    const statusText = response?.statusText() ?? null;
    const flags: string[] = [...read.walls];
    if (guard.refused.length > 0) flags.push('private-requests-refused');
    if (shots.loadState === 'timeout') flags.push('timeout');
    if (status !== null && status >= 400) flags.push('http-error');
    if (media.streaming.length > 0) flags.push('streaming-media');
    const finish = async (): Promise<CapturedPage> => {
      phase('waiting-to-finish');
      try {
        return await finishPage();
      } catch (error) {
        await warc.abort();
        throw error;
      }
    };
    const finishPage = async (): Promise<CapturedPage> => {
      const ytDlp = forYtDlp ? await ytDlpForPage(forYtDlp, read.finalUrl, streams.dir, { identity, userAgent, limits: limits.video, allows: identity.requestPolicy && !identity.requestPolicy.allowPrivate ? guard.allows : null }) : null;
      phase('yt-dlp');
      // yt-dlp's requests are held to the page's rule: its refusals are the page's too.
      if (guard.refused.length > 0 && !flags.includes('private-requests-refused')) flags.push('private-requests-refused');
      if (ytDlp?.video) videos.videos.push(ytDlp.video);
      notes.push(...videos.notes, ...(ytDlp?.notes ?? []));
      const wacz = await archive(warc, warcName, streams.dir, { finalUrl: read.finalUrl, title: read.title, startedAt, software });
      onEvent({ type: 'artifact', role: 'wacz', bytes: wacz.file.size });
      phase('wacz');
      return {
        kind: 'page', requestedUrl: url, finalUrl: read.finalUrl, title: read.title, redirects: main?.redirects ?? [], status, statusText,
        responseHeaders: main?.headers ?? [], serverIp: main?.serverIp ?? null, serverPort: main?.serverPort ?? null, tls: main?.tls ?? null,
        startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), browser, userAgent, viewport: limits.viewport,
        loadState: shots.loadState, scroll: shots.scroll, fullScreenshotIsViewport: shots.fullIsViewport, expansion: shots.expansion, flags, dialogs: watched.dialogs, popups: watched.popups, refusedRequests: guard.refused,
        requests: pageRequests + videos.requests, warcRecords: wacz.records,
        artifacts: { screenshotFull: shots.full, screenshotViewport: shots.viewport, dom: Buffer.from(read.html, 'utf8'), mhtml: read.mhtml, wacz: wacz.file },
        screenRecording, post, media, videos: { files: videos.videos, failed: videos.failed, ytDlp: ytDlp?.record ?? null, ytDlpSkipped, notes: ytDlp?.notes ?? [], dispose: streams.dispose }, notes,
      };
    };
    return { kind: 'browsed', requestedUrl: url, finalUrl: read.finalUrl, status, redirects: main?.redirects ?? [], responseHeaders: main?.headers ?? [], finish, dispose: async () => {
      await warc.abort();
      await streams.dispose();
    } };
  } catch (error) {
    await warc.abort();
    throw error;
  }
}

/** Starts the screen recording, or says in the notes why there is none (the capture goes on without it). */
async function startScreenRecording(context: BrowserContext, page: Page, dir: string, notes: string[]): Promise<ScreenRecorder | null> {
  try {
    const screen = await ScreenRecorder.start(context, page, dir);
    page.once('close', () => screen.abandon());
    return screen;
  } catch (error) {
    notes.push(`screen recording failed: ${errorMessage(error)}`);
    return null;
  }
}

/** Dialogs (dismissed: they would block the page forever), pop-ups (closed) and downloads, as they happen. */
function watchPage(page: Page): { dialogs: CapturedPage['dialogs']; popups: string[]; download: Download | null } {
  const watched: { dialogs: CapturedPage['dialogs']; popups: string[]; download: Download | null } = { dialogs: [], popups: [], download: null };
  page.on('dialog', (dialog) => {
    watched.dialogs.push({ type: dialog.type(), message: dialog.message().slice(0, 2000) });
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('popup', (popup) => {
    void popup.waitForLoadState('domcontentloaded', { timeout: 2000 }).catch(() => undefined).then(() => {
      watched.popups.push(popup.url());
      return popup.close();
    }).catch(() => undefined);
  });
  page.on('download', (download) => (watched.download = download));
  return watched;
}

async function navigate(page: Page, url: string, limits: CaptureLimits, download: () => Download | null, guard: RefusedRequests): Promise<{ response: Response | null } | { download: Download }> {
  try {
    return { response: await page.goto(url, { waitUntil: 'commit', timeout: limits.navigationTimeoutMs }) };
  } catch (error) {
    let started = download();
    if (started === null && /Download is starting/.test(errorMessage(error))) {
      // The download event may arrive just after the navigation gives up.
      started = await page.waitForEvent('download', { timeout: 5000 }).catch(() => null);
    }
    if (started) return { download: started };
    if (guard.mainRedirect) {
      throw new CaptureFailure(`${url} redirected to ${guard.mainRedirect.to}: Refusing ${JSON.stringify(guard.mainRedirect.to)}: it is a loopback or private-network address; pass --allow-private to capture it anyway`, false, 'private-redirect');
    }
    throw navigationFailure(url, error as Error, limits.navigationTimeoutMs);
  }
}

async function mainResponseDetails(response: Response) {
  const redirects: CapturedPage['redirects'] = [];
  for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
    const hop = await request.response();
    redirects.unshift({ url: request.url(), status: hop?.status() ?? 0, location: (await hop?.headerValue('location')) ?? null });
  }
  const [headers, server, security] = await Promise.all([
    response.headersArray(), response.serverAddr().catch(() => null), response.securityDetails().catch(() => null),
  ]);
  const time = (s?: number) => (s ? new Date(s * 1000).toISOString() : null);
  return {
    redirects,
    headers: headers.map((h) => [h.name, h.value] as [string, string]),
    serverIp: server?.ipAddress ?? null,
    serverPort: server?.port ?? null,
    tls: security && (security.protocol || security.subjectName) ? { protocol: security.protocol ?? null, subject: security.subjectName ?? null, issuer: security.issuer ?? null, validFrom: time(security.validFrom), validTo: time(security.validTo) } : null,
  };
}

/** The WARC's `warcinfo` fields: who captured, with what browser and User-Agent, through which proxy. */
function warcInfo(identity: CaptureIdentity, software: string, browser: { name: string; version: string }, userAgent: string): WarcInfo {
  return {
    software, operator: identity.operator,
    extra: { browser: `${browser.name} ${browser.version}`, 'http-header-user-agent': userAgent, ...(identity.proxy ? { proxy: identity.proxy } : {}) },
  };
}

/** Closes the WARC and packs it into the page's WACZ, a file in the workspace (the WARC file is removed once it is in). */
async function archive(warc: WarcFile, warcName: string, dir: string, page: { finalUrl: string; title: string | null; startedAt: Date; software: string }) {
  const written = await warc.finish();
  const file = await writeWacz({
    warc: written, warcName, cdx: warc.writer.cdx, pages: [{ url: page.finalUrl, ts: page.startedAt.toISOString(), title: page.title }],
    title: page.title ?? page.finalUrl, software: page.software, created: new Date(),
  }, join(dir, warcName.replace(/\.warc$/, '.wacz')));
  await rm(written.path, { force: true });
  return { file, records: warc.writer.records };
}
