/**
 * `npm run bench:capture -- --video [--video-seconds N]`: a page with an N-second (60 by default) 720p HLS video (made by ffmpeg from
 * a test pattern, 6 s segments, served on 127.0.0.1), captured by Golden Hour (page, artifacts,
 * the stream saved as a child video), against `ffmpeg -i URL -c copy` of the same stream: time and
 * bytes as ratios, and peak RSS of each (the process and its children; ours also by process:
 * Node, Chromium, ffmpeg), with the load average. Then the same video as one MP4 file (ffmpeg's
 * output) on a page of its own, captured as a single-file video (fetched by byte ranges): its time
 * and Node's peak memory, which should not follow the file's size. Prints figures; not a test.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { CaptureService } from '../src/capture/capture-service.js';
import { openCore } from '../src/core.js';
import { findMediaTool } from '../src/media/media-tools.js';
import { loadavg } from 'node:os';
import { startMemorySampler, type MemoryPeaks } from './rss-sampler.js';

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t', '.mp4': 'video/mp4' };

/** Runs the video benchmark in `root` (a fresh temp folder the caller removes). */
export async function benchVideo(root: string, runs: number, seconds = 60): Promise<void> {
  const ffmpeg = findMediaTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found (the @ffmpeg-installer/ffmpeg package ships it)');
  const site = join(root, 'site');
  mkdirSync(site, { recursive: true });
  console.log(`Making a ${seconds} s 1280x720 30 fps H.264 + AAC HLS stream (6 s segments) with ffmpeg...`);
  await run(ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=duration=${seconds}:size=1280x720:rate=30`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '2500k', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest',
    '-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod', join(site, 'index.m3u8')]);
  // No player script: the page names the stream; Golden Hour fetches every segment itself, as ffmpeg does.
  writeFileSync(join(site, 'video.html'), '<!doctype html><title>720p clip</title><h1>720p clip</h1><video controls src="/index.m3u8" width="1280" height="720"></video>\n');
  // The same video as one file: the page links it, the browser does not load it (preload none), Golden Hour fetches it.
  writeFileSync(join(site, 'file.html'), '<!doctype html><title>720p file</title><h1>720p file</h1><video controls preload="none" src="/file.mp4" width="1280" height="720"></video>\n');
  const server = await serve(site);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GOLDENHOUR_YTDLP = 'off';
  try {
    for (let i = 1; i <= runs; i += 1) {
      const plain = await measure(() => run(ffmpeg.path, ['-v', 'error', '-y', '-i', `${origin}/index.m3u8`, '-c', 'copy', join(root, `ffmpeg-${i}.mp4`)]));
      const plainBytes = statSync(join(root, `ffmpeg-${i}.mp4`)).size;
      const dataDir = join(root, `data-${i}`);
      const core = openCore({ dataDir, operator: 'bench' });
      let ours: { seconds: number; memory: MemoryPeaks };
      let videoBytes = 0;
      let waczBytes = 0;
      try {
        const caseId = (await core.cases.create({ title: 'bench video' }, 'bench')).id;
        ours = await measure(async () => {
          const result = await new CaptureService(core).capture(caseId, [`${origin}/video.html`], { operator: 'bench', allowPrivate: true, hostIntervalMs: 0, timeoutSeconds: 30 });
          if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
          const video = result.items.find((item) => item.flags.includes('stream'));
          if (!video) throw new Error('no stream video was saved');
          videoBytes = video.size;
          waczBytes = result.items.find((item) => item.kind === 'page')!.artifacts.find((a) => a.role === 'wacz')!.size;
        });
      } finally {
        await core.close();
      }
      if (i === 1) copyFileSync(join(root, `ffmpeg-${i}.mp4`), join(site, 'file.mp4'));
      const file = await captureFile(join(root, `file-data-${i}`), origin);
      const m = ours.memory;
      console.log(`run ${i} (${seconds} s video, load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}): ffmpeg -c copy ${plain.seconds.toFixed(1)} s, ${(plainBytes / 2 ** 20).toFixed(1)} MB, peak RSS ${plain.memory.totalMB.toFixed(0)} MB | `
        + `Golden Hour whole capture ${ours.seconds.toFixed(1)} s (${(ours.seconds / plain.seconds).toFixed(2)}x), video ${(videoBytes / 2 ** 20).toFixed(1)} MB (${(videoBytes / plainBytes).toFixed(3)}x bytes), `
        + `WACZ ${(waczBytes / 2 ** 20).toFixed(1)} MB, peak RSS (Node + Chromium + ffmpeg) ${m.totalMB.toFixed(0)} MB: `
        + `Node ${m.nodeMB.toFixed(0)} MB (VmHWM), Chromium ${m.chromiumMB.toFixed(0)} MB RSS summed / ${m.chromiumPssMB.toFixed(0)} MB PSS, ffmpeg ${m.ffmpegMB.toFixed(0)} MB, other ${m.otherMB.toFixed(0)} MB | `
        + `same video as one ${(file.bytes / 2 ** 20).toFixed(1)} MB MP4 file: whole capture ${file.seconds.toFixed(1)} s, Node ${file.memory.nodeMB.toFixed(0)} MB (VmHWM), total ${file.memory.totalMB.toFixed(0)} MB`);
    }
  } finally {
    server.close();
  }
}

/** Captures file.html (one MP4 the page links) into a fresh data folder: time, Node's peak and the stored video's size. */
async function captureFile(dataDir: string, origin: string): Promise<{ seconds: number; memory: MemoryPeaks; bytes: number }> {
  const core = openCore({ dataDir, operator: 'bench' });
  let bytes = 0;
  try {
    const caseId = (await core.cases.create({ title: 'bench video file' }, 'bench')).id;
    const measured = await measure(async () => {
      const result = await new CaptureService(core).capture(caseId, [`${origin}/file.html`], { operator: 'bench', allowPrivate: true, hostIntervalMs: 0, timeoutSeconds: 30 });
      if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
      const video = result.items.find((item) => item.kind === 'video');
      if (!video) throw new Error('the single-file video was not saved');
      bytes = video.size;
    });
    return { ...measured, bytes };
  } finally {
    await core.close();
  }
}

async function measure(task: () => Promise<unknown>): Promise<{ seconds: number; memory: MemoryPeaks }> {
  const sampler = startMemorySampler();
  const started = process.hrtime.bigint();
  try {
    await task();
  } finally {
    sampler.stop();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, memory: sampler.stop() };
}

function run(path: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path} exited ${code}: ${stderr.slice(-500)}`))));
  });
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(dir)) return void res.writeHead(403).end();
    // Read from disk as sent, by Range when asked: the bench process's own memory must not hold the video.
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return void res.writeHead(404).end();
    }
    const headers = { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'accept-ranges': 'bytes' };
    const asked = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = asked ? Number(asked[1]) : 0;
    const end = asked?.[2] ? Math.min(Number(asked[2]), size - 1) : size - 1;
    if (asked && start >= size) return void res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    res.writeHead(asked ? 206 : 200, { ...headers, 'content-length': end - start + 1, ...(asked ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path, { start, end }).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
