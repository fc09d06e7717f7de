import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { open as openFile, stat } from 'node:fs/promises';
import type { CustodyEntry } from '../../custody/chain.js';
import { checkWatchesFile } from './watch-checks.js';
import { WATCHES_FILE } from '../documents/watch-documents.js';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { checkBundleComments, checkCustody, checkItemFiles, checkSums, parseCustody, type BundleProblem } from './bundle-checks.js';
import { BUNDLE_FILES, ITEMS_DIR, SEAL_FILES } from '../format/layout.js';
import { manifestSchema, type Manifest, type ManifestFile } from '../format/manifest.js';
import { checkSeal, sealSchema, type Seal } from '../format/seal.js';
import type { Certificate } from 'pkijs';
import { checkTimestampToken, parsePemCertificates, type TimestampCheck } from '../format/tsa-client.js';
import { LocalHeaderMismatch, SafeZipReader, type ZipEntryInfo } from '../../zip/safe-zip-reader.js';
import { sha256Hex } from '../../util/canonical-json.js';

const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const MAX_SMALL_FILE_BYTES = 16 * 1024 * 1024;
const MAX_CUSTODY_BYTES = 512 * 1024 * 1024;

/** The signature as verification found it. */
export interface SignatureReport {
  present: boolean;
  valid: boolean;
  algorithm: string | null;
  fingerprint: string | null;
  fingerprintGrouped: string | null;
  signedAt: string | null;
  manifestSha256: string | null;
  timestamp: (TimestampCheck & { present: true; tsaUrl: string | null }) | { present: false };
}

/** `goldenhour verify --json`: what a recipient (or a script) reads. */
export interface BundleVerification {
  ok: boolean;
  problems: BundleProblem[];
  signature: SignatureReport;
  /** Files checked against the manifest. */
  files: number;
  case: { uuid: string; title: string } | null;
  exportedAt: string | null;
  exporter: string | null;
}

/**
 * What is wrong with one file the manifest lists, in a form review can mark its items with:
 * its bytes (or size) differ from the sealed hash, it is not in the zip, or it cannot be read
 * (a damaged entry, or one refused as unsafe or duplicated) so it cannot be checked.
 */
export type FileFault = 'changed' | 'missing' | 'unreadable';

/** What was read out of a bundle while verifying it, for read-only review. */
export interface BundleContents {
  /** Listed files that failed their check, by path. */
  faults: Map<string, FileFault>;
  manifest: Manifest;
  seal: Seal | null;
  items: Record<string, unknown>[];
  custody: CustodyEntry[];
  geojson: unknown;
}

/** How a bundle is verified. */
export interface VerifyOptions {
  /** Keep the small documents for review. */
  collect?: boolean;
  /** Require the seal to be made with this key (hex, spaces and colons allowed). */
  expectedFingerprint?: string | null;
  /** PEM root certificates the reader trusts for the time-stamping authority. */
  trustedTsaPem?: string | null;
  onProgress?: (progress: { done: number; total: number }) => void;
}

const noSignature = (): SignatureReport => ({ present: false, valid: false, algorithm: null, fingerprint: null, fingerprintGrouped: null, signedAt: null, manifestSha256: null, timestamp: { present: false } });

/**
 * Verifies a bundle without extracting anything: the zip's structure, every file's size and
 * SHA-256 against the manifest, missing and extra files, SHA256SUMS, the seal, the timestamp
 * token and the custody ledger. A missing or unreadable path is an error (not a verdict);
 * everything wrong inside the file is a problem in the report, and never a crash.
 */
export async function verifyBundle(path: string, options: VerifyOptions = {}): Promise<{ report: BundleVerification; contents: BundleContents | null }> {
  const trustedRoots = options.trustedTsaPem ? parsePemCertificates(options.trustedTsaPem) : [];
  const info = await stat(path).catch(() => null);
  if (!info) throw new GoldenHourError('not-found', `No bundle at ${path}: expected the path of a .zip file`);
  if (!info.isFile()) throw new GoldenHourError('invalid-input', `Expected a bundle file but ${path} is not a regular file`);
  const report: BundleVerification = { ok: false, problems: [], signature: noSignature(), files: 0, case: null, exportedAt: null, exporter: null };
  let zip: SafeZipReader;
  try {
    zip = await SafeZipReader.open(path);
  } catch (error) {
    report.problems.push({ path: '(zip)', problem: await whyNotAZip(path, error) });
    return { report, contents: null };
  }
  try {
    const contents = await verifyOpened(zip, report, options, trustedRoots);
    const expected = options.expectedFingerprint?.replace(/[\s:]/g, '').toLowerCase();
    if (expected && report.signature.fingerprint !== expected) {
      // A forger can re-sign with their own key; only the fingerprint confirmed by another channel tells.
      report.problems.push({ path: BUNDLE_FILES.seal, problem: `signed with key ${report.signature.fingerprint ?? 'none'}, not the expected ${expected}` });
    }
    report.ok = report.problems.length === 0;
    return { report, contents };
  } finally {
    zip.close();
  }
}

const ZIP_STARTS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

/**
 * Why a file could not be opened as a zip, in words a recipient can act on (never the zip
 * library's own message): empty, not a zip at all, a zip cut short, or a damaged one.
 */
export async function whyNotAZip(path: string, error: unknown): Promise<string> {
  let head = Buffer.alloc(0);
  let size = 0;
  try {
    const handle = await openFile(path, 'r');
    try {
      size = (await handle.stat()).size;
      const read = await handle.read(Buffer.alloc(4), 0, 4, 0);
      head = read.buffer.subarray(0, read.bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return 'the file could not be read';
  }
  if (size === 0) return 'the file is empty (0 bytes): not a zip, so not a bundle';
  if (!ZIP_STARTS.some((start) => head.equals(start))) return 'not a zip file: a Golden Hour bundle is the .zip file that Export writes';
  if (/end of central directory/i.test(errorMessage(error))) {
    return 'a zip that is cut short (truncated): the file ends before the zip\'s table of contents, so it was not copied or downloaded completely';
  }
  return "a damaged zip: its table of contents cannot be read, so none of its files can be checked";
}

/** Unique, safe entries by name; everything else reported. */
function judgeStructure(zip: SafeZipReader, problems: BundleProblem[]): Map<string, ZipEntryInfo> {
  for (const problem of zip.structureProblems) problems.push({ path: '(zip)', problem });
  const counts = new Map<string, number>();
  for (const entry of zip.entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  const usable = new Map<string, ZipEntryInfo>();
  for (const [name, count] of counts) {
    if (count > 1) problems.push({ path: name, problem: `duplicate entry name: the zip holds ${count} entries called this (unzip tools differ on which one wins)` });
  }
  for (const entry of zip.entries) {
    if (entry.refusal) problems.push({ path: entry.name, problem: entry.refusal });
    else if ((counts.get(entry.name) ?? 0) === 1 && !entry.isDirectory) usable.set(entry.name, entry);
  }
  return usable;
}

async function readJson(zip: SafeZipReader, entry: ZipEntryInfo | undefined, limit: number): Promise<{ bytes: Buffer; value: unknown } | { error: string }> {
  if (!entry) return { error: 'missing from the bundle' };
  try {
    const bytes = await zip.readEntry(entry, limit);
    return { bytes, value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { error: `unreadable: ${errorMessage(error)}` };
  }
}

async function verifyOpened(zip: SafeZipReader, report: BundleVerification, options: VerifyOptions, trustedRoots: Certificate[]): Promise<BundleContents | null> {
  const problems = report.problems;
  const entries = judgeStructure(zip, problems);
  const manifestRead = await readJson(zip, entries.get(BUNDLE_FILES.manifest), MAX_MANIFEST_BYTES);
  if ('error' in manifestRead) {
    problems.push({ path: BUNDLE_FILES.manifest, problem: `${manifestRead.error}: nothing in the bundle can be checked without it` });
    return null;
  }
  const parsedManifest = manifestSchema.safeParse(manifestRead.value);
  if (!parsedManifest.success) {
    problems.push({ path: BUNDLE_FILES.manifest, problem: `not a Golden Hour manifest: ${parsedManifest.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return null;
  }
  const manifest = parsedManifest.data;
  const manifestSha256 = sha256Hex(manifestRead.bytes);
  report.case = { uuid: manifest.case.uuid, title: manifest.case.title };
  report.exportedAt = manifest.exportedAt;
  report.exporter = manifest.exporter;
  const seal = await checkSealFile(zip, entries, manifestRead.bytes, report, trustedRoots);
  const faults = new Map<string, FileFault>();
  const kept = await checkFiles(zip, entries, manifest, problems, faults, options.onProgress);
  report.files = manifest.files.length;
  const sums = entries.get(BUNDLE_FILES.sums);
  if (!sums) problems.push({ path: BUNDLE_FILES.sums, problem: 'missing from the bundle' });
  else {
    try {
      problems.push(...checkSums((await zip.readEntry(sums, MAX_MANIFEST_BYTES)).toString('utf8'), manifest, manifestSha256));
    } catch (error) {
      problems.push({ path: BUNDLE_FILES.sums, problem: `unreadable: ${errorMessage(error)}` });
    }
  }
  const custody = checkLedger(kept, manifest, problems);
  if (!options.collect) return null;
  return collectContents(kept, manifest, seal, custody, faults);
}

/** custody.jsonl on its own (chain up to the manifest's head) and against each item file. */
function checkLedger(kept: Map<string, Buffer>, manifest: Manifest, problems: BundleProblem[]): CustodyEntry[] {
  const custodyBytes = kept.get(BUNDLE_FILES.custody);
  let custody: CustodyEntry[] = [];
  if (custodyBytes) {
    const parsed = parseCustody(custodyBytes.toString('utf8'));
    custody = parsed.entries;
    problems.push(...parsed.problems);
    const itemFiles = new Map<number, Buffer>();
    for (const listed of manifest.items) {
      const bytes = kept.get(`${ITEMS_DIR}${listed.id}.json`);
      if (bytes) itemFiles.set(listed.id, bytes);
      else if (!manifest.files.some((f) => f.path === `${ITEMS_DIR}${listed.id}.json`)) problems.push({ path: `${ITEMS_DIR}${listed.id}.json`, problem: `item ${listed.id} is listed in the manifest but has no item file` });
    }
    problems.push(...checkItemFiles(manifest, itemFiles));
    if (parsed.problems.length === 0) problems.push(...checkCustody(custody, manifest, itemFiles), ...checkBundleComments(custody, itemFiles));
    const watches = kept.get(WATCHES_FILE);
    if (watches && parsed.problems.length === 0) problems.push(...checkWatchesFile(watches, custody, manifest));
  } else if (!manifest.files.some((f) => f.path === BUNDLE_FILES.custody)) {
    problems.push({ path: BUNDLE_FILES.custody, problem: 'the manifest lists no custody ledger' });
  }
  return custody;
}

/** What review shows, from the files already read while verifying. */
function collectContents(kept: Map<string, Buffer>, manifest: Manifest, seal: Seal | null, custody: CustodyEntry[], faults: Map<string, FileFault>): BundleContents {
  const items = manifest.items.flatMap((listed) => {
    const bytes = kept.get(`${ITEMS_DIR}${listed.id}.json`);
    try {
      return bytes ? [JSON.parse(bytes.toString('utf8')) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
  let geojson: unknown = null;
  try {
    const bytes = kept.get(BUNDLE_FILES.geojson);
    geojson = bytes ? JSON.parse(bytes.toString('utf8')) : null;
  } catch {
    geojson = null;
  }
  return { faults, manifest, seal, items, custody, geojson };
}

async function checkSealFile(zip: SafeZipReader, entries: Map<string, ZipEntryInfo>, manifest: Buffer, report: BundleVerification, trustedRoots: Certificate[]): Promise<Seal | null> {
  const manifestSha256 = sha256Hex(manifest);
  const read = await readJson(zip, entries.get(BUNDLE_FILES.seal), MAX_SMALL_FILE_BYTES);
  if ('error' in read) {
    report.problems.push({ path: BUNDLE_FILES.seal, problem: `${read.error}: the bundle is not signed` });
    return null;
  }
  const parsed = sealSchema.safeParse(read.value);
  if (!parsed.success) {
    report.problems.push({ path: BUNDLE_FILES.seal, problem: `not a Golden Hour seal: ${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}` });
    return null;
  }
  const seal = parsed.data;
  const check = checkSeal(seal, manifestSha256);
  for (const problem of check.problems) report.problems.push({ path: BUNDLE_FILES.seal, problem });
  report.signature = { present: true, valid: check.valid, algorithm: seal.algorithm, fingerprint: check.fingerprint, fingerprintGrouped: seal.fingerprintGrouped,
    signedAt: seal.signedAt, manifestSha256: seal.manifestSha256, timestamp: { present: false } };
  const tokenEntry = entries.get(BUNDLE_FILES.timestamp);
  if (seal.timestamp || tokenEntry) {
    if (!tokenEntry) {
      report.problems.push({ path: BUNDLE_FILES.timestamp, problem: 'seal.json names a timestamp but the token is missing' });
      return seal;
    }
    let tokenCheck: TimestampCheck;
    try {
      tokenCheck = await checkTimestampToken(await zip.readEntry(tokenEntry, MAX_SMALL_FILE_BYTES), manifest, trustedRoots);
    } catch (error) {
      tokenCheck = { valid: false, genTime: null, serialNumber: null, policy: null, tsaName: null, certificates: 0, nonce: null, chainTrusted: null, problems: [`unreadable: ${errorMessage(error)}`] };
    }
    for (const problem of tokenCheck.problems) report.problems.push({ path: BUNDLE_FILES.timestamp, problem });
    if (!seal.timestamp) report.problems.push({ path: BUNDLE_FILES.timestamp, problem: 'a timestamp token is present but seal.json does not name it' });
    report.signature.timestamp = { ...tokenCheck, present: true, tsaUrl: seal.timestamp?.tsaUrl ?? null };
  }
  return seal;
}

function wantsKept(path: string): boolean {
  return path === BUNDLE_FILES.custody || path === BUNDLE_FILES.geojson || path === WATCHES_FILE || (path.startsWith(ITEMS_DIR) && path.endsWith('.json'));
}

/** Streams every listed file through SHA-256 in zip order; keeps the small documents the ledger check and review need. */
async function checkFiles(zip: SafeZipReader, entries: Map<string, ZipEntryInfo>, manifest: Manifest, problems: BundleProblem[], faults: Map<string, FileFault>,
  onProgress?: (progress: { done: number; total: number }) => void): Promise<Map<string, Buffer>> {
  const listed = new Map<string, ManifestFile>();
  for (const file of manifest.files) {
    if (listed.has(file.path)) problems.push({ path: file.path, problem: 'listed twice in the manifest' });
    listed.set(file.path, file);
  }
  const kept = new Map<string, Buffer>();
  const present = new Set(zip.entries.map((entry) => entry.name));
  let done = 0;
  for (const entry of zip.entries) {
    onProgress?.({ done: done++, total: zip.entries.length });
    const file = listed.get(entry.name);
    if (!file) {
      if (!SEAL_FILES.includes(entry.name) && !entry.isDirectory && !entry.refusal) problems.push({ path: entry.name, problem: 'extra file: not listed in the manifest (added after sealing?)' });
      continue;
    }
    if (entries.get(entry.name) !== entry) { // refused or duplicated: already reported
      faults.set(file.path, 'unreadable');
      continue;
    }
    if (entry.uncompressedSize !== file.size) {
      faults.set(file.path, 'changed');
      problems.push({ path: file.path, problem: `size differs: the manifest says ${file.size} bytes, the zip entry holds ${entry.uncompressedSize}` });
      continue;
    }
    const keep = wantsKept(file.path) && file.size <= (file.path === BUNDLE_FILES.custody ? MAX_CUSTODY_BYTES : MAX_SMALL_FILE_BYTES);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let crc = 0;
    try {
      for await (const chunk of await zip.openEntry(entry, file.size)) {
        hash.update(chunk as Buffer);
        crc = crc32(chunk as Buffer, crc);
        if (keep) chunks.push(chunk as Buffer);
      }
    } catch (error) {
      const message = errorMessage(error);
      const problem = error instanceof LocalHeaderMismatch ? message
        : /too many bytes|inflates beyond/.test(message) ? `zip bomb or damaged entry: it inflates beyond its declared ${file.size} bytes` : `unreadable entry: ${message}`;
      problems.push({ path: file.path, problem });
      faults.set(file.path, 'unreadable');
      continue;
    }
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256) {
      problems.push({ path: file.path, problem: `content changed: sha256 is ${sha256}, the manifest says ${file.sha256}` });
      faults.set(file.path, 'changed');
    }
    else if (crc !== entry.crc32) problems.push({ path: file.path, problem: 'the zip\'s CRC-32 for this entry is wrong (the content matches the manifest, but unzip tools will call the file damaged)' });
    // Kept even when changed, so the ledger check can say what changed (which entry, which fields).
    if (keep) kept.set(file.path, Buffer.concat(chunks));
  }
  for (const file of manifest.files) {
    if (!present.has(file.path)) {
      problems.push({ path: file.path, problem: 'missing: listed in the manifest but not in the bundle' });
      faults.set(file.path, 'missing');
    }
  }
  return kept;
}
