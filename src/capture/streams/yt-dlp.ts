import { accessSync, constants, statSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import type { Cookie } from 'playwright-core';
import type { AddressCheck } from '../guarded-request.js';
import { startGuardProxy } from './guard-proxy.js';
import { findMediaTool, runTool } from '../../media/media-tools.js';
import type { CapturedVideo } from './capture-streams.js';
import { firstLine } from './stream-plan.js';

/** yt-dlp as found: `GOLDENHOUR_YTDLP`, else the first `yt-dlp` on PATH. */
export interface YtDlpTool {
  path: string;
  from: 'environment' | 'PATH';
}

/** What the capture record keeps of a yt-dlp run (the proxy without its password, the cookie file by name). */
export interface YtDlpRecord {
  path: string;
  version: string;
  command: string[];
  extractor: string | null;
  error: string | null;
  /**
   * Set when private addresses were not allowed: yt-dlp's requests went through Golden Hour's
   * guard on loopback (the `--proxy` in `command`), which refused private addresses and sent the
   * rest on through `upstream` (the investigator's proxy, without its password) or straight out.
   */
  privateAddressGuard?: { upstream: string | null };
}

export const YTDLP_MISSING_NOTE = 'yt-dlp was not found (set GOLDENHOUR_YTDLP or put yt-dlp on PATH): videos were saved from what the pages played only';

/**
 * Finds yt-dlp like the browser is found: an explicit path first, then PATH; null when there is
 * none. `GOLDENHOUR_YTDLP=off` turns it off.
 */
export function findYtDlp(env: NodeJS.ProcessEnv = process.env): YtDlpTool | 'off' | null {
  const explicit = env.GOLDENHOUR_YTDLP;
  if (explicit === 'off') return 'off';
  if (explicit) return executable(explicit) ? { path: explicit, from: 'environment' } : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = dir && join(dir, process.platform === 'win32' ? 'yt-dlp.exe' : 'yt-dlp');
    if (candidate && executable(candidate)) return { path: candidate, from: 'PATH' };
  }
  return null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Cookies in the Netscape format yt-dlp reads (`--cookies`). */
export function netscapeCookies(cookies: Cookie[]): string {
  const lines = ['# Netscape HTTP Cookie File', '# The capture browser context\'s cookies, for yt-dlp'];
  for (const c of cookies) {
    const domain = `${c.httpOnly ? '#HttpOnly_' : ''}${c.domain}`;
    lines.push([domain, c.domain.startsWith('.') ? 'TRUE' : 'FALSE', c.path, c.secure ? 'TRUE' : 'FALSE', String(Math.max(0, Math.round(c.expires))), c.name, c.value].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** The page's video elements' longest duration: what the page played, to compare with yt-dlp's file. */
export const pageVideoDurationScript = `Math.max(0, ...Array.from(document.querySelectorAll('video')).map((v) => v.duration).filter((d) => Number.isFinite(d)))`;

export interface YtDlpRun {
  url: string;
  dir: string;
  /** The capture context's cookies, read before it closed. */
  cookies: Cookie[];
  /** The proxy to use (with any password) and as recorded (without). */
  proxy: { url: string; recorded: string } | null;
  userAgent: string;
  maxBytes: number;
  timeoutMs: number;
  /** What the page played, in seconds (null when it played nothing measurable). */
  pageDurationS: number | null;
  /** The capture's private-address rule (null when private addresses are allowed): yt-dlp's requests are held to it. */
  allows: AddressCheck | null;
}

/**
 * Runs yt-dlp on a post's address with the capture's proxy and cookies and the browser's user
 * agent, into the capture's workspace. Its file becomes a child video flagged `yt-dlp`, its
 * duration compared with the page's; a failure is recorded, never fatal to the capture.
 */
export async function captureWithYtDlp(tool: YtDlpTool, run: YtDlpRun): Promise<{ record: YtDlpRecord; video: CapturedVideo | null; notes: string[] }> {
  const version = await ytDlpVersion(tool.path);
  const cookieFile = join(run.dir, 'yt-dlp-cookies.txt');
  await writeFile(cookieFile, netscapeCookies(run.cookies), { mode: 0o600 });
  const outDir = join(run.dir, 'yt-dlp');
  const ffmpeg = findMediaTool('ffmpeg');
  // yt-dlp follows links and redirects of its own, which no page route sees: with private
  // addresses refused, it reaches the network only through the guard, which holds it to the rule.
  const guard = run.allows ? await startGuardProxy(run.allows, run.proxy?.url ?? null) : null;
  const proxyArg = guard?.url ?? run.proxy?.url ?? null;
  const args = [
    '--no-config', '--no-playlist', '--no-progress', '--no-mtime', '--no-cache-dir', '--no-part',
    '--max-filesize', String(run.maxBytes), '--socket-timeout', '30', '--user-agent', run.userAgent, '--cookies', cookieFile,
    ...(proxyArg ? ['--proxy', proxyArg] : []), ...(ffmpeg ? ['--ffmpeg-location', ffmpeg.path] : []),
    '-o', join(outDir, 'yt-dlp.%(ext)s'), '--print', 'after_move:%(extractor)s', run.url,
  ];
  // As recorded: the proxy without its password, the workspace files by name.
  const command = ['yt-dlp', ...args.map((a) => (run.proxy && a === run.proxy.url ? run.proxy.recorded : a.startsWith(run.dir) ? basename(a) : a))];
  const record: YtDlpRecord = { path: tool.path, version, command, extractor: null, error: null, ...(guard ? { privateAddressGuard: { upstream: run.proxy?.recorded ?? null } } : {}) };
  try {
    const printed = (await runTool(tool.path, args, { timeoutMs: run.timeoutMs })).toString().trim().split('\n');
    record.extractor = printed.at(-1) || null;
  } catch (error) {
    record.error = firstLine(error);
    return { record, video: null, notes: [`yt-dlp saved nothing for ${run.url}: ${record.error}`] };
  } finally {
    await guard?.close();
  }
  const files = (await readdir(outDir).catch(() => [] as string[])).filter((f) => f.startsWith('yt-dlp.'));
  if (files.length !== 1) {
    record.error = `expected one file from yt-dlp, found ${files.length}`;
    return { record, video: null, notes: [`yt-dlp saved nothing usable for ${run.url}: ${record.error}`] };
  }
  const path = join(outDir, files[0]!);
  const durationS = await probeDuration(path);
  const differenceS = durationS !== null && run.pageDurationS ? Number(Math.abs(durationS - run.pageDurationS).toFixed(3)) : null;
  const notes = differenceS !== null && differenceS > 1
    ? [`yt-dlp's video of ${run.url} lasts ${durationS!.toFixed(1)} s, the page played ${run.pageDurationS!.toFixed(1)} s (${differenceS.toFixed(1)} s apart)`]
    : [];
  const extension = files[0]!.split('.').pop() ?? 'mp4';
  return {
    record, notes,
    video: {
      path, name: 'yt-dlp', mediaType: extension === 'webm' ? 'video/webm' : extension === 'mkv' ? 'video/x-matroska' : 'video/mp4', url: null,
      flags: ['yt-dlp', ...(notes.length > 0 ? ['duration-mismatch'] : [])],
      origin: { via: 'yt-dlp', version, command, extractor: record.extractor, durationS, pageDurationS: run.pageDurationS, differenceS },
    },
  };
}

/** `yt-dlp --version`, asked once per executable file (a Python start-up costs most of a second): asked again if the file at that path changes. */
const versions = new Map<string, { file: string; version: Promise<string> }>();

export function ytDlpVersion(path: string): Promise<string> {
  const stat = (() => {
    try {
      const s = statSync(path);
      return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return null;
    }
  })();
  const known = versions.get(path);
  if (stat !== null && known?.file === stat) return known.version;
  const version = runTool(path, ['--version'], { timeoutMs: 30_000 }).then((out) => out.toString().trim(), () => 'unknown');
  // An executable that could not be read or answered nothing is asked again next time.
  if (stat !== null) versions.set(path, { file: stat, version: version.then((v) => (v === 'unknown' ? (versions.delete(path), v) : v)) });
  return version;
}

async function probeDuration(path: string): Promise<number | null> {
  const ffprobe = findMediaTool('ffprobe');
  if (!ffprobe) return null;
  const out = await runTool(ffprobe.path, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { timeoutMs: 30_000 }).catch(() => null);
  const value = Number(out?.toString().trim());
  return Number.isFinite(value) && value > 0 ? value : null;
}
