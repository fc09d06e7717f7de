import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, Transform, type Writable } from 'node:stream';
import archiver from 'archiver';
import { sha256Hex } from '../util/canonical-json.js';
import type { WrittenFile } from './warc-file.js';
import { cdxjText, type CdxEntry } from './warc-writer.js';

/** A page listed in `pages/pages.jsonl`. */
export interface WaczPage {
  url: string;
  /** ISO 8601 UTC. */
  ts: string;
  title?: string | null;
}

export interface WaczInput {
  warc: Buffer;
  warcName: string;
  cdx: CdxEntry[];
  pages: WaczPage[];
  title: string;
  software: string;
  created: Date;
}

export const WACZ_VERSION = '1.1.1';

function sha256(data: Buffer): string {
  return `sha256:${sha256Hex(data)}`;
}

/** `pages/pages.jsonl`: the format header line, then one line per page. */
export function pagesJsonl(pages: WaczPage[]): string {
  const header = { format: 'json-pages-1.0', id: 'pages', title: 'All Pages' };
  const lines = pages.map((page, index) => JSON.stringify({ id: `page-${index + 1}`, url: page.url, ts: page.ts, ...(page.title ? { title: page.title } : {}) }));
  return `${[JSON.stringify(header), ...lines].join('\n')}\n`;
}

/** A WACZ's input with its WARC already on disk (written and hashed by WarcFile). */
export interface WaczFileInput extends Omit<WaczInput, 'warc'> {
  warc: WrittenFile;
}

/** One zip entry: bytes in memory, or a file read as it is zipped and checked against the hash it was written with. */
type ZipEntry = { path: string; data: Buffer } | { path: string; file: WrittenFile };

/**
 * Packs a WARC into a WACZ 1.1.1 file: the WARC under `archive/` (stored, not deflated, so
 * replay can seek into it), its CDXJ index, pages.jsonl, datapackage.json (sha256 and size of
 * every resource) and datapackage-digest.json (the sha256 of datapackage.json).
 */
export async function buildWacz(input: WaczInput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => sink.on('end', resolve));
  await zipStored(waczEntries(input, { path: `archive/${input.warcName}`, data: input.warc }), input.created, sink);
  await ended;
  return Buffer.concat(chunks);
}

/**
 * `buildWacz` from a WARC on disk to a WACZ file at `path` (created; it must not exist): the WARC
 * is streamed into the zip, hashed again on the way and refused if it no longer has the hash it
 * was written with, and the WACZ is hashed as it is written. Memory stays flat however long the
 * WARC. The entry streamed in carries a zip data descriptor (its CRC follows its bytes), as
 * streamed entries of our bundles and of js-wacz's WACZ files do.
 */
export async function writeWacz(input: WaczFileInput, path: string): Promise<WrittenFile> {
  const tap = hashingTap();
  const output = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const closed = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    output.on('error', reject);
  });
  tap.stream.pipe(output);
  try {
    await zipStored(waczEntries(input, { path: `archive/${input.warcName}`, file: input.warc }), input.created, tap.stream);
    await closed;
  } catch (error) {
    output.destroy();
    await closed.catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
  return { path, size: tap.size(), sha256: tap.hash.digest('hex') };
}

function waczEntries(input: Omit<WaczInput, 'warc'>, warc: ZipEntry): ZipEntry[] {
  const warcHash = 'file' in warc ? { hash: `sha256:${warc.file.sha256}`, bytes: warc.file.size } : { hash: sha256(warc.data), bytes: warc.data.length };
  const small = [
    { name: 'index.cdxj', path: 'indexes/index.cdxj', data: Buffer.from(cdxjText(input.cdx)) },
    { name: 'pages.jsonl', path: 'pages/pages.jsonl', data: Buffer.from(pagesJsonl(input.pages)) },
  ];
  const firstPage = input.pages[0];
  const datapackage = {
    profile: 'data-package',
    wacz_version: WACZ_VERSION,
    title: input.title,
    created: input.created.toISOString(),
    modified: input.created.toISOString(),
    software: input.software,
    ...(firstPage ? { mainPageURL: firstPage.url, mainPageDate: firstPage.ts } : {}),
    resources: [
      { name: input.warcName, path: warc.path, ...warcHash },
      ...small.map((r) => ({ name: r.name, path: r.path, hash: sha256(r.data), bytes: r.data.length })),
    ],
  };
  const datapackageBytes = Buffer.from(JSON.stringify(datapackage, null, 2));
  const digest = { path: 'datapackage.json', hash: sha256(datapackageBytes) };
  return [
    warc,
    ...small.map((r) => ({ path: r.path, data: r.data })),
    { path: 'datapackage.json', data: datapackageBytes },
    { path: 'datapackage-digest.json', data: Buffer.from(JSON.stringify(digest, null, 2)) },
  ];
}

/** A zip of the given entries into `sink` (ended when done), every entry stored uncompressed. */
async function zipStored(entries: ZipEntry[], date: Date, sink: Writable): Promise<void> {
  const archive = archiver('zip', { store: true });
  const failed = new Promise<never>((_resolve, reject) => {
    archive.on('error', reject);
    archive.on('warning', reject);
    sink.on('error', reject);
  });
  const finished = new Promise<void>((resolve) => sink.on('finish', resolve));
  archive.pipe(sink);
  const checks: (() => void)[] = [];
  for (const entry of entries) {
    if ('data' in entry) {
      archive.append(entry.data, { name: entry.path, date, store: true });
      continue;
    }
    const { file } = entry;
    const tap = hashingTap();
    const source = createReadStream(file.path);
    // archiver does not report an error of an entry's source: it fails the zip here instead.
    source.on('error', (error) => archive.emit('error', error));
    archive.append(source.pipe(tap.stream), { name: entry.path, date, store: true });
    checks.push(() => {
      const sha = tap.hash.digest('hex');
      const size = tap.size();
      if (sha !== file.sha256 || size !== file.size) throw new Error(`${file.path} changed on disk after it was written (sha256 ${sha}, ${size} bytes; written as ${file.sha256}, ${file.size} bytes): the WACZ was not made`);
    });
  }
  await Promise.race([archive.finalize().then(() => finished), failed]);
  for (const check of checks) check();
}

/** A pass-through that hashes and counts what flows through it. */
function hashingTap(): { stream: Transform; hash: Hash; size(): number } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, hash, size: () => size };
}
