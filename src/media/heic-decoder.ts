import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * HEIC/HEIF pictures coded with HEVC (every iPhone photo since 2017) are decoded by libheif built
 * to WebAssembly (the `heic-decode` package), because sharp's prebuilt libvips ships no HEVC
 * decoder. The decode runs in worker threads (at most two pictures at once): it is CPU-bound for
 * about a second per 12 MP photo and holds about 150 MB while it runs, and must not stall the rest
 * of the app. Workers go away when idle, returning that memory.
 */

const require = createRequire(import.meta.url);
const packageVersion = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

/** The decoder recorded beside each reading of a HEIC photo. */
export const heicDecoder = { name: 'heic-decode', version: packageVersion('heic-decode'), libheif: packageVersion('libheif-js') } as const;

/** Longest a single picture may take to decode before the worker is stopped (a hostile file, say). */
const DECODE_TIMEOUT_MS = 120_000;
/** An idle worker is stopped after this long, returning its WebAssembly memory. */
const IDLE_MS = 5_000;

export interface DecodedPicture {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom, already turned upright by the file's own transforms. */
  pixels: Uint8Array;
}

// Plain JavaScript run by the worker (evaluated, so that it works the same from the built app and
// from the TypeScript test runner). libheif applies the file's rotation and mirroring (irot, imir).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.decoderModule);
parentPort.on('message', async (job) => {
  try {
    const { width, height, data } = await decode({ buffer: job.bytes });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    parentPort.postMessage({ width, height, pixels }, [pixels.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});
`;

type WorkerReply = { width: number; height: number; pixels: Uint8Array } | { error: string };

/**
 * How many pictures are decoded at once: two where there are two cores (measured on 2 cores: 2.6
 * iPhone photos/s against 1.6 with one, at a peak of about 590 MB against 360 MB for the ingest).
 */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));

/** Decoder workers: started when needed, at most {@link POOL_SIZE}, each stopped after it idles. */
class DecoderPool {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async decode(bytes: Uint8Array): Promise<DecodedPicture> {
    // A finished decode hands its place straight to the next in line.
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    const spare = this.idle.pop();
    if (spare) clearTimeout(spare.timer);
    const worker = spare?.worker ?? new Worker(WORKER_SOURCE, { eval: true, workerData: { decoderModule: require.resolve('heic-decode') } });
    worker.ref();
    let reusable = false;
    try {
      const picture = await runJob(worker, bytes);
      reusable = true;
      return picture;
    } finally {
      if (reusable) this.park(worker);
      else void worker.terminate();
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Keeps a worker for the next picture, and stops it if none comes soon. */
  private park(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }
}

const pool = new DecoderPool(POOL_SIZE);

/** Decodes the primary picture of a HEIC/HEIF file held in memory (the worker gets a copy). */
export function decodeHeic(bytes: Uint8Array): Promise<DecodedPicture> {
  return pool.decode(bytes);
}

/** One picture on one worker; a worker that failed, crashed or ran out of time is not reused. */
function runJob(worker: Worker, bytes: Uint8Array): Promise<DecodedPicture> {
  const label = `HEIC decoder (libheif ${heicDecoder.libheif})`;
  return new Promise<DecodedPicture>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timeout);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      outcome();
    };
    const onMessage = (reply: WorkerReply) => settle(() => ('error' in reply ? reject(new Error(`${label}: ${reply.error}`)) : resolve(reply)));
    const onError = (error: Error) => settle(() => reject(new Error(`${label} failed: ${error.message}`)));
    const onExit = (code: number) => settle(() => reject(new Error(`${label} stopped (exit code ${code}) while decoding`)));
    const timeout = setTimeout(() => settle(() => reject(new Error(`${label}: gave up after ${DECODE_TIMEOUT_MS / 1000} s`))), DECODE_TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ bytes });
  });
}
