import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.js';
import { parseVideoQuality, type VideoQuality } from '../../capture/streams/stream-plan.js';
import { parseProxy } from '../../capture/url-policy.js';
import { MAX_FOLLOW_POSTS } from '../../capture/capture-service.js';
import { describeValue, errorMessage, GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';
import { escapeForTerminal } from '../../util/terminal-text.js';

export interface CaptureOptions extends CommonOptions {
  urlsFile?: string;
  maxScrollHeight?: string;
  maxScrollSeconds?: string;
  maxMedia?: string;
  maxMediaMb?: string;
  maxVideoSeconds?: string;
  maxVideoMb?: string;
  videoQuality?: string;
  maxExpandClicks?: string;
  maxExpandSeconds?: string;
  recordVideo?: boolean;
  concurrency?: string;
  proxy?: string;
  allowPrivate?: boolean;
  timeout?: string;
  followPosts?: string;
}

/** URLs in a file: one a line; blank lines and lines starting with # are skipped. */
export function readUrlsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GoldenHourError('not-found', `Cannot read --urls-file ${JSON.stringify(path)}: ${errorMessage(error)}`);
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

export function parsePositive(name: string, value: string | undefined, integer: boolean, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw new GoldenHourError('invalid-input', `Expected ${integer ? 'a whole number' : 'a number'} from ${integer ? 1 : 'above 0'} to ${max} for ${name} but received ${describeValue(value)}`);
  }
  return n;
}

function videoQualityText(quality: VideoQuality): string {
  return typeof quality === 'string' ? quality : `${quality.width}x${quality.height}`;
}

/** The outcome for a person: one line per URL (media indented under their page), failures on stderr. */
function printResult(result: ResponseOf<'capture.run'>): void {
  printLines([
    ...result.items.map((item) => item.parentId === null
      ? `captured item ${item.id}  ${item.kind.padEnd(5)}  ${item.sourceUrl ?? ''}${item.flags.length ? `  [${item.flags.join(', ')}]` : ''}`
      : `         item ${item.id}  ${item.kind.padEnd(5)}  ${item.sourceUrl ?? ''} (media of item ${item.parentId})`),
    ...result.alreadyCaptured.map((entry) => `present  item ${entry.itemId}  ${entry.url}`),
    ...result.notes.map((note) => `note     ${note}`),
    `${result.items.filter((item) => item.parentId === null).length} URLs captured, ${result.alreadyCaptured.length} already captured, ${result.errors.length} failed`,
  ]);
  for (const failure of result.errors) process.stderr.write(`failed: ${escapeForTerminal(failure.url)}: ${escapeForTerminal(failure.error)}\n`);
  // On a team server (the app says this in words): the URLs stay queued for a worker.
  if (result.waitingForWorkers) process.stderr.write('no capture worker is connected to the server; start one with goldenhour worker --server URL --token TOKEN (a token from goldenhour server worker-token --db URL); the URLs stay queued until one connects\n');
}

/** The run settings from the capture flags (shared with `watch`), each checked with a message naming the flag. */
export function runSettings(options: CaptureOptions) {
  const maxMediaMb = parsePositive('--max-media-mb', options.maxMediaMb, false, 100_000);
  const maxVideoMb = parsePositive('--max-video-mb', options.maxVideoMb, false, 100_000);
  return {
    concurrency: parsePositive('--concurrency', options.concurrency, true, 16),
    timeoutSeconds: parsePositive('--timeout', options.timeout, false, 600),
    proxy: options.proxy !== undefined ? parseProxy(options.proxy) : null,
    allowPrivate: options.allowPrivate ?? false,
    limits: {
      scrollMaxHeightPx: parsePositive('--max-scroll-height', options.maxScrollHeight, true, 200_000),
      scrollMaxSeconds: parsePositive('--max-scroll-seconds', options.maxScrollSeconds, false, 600),
      mediaMaxCount: options.maxMedia === '0' ? 0 : parsePositive('--max-media', options.maxMedia, true, 1000),
      mediaMaxBytes: maxMediaMb === undefined ? undefined : Math.round(maxMediaMb * 1024 * 1024),
      videoMaxSeconds: parsePositive('--max-video-seconds', options.maxVideoSeconds, false, 86_400),
      videoMaxBytes: maxVideoMb === undefined ? undefined : Math.round(maxVideoMb * 1024 * 1024),
      videoQuality: options.videoQuality === undefined ? undefined : videoQualityText(parseVideoQuality(options.videoQuality)),
      expandMaxClicks: options.maxExpandClicks === '0' ? 0 : parsePositive('--max-expand-clicks', options.maxExpandClicks, true, 1000),
      expandMaxSeconds: parsePositive('--max-expand-seconds', options.maxExpandSeconds, false, 600),
      recordVideo: options.recordVideo ? true : undefined,
    },
  };
}

/** The options every capturing command takes (capture, watch): proxy, private addresses, timeout and limits. */
export function withCaptureSettingOptions(command: Command): Command {
  return command
    .option('--proxy <url>', 'send all browser traffic through this proxy: http://, https:// or socks5://host:port')
    .option('--allow-private', 'allow loopback and private-network addresses')
    .option('--timeout <seconds>', 'navigation and load timeout per page (default 30)')
    .option('--max-scroll-height <px>', 'stop scrolling endless pages this far down (default 15000)')
    .option('--max-scroll-seconds <s>', 'stop scrolling after this long (default 15)')
    .option('--max-media <n>', 'photos and videos kept per page (default 30)')
    .option('--max-media-mb <mb>', 'megabytes of media kept per page (default 500)')
    .option('--max-video-seconds <s>', 'length kept of each streamed video; longer ones are cut and flagged truncated (default 600)')
    .option('--max-video-mb <mb>', 'megabytes kept of each streamed video (default 500)')
    .option('--video-quality <q>', 'rendition of a stream to save: highest, lowest or WIDTHxHEIGHT (default highest)')
    .option('--max-expand-clicks <n>', "clicks per page on 'more replies', 'view more comments', 'see more' before the screenshots; 0 for none (default 40)")
    .option('--max-expand-seconds <s>', 'time per page spent expanding comment threads (default 15)')
    .option('--record-video', 'keep a WebM screen recording of each page as the browser showed it during the capture');
}

/**
 * `goldenhour capture CASE URL... [--urls-file FILE] [--concurrency N] [--proxy URL]
 * [--allow-private] [--timeout SECONDS]`: exit 1 when some URLs failed (the rest are captured).
 * Run again after an interruption: what is still queued is captured, nothing twice.
 */
export function captureCommand(): Command {
  return withCommonOptions(
    withCaptureSettingOptions(new Command('capture')
      .description('preserve web pages and posts: screenshots, DOM, MHTML, WACZ, capture record, post fields and media')
      .argument('<case>', 'case id')
      .argument('[urls...]', 'http:// or https:// addresses (none: resume what is queued for the case)')
      .option('--urls-file <file>', 'read more URLs from a file, one a line (# comments allowed)')
      .option('--concurrency <n>', 'pages captured at once (default 2)')
      .option('--follow-posts <n>', `when a page captured is a profile, also capture up to this many of the recent posts it lists (1 to ${MAX_FOLLOW_POSTS})`)),
    { operator: true },
  ).action(async (caseArg: string, urlArgs: string[], options: CaptureOptions) => {
    const caseId = parseCaseId(caseArg);
    const urls = [...urlArgs, ...(options.urlsFile ? readUrlsFile(options.urlsFile) : [])];
    const settings = runSettings(options);
    const followPosts = parsePositive('--follow-posts', options.followPosts, true, MAX_FOLLOW_POSTS);
    const result = await withDoor(options, async (api) => {
      // Rows a killed run left 'running' are taken back by the run (when no live process holds them).
      const waiting = async () => (await api.call('capture.queue', { caseId, state: 'queued' })).length + (await api.call('capture.queue', { caseId, state: 'running' })).length;
      if (urls.length === 0 && (await waiting()) === 0) {
        throw new GoldenHourError('invalid-input', 'Expected at least one URL (as arguments or with --urls-file) but received none, and nothing is queued for this case');
      }
      return api.call('capture.run', { caseId, urls, ...settings, followPosts, operator: options.operator }, {
        emit: (event) => {
          if (options.json || event.topic !== 'capture.progress' || !process.stderr.isTTY) return;
          if (event.type === 'started' || event.type === 'done' || event.type === 'failed' || event.type === 'retrying') process.stderr.write(`${String(event.type).padEnd(8)} ${String(event.url)}\n`);
        },
      });
    });
    if (result.items.length === 0 && result.alreadyCaptured.length === 0 && result.errors.length > 0 && result.errors.length === urls.length) {
      // Nothing could even start: every URL was refused. That is an input error.
      if (result.errors.every((e) => /^(Refusing|Expected)/.test(e.error))) throw new GoldenHourError('invalid-input', result.errors.map((e) => e.error).join('\n'));
    }
    if (options.json) printJson({ items: result.items, errors: result.errors, alreadyCaptured: result.alreadyCaptured, notes: result.notes, waitingForWorkers: result.waitingForWorkers });
    else printResult(result);
    if (result.errors.length > 0) process.exitCode = 1;
  });
}
