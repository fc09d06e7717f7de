import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * HEIC/HEIF pictures coded with HEVC (every iPhone photo since 2017) are decoded by libheif built
 * to WebAssembly (the `heic-decode` package), because sharp's prebuilt libvips ships no HEVC
 * decoder. The decode runs in a worker thread, one picture at a time: it is CPU-bound for about
 * a second per 12 MP photo and holds about 150 MB while it runs, and must not stall the rest of
 * the app. The worker goes away when idle, returning that memory.
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

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
/** Decodes run one after another: each waits for the one before it. */
let queue: Promise<unknown> = Promise.resolve();

/** Decodes the primary picture of a HEIC/HEIF file held in memory (the worker gets a copy). */
export function decodeHeic(bytes: Uint8Array): Promise<DecodedPicture> {
  const job = queue.then(() => runJob({ bytes }));
  queue = job.catch(() => undefined);
  return job;
}

function runJob(message: { bytes: Uint8Array }): Promise<DecodedPicture> {
  if (idleTimer) clearTimeout(idleTimer);
  const current = (worker ??= new Worker(WORKER_SOURCE, { eval: true, workerData: { decoderModule: require.resolve('heic-decode') } }));
  current.ref();
  return new Promise<DecodedPicture>((resolve, reject) => {
    const done = () => {
      clearTimeout(timeout);
      current.off('message', onMessage);
      current.off('error', onError);
      current.off('exit', onExit);
      if (worker === current) {
        current.unref();
        idleTimer = setTimeout(() => void stopWorker(current), IDLE_MS);
        idleTimer.unref();
      }
    };
    const onMessage = (reply: WorkerReply) => {
      done();
      if ('error' in reply) reject(new Error(`HEIC decoder (libheif ${heicDecoder.libheif}): ${reply.error}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      done();
      void stopWorker(current);
      reject(new Error(`HEIC decoder (libheif ${heicDecoder.libheif}) failed: ${error.message}`));
    };
    const onExit = (code: number) => {
      done();
      if (worker === current) worker = null;
      reject(new Error(`HEIC decoder (libheif ${heicDecoder.libheif}) stopped (exit code ${code}) while decoding`));
    };
    const timeout = setTimeout(() => {
      done();
      void stopWorker(current);
      reject(new Error(`HEIC decoder (libheif ${heicDecoder.libheif}): gave up after ${DECODE_TIMEOUT_MS / 1000} s`));
    }, DECODE_TIMEOUT_MS);
    current.on('message', onMessage);
    current.on('error', onError);
    current.on('exit', onExit);
    current.postMessage(message);
  });
}

async function stopWorker(target: Worker): Promise<void> {
  if (worker === target) worker = null;
  await target.terminate();
}
