import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { findMediaTool, missingToolMessage } from '../media/media-tools.js';
import { errorMessage } from '../util/errors.js';

/** Frames a second of the recording: enough to follow a scroll and a click, light on a busy machine. */
const FPS = 10;
/** A recording stops growing at this length (a capture is bounded long before it). */
const MAX_SECONDS = 600;

/** A finished screen recording: a WebM file in the capture's workspace, and how it was made. */
export interface ScreenRecording {
  path: string;
  bytes: number;
  frames: number;
  durationMs: number;
  /** The encoder's command line (file path reduced to its name). */
  command: string[];
}

/**
 * Records the page as the browser paints it (DevTools `Page.startScreencast`, the frames
 * Chromium composites for the viewport) into a VP8 WebM, streamed to ffmpeg as it arrives:
 * nothing is held whole in memory. Frames are repeated to keep real time between changes (the
 * screencast sends a frame only when something changed). Works in any Chromium context, the
 * desktop app's visible browser included.
 */
export class ScreenRecorder {
  private last: { jpeg: Buffer; at: number } | null = null;
  private written = 0;
  private readonly startedAt = Date.now();
  private failure: string | null = null;
  private readonly exited: Promise<number | null>;
  private readonly stderr: Buffer[] = [];

  private constructor(private readonly session: CDPSession, private readonly ffmpeg: ChildProcess, private readonly path: string, private readonly command: string[]) {
    this.exited = new Promise((resolve) => {
      ffmpeg.on('exit', (code) => resolve(code));
      ffmpeg.on('error', (error) => {
        this.failure = errorMessage(error);
        resolve(null);
      });
    });
    ffmpeg.stdin!.on('error', (error) => (this.failure ??= errorMessage(error)));
    ffmpeg.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk));
  }

  /** Starts recording the page's viewport into `dir`; throws with a plain message when ffmpeg is missing. */
  static async start(context: BrowserContext, page: Page, dir: string): Promise<ScreenRecorder> {
    const tool = findMediaTool('ffmpeg');
    if (!tool) throw new Error(missingToolMessage('ffmpeg'));
    const path = join(dir, 'screen-recording.webm');
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    // Even dimensions (VP8 in yuv420p needs them), padded rather than scaled: pixels as painted.
    const args = [
      '-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', String(FPS), '-i', 'pipe:0',
      '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-crf', '10',
      '-qmin', '0', '-qmax', '50', '-pix_fmt', 'yuv420p', '-threads', '1', '-an', '-y', path,
    ];
    const ffmpeg = spawn(tool.path, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    const session = await context.newCDPSession(page);
    const recorder = new ScreenRecorder(session, ffmpeg, path, ['ffmpeg', ...args.slice(0, -1), 'screen-recording.webm']);
    session.on('Page.screencastFrame', (frame: { data: string; sessionId: number; metadata: { timestamp?: number } }) => {
      void session.send('Page.screencastFrameAck', { sessionId: frame.sessionId }).catch(() => undefined);
      recorder.frame(Buffer.from(frame.data, 'base64'), frame.metadata.timestamp ? frame.metadata.timestamp * 1000 : Date.now());
    });
    await session.send('Page.startScreencast', { format: 'jpeg', quality: 85, maxWidth: viewport.width, maxHeight: viewport.height, everyNthFrame: 1 });
    return recorder;
  }

  /** Writes the frame shown until now as often as real time asks, then holds the new one. */
  private frame(jpeg: Buffer, at: number): void {
    this.fill(at);
    this.last = { jpeg, at };
  }

  private fill(until: number): void {
    if (!this.last || this.failure) return;
    const due = Math.min(Math.round(((until - this.startedAt) / 1000) * FPS), MAX_SECONDS * FPS);
    while (this.written < due) {
      this.ffmpeg.stdin!.write(this.last.jpeg);
      this.written += 1;
    }
  }

  /** Stops the screencast, writes the last frame up to now, and waits for the WebM to be finished. */
  async stop(): Promise<ScreenRecording> {
    await this.session.send('Page.stopScreencast').catch(() => undefined);
    await this.session.detach().catch(() => undefined);
    if (this.last) {
      this.fill(Date.now());
      // At least one frame, so a page that never changed still has its picture.
      if (this.written === 0 && !this.failure) {
        this.ffmpeg.stdin!.write(this.last.jpeg);
        this.written = 1;
      }
    }
    this.ffmpeg.stdin!.end();
    const code = await this.exited;
    if (this.written === 0) throw new Error('the browser painted no frame to record');
    if (code !== 0 || this.failure) throw new Error(`ffmpeg could not write the screen recording: ${this.failure ?? Buffer.concat(this.stderr).toString().trim().slice(0, 500)}`);
    const { size } = await stat(this.path);
    return { path: this.path, bytes: size, frames: this.written, durationMs: Math.round((this.written / FPS) * 1000), command: this.command };
  }

  /** Stops without keeping anything (the capture failed). */
  abandon(): void {
    void this.session.detach().catch(() => undefined);
    this.ffmpeg.kill('SIGKILL');
  }
}
