import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMediaTool } from '../../src/media/media-tools.js';

/** The fixture clip the streams are made from: 6 s, 640x360 at 25 fps (150 frames), H.264 + AAC. */
export const STREAM_CLIP = fileURLToPath(new URL('../fixtures/streams/clip-6s.mp4', import.meta.url));
const PAGES = fileURLToPath(new URL('../fixtures/streams/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

const vendor: Record<string, string> = {
  '/vendor/hls.js': join(NODE_MODULES, 'hls.js/dist/hls.min.js'),
  '/vendor/dash.js': join(NODE_MODULES, 'dashjs/dist/modern/umd/dash.all.min.js'),
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.m3u8': 'application/vnd.apple.mpegurl', '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t', '.mp4': 'video/mp4', '.m4s': 'video/iso.segment', '.bin': 'application/octet-stream',
};

function ffmpeg(args: string[]): void {
  const tool = findMediaTool('ffmpeg');
  if (!tool) throw new Error('ffmpeg not found for the stream tests (the @ffmpeg-installer/ffmpeg package ships it)');
  execFileSync(tool.path, ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The top-level boxes of an MP4 file: type, offset, size. */
export function mp4Boxes(file: Buffer): { type: string; offset: number; size: number }[] {
  const boxes: { type: string; offset: number; size: number }[] = [];
  for (let at = 0; at + 8 <= file.length;) {
    const size = file.readUInt32BE(at);
    boxes.push({ type: file.toString('latin1', at + 4, at + 8), offset: at, size });
    if (size < 8) break;
    at += size;
  }
  return boxes;
}

/** The 16-byte AES-128 key of the encrypted stream (served only to a client holding the page's cookie). */
export const STREAM_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

/**
 * Makes every stream of the tests from the fixture clip with ffmpeg, in `dir`: plain HLS,
 * HLS with a master playlist (two video renditions) and a separate audio rendition, AES-128
 * HLS, byte-range HLS, DASH with SegmentTemplate, DASH with SegmentBase, and the fragmented
 * MP4 files a hand-written MediaSource player fetches by byte range.
 */
export function makeStreams(dir: string): void {
  const hls = (out: string, input: string[], extra: string[] = []) => {
    mkdirSync(join(dir, out, '..'), { recursive: true });
    ffmpeg(['-i', STREAM_CLIP, ...input, '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', ...extra, join(dir, out)]);
  };
  mkdirSync(dir, { recursive: true });
  copyFileSync(STREAM_CLIP, join(dir, 'clip.mp4'));
  hls('plain/index.m3u8', ['-c', 'copy']);
  hls('master/hi/index.m3u8', ['-map', '0:v', '-c', 'copy']);
  hls('master/lo/index.m3u8', ['-map', '0:v', '-vf', 'scale=320:180', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-b:v', '100k']);
  hls('master/audio/index.m3u8', ['-map', '0:a', '-c', 'copy']);
  writeFileSync(join(dir, 'master/master.m3u8'), [
    '#EXTM3U',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="audio/index.m3u8"',
    '#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180,AUDIO="aud"', 'lo/index.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=640x360,AUDIO="aud"', 'hi/index.m3u8', '',
  ].join('\n'));
  mkdirSync(join(dir, 'aes'), { recursive: true });
  writeFileSync(join(dir, 'aes/key.bin'), STREAM_KEY);
  // No IV line: each segment's IV is its sequence number, as RFC 8216 says.
  writeFileSync(join(dir, 'aes/keyinfo'), `key.bin\n${join(dir, 'aes/key.bin')}\n`);
  hls('aes/index.m3u8', ['-c', 'copy'], ['-hls_key_info_file', join(dir, 'aes/keyinfo')]);
  hls('byterange/index.m3u8', ['-c', 'copy'], ['-hls_flags', 'single_file']);
  // 30 s of continuous 2 s segments (the clip five times), which the live playlist hands out as it grows.
  mkdirSync(join(dir, 'live-src'), { recursive: true });
  ffmpeg(['-stream_loop', '4', '-i', STREAM_CLIP, '-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', join(dir, 'live-src/index.m3u8')]);
  mkdirSync(join(dir, 'dash'), { recursive: true });
  ffmpeg(['-i', STREAM_CLIP, '-map', '0:v', '-map', '0:a', '-c', 'copy', '-f', 'dash', '-seg_duration', '2', '-adaptation_sets', 'id=0,streams=v id=1,streams=a', join(dir, 'dash/manifest.mpd')]);
  makeFragmented(dir, 'dash-base');
  writeSegmentBaseManifest(dir);
  makeFragmented(dir, 'mse');
}

/** Video-only and audio-only fragmented MP4 files with a global sidx (as SegmentBase DASH and byte-range players use). */
function makeFragmented(dir: string, out: string): void {
  mkdirSync(join(dir, out), { recursive: true });
  const flags = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof+global_sidx'];
  ffmpeg(['-i', STREAM_CLIP, '-map', '0:v', '-c', 'copy', ...flags, join(dir, out, 'video.mp4')]);
  ffmpeg(['-i', STREAM_CLIP, '-map', '0:a', '-c', 'copy', '-frag_duration', '1000000', ...flags, join(dir, out, 'audio.mp4')]);
}

function writeSegmentBaseManifest(dir: string): void {
  const ranges = (name: string) => {
    const boxes = mp4Boxes(readFileSync(join(dir, 'dash-base', name)));
    const sidx = boxes.find((b) => b.type === 'sidx')!;
    return { init: `0-${sidx.offset - 1}`, index: `${sidx.offset}-${sidx.offset + sidx.size - 1}` };
  };
  const v = ranges('video.mp4');
  const a = ranges('audio.mp4');
  writeFileSync(join(dir, 'dash-base/manifest.mpd'), `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011" type="static" mediaPresentationDuration="PT6.0S" minBufferTime="PT2.0S">
  <Period id="0" start="PT0.0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true">
      <Representation id="v0" codecs="avc1.64001e" bandwidth="400000" width="640" height="360">
        <BaseURL>video.mp4</BaseURL>
        <SegmentBase indexRange="${v.index}"><Initialization range="${v.init}"/></SegmentBase>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en">
      <Representation id="a0" codecs="mp4a.40.2" bandwidth="64000" audioSamplingRate="44100">
        <BaseURL>audio.mp4</BaseURL>
        <SegmentBase indexRange="${a.index}"><Initialization range="${a.init}"/></SegmentBase>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`);
}

/** The stream site: pages with real players, vendor scripts from node_modules, and the streams with Range support. */
export interface StreamSite {
  origin: string;
  url(path: string): string;
  hits: Map<string, number>;
  /** Each request's path, cookie and user agent, in order. */
  requests: { path: string; cookie: string | null; userAgent: string | null }[];
  close(): Promise<void>;
}

/** Serves `dir` (made by makeStreams) under /s/, the player pages under /, the players under /vendor/. */
export async function startStreamSite(dir: string): Promise<StreamSite> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const requests: StreamSite['requests'] = [];
  liveStartedAt = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    requests.push({ path: url.pathname, cookie: req.headers.cookie ?? null, userAgent: req.headers['user-agent'] ?? null });
    if (vendor[url.pathname]) return serve(res, vendor[url.pathname]!, req.headers.range);
    if (url.pathname === '/s/aes/key.bin' && !/\bviewer=1\b/.test(req.headers.cookie ?? '')) return void res.writeHead(403).end('no session');
    if (streamRoutes.some((route) => route(url.pathname, res, dir, req.headers.range))) return undefined;
    if (url.pathname.startsWith('/s/')) return serveUnder(res, dir, url.pathname.slice(3), req.headers.range);
    const headers: Record<string, string> = url.pathname.endsWith('.html') ? { 'set-cookie': 'viewer=1; Path=/' } : {};
    return serveUnder(res, PAGES, url.pathname.slice(1), req.headers.range, headers);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin, hits, requests, url: (path) => `${origin}${path}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

type StreamRoute = (path: string, res: ServerResponse, dir: string, range: string | undefined) => boolean;

let liveStartedAt = 0;

/**
 * /s/live/index.m3u8: a live playlist (no EXT-X-ENDLIST) that gains a 2 s segment every second
 * (up to the 15 segments of live-src/), in a sliding window of three.
 * /s/stall/index.m3u8: the plain stream, whose segments after the first never answer.
 */
const streamRoutes: StreamRoute[] = [
  (path, res) => {
    if (path !== '/s/live/index.m3u8') return false;
    liveStartedAt ||= Date.now();
    const newest = Math.min(14, Math.floor((Date.now() - liveStartedAt) / 1000) + 2);
    const first = Math.max(0, newest - 2);
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
    for (let n = first; n <= newest; n += 1) lines.push('#EXTINF:2.000000,', `seg-${n}.ts`);
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store' }).end(`${lines.join('\n')}\n`);
    return true;
  },
  (path, res, dir, range) => {
    const live = /^\/s\/live\/seg-(\d+)\.ts$/.exec(path);
    if (!live) return false;
    serve(res, join(dir, `live-src/index${live[1]}.ts`), range);
    return true;
  },
  (path, res, dir, range) => {
    if (path === '/s/stall/index.m3u8') serve(res, join(dir, 'plain/index.m3u8'), range);
    else if (path === '/s/stall/index0.ts') serve(res, join(dir, 'plain/index0.ts'), range);
    else if (path.startsWith('/s/stall/')) res.writeHead(200, { 'content-type': 'video/mp2t' }).write(Buffer.from([0x47]));
    else return false;
    return true;
  },
];

function serveUnder(res: ServerResponse, root: string, relative: string, range: string | undefined, headers: Record<string, string> = {}): void {
  const path = normalize(join(root, decodeURIComponent(relative)));
  if (!path.startsWith(root)) return void res.writeHead(403).end();
  serve(res, path, range, headers);
}

function serve(res: ServerResponse, path: string, range: string | undefined, headers: Record<string, string> = {}): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  const base = { ...headers, 'content-type': types[extname(path)] ?? 'application/octet-stream', 'accept-ranges': 'bytes', 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  const body = readFileSync(path);
  const asked = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
  if (asked) {
    const start = Number(asked[1]);
    const end = Math.min(asked[2] ? Number(asked[2]) : size - 1, size - 1);
    if (start >= size || end < start) return void res.writeHead(416, { ...base, 'content-range': `bytes */${size}` }).end();
    res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
    return void res.end(body.subarray(start, end + 1));
  }
  res.writeHead(200, { ...base, 'content-length': size });
  res.end(body);
}
