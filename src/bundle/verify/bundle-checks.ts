import { custodyEntrySchema, verifyChain, type CustodyEntry } from '../../custody/chain.js';
import { z } from 'zod';
import { checkComments } from '../../custody/comment-check.js';
import { itemState } from '../../custody/covered-state.js';
import { itemCommentSchema, itemSchema, type Item } from '../../domain/item.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { errorMessage } from '../../util/errors.js';
import { BUNDLE_FILES, ITEMS_DIR } from '../format/layout.js';
import { parseSha256Sums, type Manifest } from '../format/manifest.js';

/** One thing wrong with a bundle, named by the file it concerns. */
export interface BundleProblem {
  path: string;
  problem: string;
}

/** SHA256SUMS must list exactly the manifest's files plus manifest.json, with the same hashes. */
export function checkSums(text: string, manifest: Manifest, manifestSha256: string): BundleProblem[] {
  const path = BUNDLE_FILES.sums;
  const rows = parseSha256Sums(text);
  if (!Array.isArray(rows)) return [{ path, problem: `unreadable: ${rows.error}` }];
  const expected = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  expected.set(BUNDLE_FILES.manifest, manifestSha256);
  const problems: BundleProblem[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const want = expected.get(row.path);
    if (seen.has(row.path)) problems.push({ path, problem: `line ${row.line} lists ${row.path} a second time` });
    seen.add(row.path);
    if (want === undefined) problems.push({ path, problem: `line ${row.line} lists ${row.path}, which the manifest does not` });
    else if (want !== row.sha256) problems.push({ path, problem: `line ${row.line} gives ${row.path} sha256 ${row.sha256} but the manifest gives ${want}` });
  }
  for (const file of expected.keys()) if (!seen.has(file)) problems.push({ path, problem: `does not list ${file}` });
  return problems;
}

/** Each item file's `bundleFiles` must name files the manifest lists, with the same SHA-256. */
export function checkItemFiles(manifest: Manifest, itemFiles: Map<number, Buffer>): BundleProblem[] {
  const listed = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  const problems: BundleProblem[] = [];
  for (const [itemId, bytes] of itemFiles) {
    const path = `${ITEMS_DIR}${itemId}.json`;
    let refs: unknown;
    try {
      refs = (JSON.parse(bytes.toString('utf8')) as { bundleFiles?: unknown }).bundleFiles;
    } catch {
      continue; // reported by the ledger check
    }
    if (!Array.isArray(refs)) {
      problems.push({ path, problem: 'lists no bundleFiles' });
      continue;
    }
    for (const ref of refs as { path?: unknown; sha256?: unknown }[]) {
      const want = typeof ref.path === 'string' ? listed.get(ref.path) : undefined;
      if (want === undefined) problems.push({ path, problem: `names ${String(ref.path)}, which the manifest does not list` });
      else if (want !== ref.sha256) problems.push({ path, problem: `gives ${String(ref.path)} sha256 ${String(ref.sha256)} but the manifest gives ${want}` });
    }
  }
  return problems;
}

/** Parses custody.jsonl, naming the first bad line. */
export function parseCustody(text: string): { entries: CustodyEntry[]; problems: BundleProblem[] } {
  const entries: CustodyEntry[] = [];
  const problems: BundleProblem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const parsed = custodyEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else problems.push({ path: BUNDLE_FILES.custody, problem: `line ${index + 1} is not a custody entry: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    } catch (error) {
      problems.push({ path: BUNDLE_FILES.custody, problem: `line ${index + 1} is not JSON: ${errorMessage(error)}` });
    }
  });
  return { entries, problems };
}

/**
 * The ledger's chain must hold on its own (hashes, sequence, previous-hashes, up to the head the
 * manifest names), and for each exported item the last state the ledger recorded must be
 * exactly the item file's covered fields: an item edited after sealing, or a ledger rewritten
 * to match, shows up here even before hashes are compared.
 */
export function checkCustody(entries: CustodyEntry[], manifest: Manifest, itemFiles: Map<number, Buffer>): BundleProblem[] {
  const problems: BundleProblem[] = verifyChain(entries, { caseUuid: manifest.case.uuid, headSeq: manifest.custody.headSeq, headHash: manifest.custody.headHash })
    .map((p) => ({ path: BUNDLE_FILES.custody, problem: p.problem }));
  const lastState = new Map<number, Record<string, unknown>>();
  for (const entry of entries) {
    const state = entry.details.state;
    if (entry.itemId !== null && state && typeof state === 'object') lastState.set(entry.itemId, state as Record<string, unknown>);
  }
  for (const listed of manifest.items) {
    const path = `${ITEMS_DIR}${listed.id}.json`;
    const bytes = itemFiles.get(listed.id);
    if (!bytes) continue; // a missing or unreadable item file is reported where files are compared
    let item: Item;
    try {
      item = itemSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      problems.push({ path, problem: `not a readable item: ${errorMessage(error).split('\n')[0] ?? ''}` });
      continue;
    }
    if (item.id !== listed.id || item.sha256 !== listed.sha256) problems.push({ path, problem: `describes item ${item.id} (${item.sha256}) but the manifest lists item ${listed.id} (${listed.sha256})` });
    const recorded = lastState.get(listed.id);
    if (!recorded) {
      problems.push({ path, problem: `the custody ledger has no entry recording item ${listed.id}: it is not covered by the chain` });
      continue;
    }
    const actual = itemState(item);
    // Both sides' fields: a field the ledger names that the item file dropped (a triage removed) counts too.
    const changed = [...new Set([...Object.keys(actual), ...Object.keys(recorded)])]
      .filter((key) => canonicalJson(actual[key] ?? null) !== canonicalJson(recorded[key] ?? null));
    if (changed.length > 0) problems.push({ path, problem: `differs from what the custody ledger last recorded for item ${listed.id} (${changed.join(', ')})` });
  }
  return problems;
}

/**
 * The comments in each item file must be exactly those the ledger recorded for that item (text by
 * its SHA-256, author, time): a comment added, edited or dropped after sealing is named. Only the
 * exported items are held to it; the ledger also covers items left out of the bundle.
 */
export function checkBundleComments(entries: CustodyEntry[], itemFiles: Map<number, Buffer>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  for (const [itemId, bytes] of itemFiles) {
    const path = `${ITEMS_DIR}${itemId}.json`;
    let raw: unknown;
    try {
      raw = (JSON.parse(bytes.toString('utf8')) as { comments?: unknown }).comments;
    } catch {
      continue; // reported by the ledger check
    }
    const parsed = z.array(itemCommentSchema).safeParse(raw ?? []);
    if (!parsed.success) {
      problems.push({ path, problem: 'holds comments that are not readable as comments (id, item, time, author, text)' });
      continue;
    }
    const own = entries.filter((entry) => entry.itemId === itemId);
    for (const found of checkComments(own, parsed.data)) {
      problems.push({ path, problem: found.problem.replace('missing from the database', 'missing from the item file') });
    }
    for (const comment of parsed.data.filter((c) => c.itemId !== itemId)) problems.push({ path, problem: `holds comment ${comment.id}, which is on item ${comment.itemId}` });
  }
  return problems;
}
