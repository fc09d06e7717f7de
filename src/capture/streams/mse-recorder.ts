import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { containerOf, type TrackPlan } from './stream-plan.js';

const BINDING = '__goldenhourMediaSource';

/**
 * Runs in the page before its own scripts: wraps MediaSource.addSourceBuffer and
 * SourceBuffer.appendBuffer so that every buffer a player appends (after the browser accepted
 * it) is passed to the capture, with the track's MIME type. The player's behaviour is unchanged.
 */
const recorderScript = `(() => {
  if (typeof MediaSource === 'undefined' || typeof window.${BINDING} !== 'function') return;
  const send = window.${BINDING};
  const sources = new WeakMap();
  const tracks = new WeakMap();
  let nextSource = 0, nextTrack = 0;
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (type) {
    const buffer = addSourceBuffer.call(this, type);
    if (!sources.has(this)) sources.set(this, ++nextSource);
    const track = ++nextTrack;
    tracks.set(buffer, track);
    send({ kind: 'track', source: sources.get(this), track, type: String(type) });
    return buffer;
  };
  const appendBuffer = SourceBuffer.prototype.appendBuffer;
  SourceBuffer.prototype.appendBuffer = function (data) {
    const result = appendBuffer.call(this, data);
    const track = tracks.get(this);
    if (track !== undefined) {
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      send({ kind: 'append', track, data: btoa(text) });
    }
    return result;
  };
})();`;

/** One SourceBuffer's appended bytes, in the order the player appended them. */
export interface RecordedTrack {
  source: number;
  track: number;
  mimeType: string;
  role: TrackPlan['role'];
  container: TrackPlan['container'];
  path: string;
  appends: number;
  bytes: number;
  /** Set when the byte limit stopped the recording. */
  truncated: boolean;
}

type Message = { kind: 'track'; source: number; track: number; type: string } | { kind: 'append'; track: number; data: string };

/**
 * Records what MediaSource players append, per track, into files in `dir` (written as they
 * arrive: nothing accumulates in memory). Attach before navigating.
 */
export class MediaSourceRecorder {
  private readonly tracks = new Map<number, RecordedTrack & { file: Promise<FileHandle> }>();
  private queue: Promise<void> = Promise.resolve();
  private total = 0;
  private stopped = false;

  private constructor(private readonly dir: string, private readonly maxBytes: number) {}

  static async attach(page: Page, dir: string, maxBytes: number): Promise<MediaSourceRecorder> {
    const recorder = new MediaSourceRecorder(dir, maxBytes);
    await page.exposeBinding(BINDING, (_source, message: Message) => recorder.receive(message));
    await page.addInitScript(recorderScript);
    return recorder;
  }

  private receive(message: Message): void {
    if (this.stopped) return;
    if (message.kind === 'track') {
      const mimeType = message.type.slice(0, 200);
      const role: TrackPlan['role'] = /^audio\//i.test(mimeType) ? 'audio' : 'video';
      const container = containerOf('', mimeType);
      const path = join(this.dir, `mse-${message.source}-${message.track}.${container}`);
      this.tracks.set(message.track, { source: message.source, track: message.track, mimeType, role, container, path, appends: 0, bytes: 0, truncated: false, file: open(path, 'w') });
      return;
    }
    const track = this.tracks.get(message.track);
    if (!track) return;
    const body = Buffer.from(message.data, 'base64');
    if (this.total + body.length > this.maxBytes) {
      track.truncated = true;
      return;
    }
    this.total += body.length;
    track.appends += 1;
    track.bytes += body.length;
    this.queue = this.queue.then(async () => {
      await (await track.file).write(body);
    });
  }

  /** Stops recording, closes the files and returns the tracks that received data, by MediaSource. */
  async finish(): Promise<Map<number, RecordedTrack[]>> {
    this.stopped = true;
    await this.queue.catch(() => undefined);
    const bySource = new Map<number, RecordedTrack[]>();
    for (const { file, ...track } of this.tracks.values()) {
      await (await file).close().catch(() => undefined);
      if (track.bytes === 0) continue;
      bySource.set(track.source, [...(bySource.get(track.source) ?? []), track]);
    }
    return bySource;
  }
}
