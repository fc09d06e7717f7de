import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { sha256Hex } from '../util/canonical-json.js';
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

/**
 * Packs a WARC into a WACZ 1.1.1 file: the WARC under `archive/` (stored, not deflated, so
 * replay can seek into it), its CDXJ index, pages.jsonl, datapackage.json (sha256 and size of
 * every resource) and datapackage-digest.json (the sha256 of datapackage.json).
 */
export async function buildWacz(input: WaczInput): Promise<Buffer> {
  const resources: { name: string; path: string; data: Buffer }[] = [
    { name: input.warcName, path: `archive/${input.warcName}`, data: input.warc },
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
    resources: resources.map((r) => ({ name: r.name, path: r.path, hash: sha256(r.data), bytes: r.data.length })),
  };
  const datapackageBytes = Buffer.from(JSON.stringify(datapackage, null, 2));
  const digest = { path: 'datapackage.json', hash: sha256(datapackageBytes) };
  const files = [
    ...resources.map((r) => ({ path: r.path, data: r.data })),
    { path: 'datapackage.json', data: datapackageBytes },
    { path: 'datapackage-digest.json', data: Buffer.from(JSON.stringify(digest, null, 2)) },
  ];
  return zipStored(files, input.created);
}

/** A zip of the given files, every entry stored uncompressed. */
async function zipStored(files: { path: string; data: Buffer }[], date: Date): Promise<Buffer> {
  const archive = archiver('zip', { store: true });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  archive.pipe(sink);
  for (const file of files) archive.append(file.data, { name: file.path, date, store: true });
  await archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}
