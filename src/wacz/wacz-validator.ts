import { createHash } from 'node:crypto';
import { WARCParser } from 'warcio';
import { checkIndexes } from './wacz-index-check.js';
import { readZip, type ZipFile } from './zip-reader.js';

/** What checking a WACZ found. `valid` is true when there are no errors (warnings are advice). */
export interface WaczReport {
  valid: boolean;
  waczVersion: string | null;
  errors: string[];
  warnings: string[];
  /** Whether datapackage-digest.json carries a signature (not verified here). */
  signed: boolean;
  pages: number;
  warcRecords: number;
}

interface Resource {
  path: string;
  hash: string | null;
  bytes: number | null;
}

/**
 * Checks a WACZ file's structure and integrity: a readable zip with safe entry names;
 * datapackage.json with profile `data-package` and a version; every listed resource present
 * with the declared size and sha256; datapackage-digest.json matching (required from 1.1);
 * pages/pages.jsonl with a header and url+ts per page; an index whose every line points at a
 * record of the archive for its URL (as replay reads it); and WARC files that parse.
 * Reads the 1.0.0 layout (`stats.hash`, `hashing`) as well as 1.1.x (`hash: "sha256:..."`).
 */
export async function validateWacz(source: string | Buffer): Promise<WaczReport> {
  const report: WaczReport = { valid: false, waczVersion: null, errors: [], warnings: [], signed: false, pages: 0, warcRecords: 0 };
  let files: ZipFile[];
  try {
    files = await readZip(source);
  } catch (error) {
    report.errors.push((error as Error).message);
    return report;
  }
  const byPath = new Map(files.map((file) => [file.path, file]));
  const datapackage = readJson(byPath.get('datapackage.json'), 'datapackage.json', report);
  if (datapackage) {
    checkDatapackage(datapackage, byPath, report);
    checkDigest(byPath, report);
  }
  checkPages(byPath.get('pages/pages.jsonl'), report);
  if (!files.some((file) => file.path.startsWith('indexes/'))) report.errors.push('no index under indexes/ (index.cdxj, index.cdx.gz or index.idx)');
  await checkArchives(files, report);
  report.errors.push(...(await checkIndexes(files)));
  report.valid = report.errors.length === 0;
  return report;
}

function readJson(file: ZipFile | undefined, name: string, report: WaczReport): Record<string, unknown> | null {
  if (!file) {
    report.errors.push(`${name} is missing`);
    return null;
  }
  try {
    const value = JSON.parse(file.data.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    report.errors.push(`${name} is not a JSON object`);
  } catch (error) {
    report.errors.push(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return null;
}

function checkDatapackage(datapackage: Record<string, unknown>, byPath: Map<string, ZipFile>, report: WaczReport): void {
  if (datapackage.profile !== 'data-package') report.errors.push(`datapackage.json profile is ${JSON.stringify(datapackage.profile)}, expected "data-package"`);
  const version = typeof datapackage.wacz_version === 'string' ? datapackage.wacz_version : null;
  report.waczVersion = version;
  if (!version) report.errors.push('datapackage.json has no wacz_version');
  if (!Array.isArray(datapackage.resources) || datapackage.resources.length === 0) {
    report.errors.push('datapackage.json lists no resources');
    return;
  }
  const listed = new Set<string>();
  for (const raw of datapackage.resources as unknown[]) {
    const resource = parseResource(raw);
    if (!resource) {
      report.errors.push(`datapackage.json has a resource without a path: ${JSON.stringify(raw).slice(0, 120)}`);
      continue;
    }
    listed.add(resource.path);
    checkResource(resource, byPath.get(resource.path), report);
  }
  for (const path of byPath.keys()) {
    if (!listed.has(path) && !path.startsWith('datapackage') && !path.endsWith('/')) report.warnings.push(`${path} is in the zip but not listed in datapackage.json`);
  }
}

function parseResource(raw: unknown): Resource | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as { path?: unknown; hash?: unknown; bytes?: unknown; stats?: { hash?: unknown; bytes?: unknown }; hashing?: unknown };
  if (typeof r.path !== 'string') return null;
  if (typeof r.hash === 'string') return { path: r.path, hash: r.hash, bytes: typeof r.bytes === 'number' ? r.bytes : null };
  // WACZ 1.0.0: stats.hash in hex with the algorithm named in `hashing`.
  const hash = typeof r.stats?.hash === 'string' ? `${String(r.hashing ?? 'sha256').replace('-', '')}:${r.stats.hash}` : null;
  return { path: r.path, hash, bytes: typeof r.stats?.bytes === 'number' ? r.stats.bytes : null };
}

function checkResource(resource: Resource, file: ZipFile | undefined, report: WaczReport): void {
  const malformed = resource.hash !== null && !/^(sha256|md5|sha1):[0-9a-f]+$/i.test(resource.hash);
  if (malformed) report.errors.push(`${resource.path}: unsupported or malformed hash ${JSON.stringify(resource.hash)} (expected "sha256:<hex>")`);
  if (!file) {
    report.errors.push(`${resource.path} is listed in datapackage.json but missing from the zip`);
    return;
  }
  if (resource.bytes !== null && resource.bytes !== file.data.length) {
    report.errors.push(`${resource.path} is ${file.data.length} bytes but datapackage.json says ${resource.bytes}`);
  }
  const problem = malformed ? null : hashProblem(resource.hash, file.data);
  if (problem) report.errors.push(`${resource.path}: ${problem}`);
  if (resource.path.startsWith('archive/') && file.compressionMethod !== 0) {
    report.warnings.push(`${resource.path} is compressed in the zip; WACZ stores archives uncompressed so replay can seek into them`);
  }
}

function hashProblem(declared: string | null, data: Buffer): string | null {
  if (!declared) return 'no hash declared';
  const match = /^(sha256|md5|sha1):([0-9a-f]+)$/i.exec(declared);
  if (!match) return `unsupported or malformed hash ${JSON.stringify(declared)} (expected "sha256:<hex>")`;
  const actual = createHash(match[1]!.toLowerCase()).update(data).digest('hex');
  return actual === match[2]!.toLowerCase() ? null : `hash mismatch: declared ${declared}, content is ${match[1]}:${actual}`;
}

function checkDigest(byPath: Map<string, ZipFile>, report: WaczReport): void {
  const file = byPath.get('datapackage-digest.json');
  if (!file) {
    if (report.waczVersion && report.waczVersion !== '1.0.0') report.errors.push(`datapackage-digest.json is missing (required by WACZ ${report.waczVersion})`);
    return;
  }
  const digest = readJson(file, 'datapackage-digest.json', report);
  if (!digest) return;
  report.signed = Boolean(digest.signedData);
  if (digest.path !== 'datapackage.json') report.errors.push(`datapackage-digest.json names ${JSON.stringify(digest.path)}, expected "datapackage.json"`);
  const problem = hashProblem(typeof digest.hash === 'string' ? digest.hash : null, byPath.get('datapackage.json')?.data ?? Buffer.alloc(0));
  if (problem) report.errors.push(`datapackage-digest.json: ${problem}`);
}

function checkPages(file: ZipFile | undefined, report: WaczReport): void {
  if (!file) {
    report.errors.push('pages/pages.jsonl is missing');
    return;
  }
  const lines = file.data.toString('utf8').split('\n').filter((line) => line.trim() !== '');
  lines.forEach((line, index) => {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      report.errors.push(`pages/pages.jsonl line ${index + 1} is not JSON`);
      return;
    }
    if (index === 0) {
      if (typeof value.format !== 'string') report.errors.push('pages/pages.jsonl does not start with a header line naming its format');
      return;
    }
    if (typeof value.url !== 'string' || typeof value.ts !== 'string') report.errors.push(`pages/pages.jsonl line ${index + 1} lacks url or ts`);
    else report.pages += 1;
  });
}

async function checkArchives(files: ZipFile[], report: WaczReport): Promise<void> {
  const archives = files.filter((file) => file.path.startsWith('archive/') && /\.warc(\.gz)?$/.test(file.path));
  if (archives.length === 0) report.errors.push('no WARC file under archive/');
  for (const archive of archives) {
    try {
      // warcio inflates per-record gzip (.warc.gz) itself.
      for await (const record of WARCParser.iterRecords([new Uint8Array(archive.data)])) {
        if (!record.warcType || !record.warcHeader('WARC-Record-ID') || !record.warcDate) {
          report.errors.push(`${archive.path}: a record lacks WARC-Type, WARC-Record-ID or WARC-Date`);
        }
        await record.skipFully();
        report.warcRecords += 1;
      }
    } catch (error) {
      report.errors.push(`${archive.path} is not a readable WARC: ${(error as Error).message}`);
    }
  }
}

