import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { custodyEntrySchema, verifyChain, type CustodyEntry } from '../custody/chain.js';
import { UNTRIAGED, type Artifact, type EventTime, type Grading, type Item, type ItemKind, type Location, type Post, type Triage } from '../domain/item.js';
import type { IngestResult } from '../ingest/ingest-service.js';
import type { CustodyLedger, Repositories, Store } from '../store/repositories.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import type { Vault } from '../vault/vault.js';

/** The local case a push comes from: its ledger (uploaded as custody JSONL) and the head it ends at. */
export interface PushSource {
  caseUuid: string;
  title: string;
  headSeq: number;
  headHash: string;
  /** The uploaded ledger (one custody entry a line, as in a bundle's custody.jsonl). */
  ledgerPath: string;
}

/** One attached file of a pushed item (screenshot, MHTML, thumbnail...), uploaded. */
export interface PushedArtifact extends Artifact {
  path: string;
}

/**
 * One item of the local case, as it stands there: its stored file and every attached file
 * uploaded, its record (what capture and analysis found, the investigator's notes, tags and
 * grading), and the local item it belongs to (a page's images and videos).
 */
export interface PushedItem {
  path: string;
  sha256: string;
  localItemId: number;
  localParentId: number | null;
  acquiredAt: string;
  acquiredBy: string;
  sourceUrl: string | null;
  record: PushedRecord;
  artifacts: PushedArtifact[];
}

export interface PushedRecord {
  kind: ItemKind;
  size: number;
  mediaType: string;
  originalName: string | null;
  title: string | null;
  eventTime: EventTime | null;
  location: Location | null;
  metadata: Record<string, unknown> | null;
  post: Post | null;
  capture: Record<string, unknown> | null;
  flags: string[];
  notes: string;
  tags: string[];
  grading: Grading | null;
  /** Who withdrew it in the local case, when and why (null or absent: not withdrawn). */
  withdrawn?: Item['withdrawn'];
  /** Its status and assignee in the local case (absent: untriaged). */
  triage?: Triage;
  /** Its comments in the local case, as written there (absent: none). */
  comments?: PushedComment[];
}

/** A comment on a pushed item as written in the local case. */
export interface PushedComment {
  localCommentId: number;
  at: string;
  author: string;
  body: string;
}

export interface PushReceipt extends IngestResult {
  /** The SHA-256 of the local ledger as kept in the vault. */
  ledgerSha256: string;
  /** Whether this call recorded the push's 'push received' entry (false when this head was already recorded, or not complete yet). */
  recorded: boolean;
}

export const PUSH_RECEIVED = 'push received';
const PUSHED = 'pushed from a local case';

/**
 * Receives a case captured offline into a team case (`goldenhour push`), a few items a call.
 * Everything a call brings is checked before anything of it is stored: the local ledger link by
 * link and against the head the pusher names; each item against what that ledger last recorded
 * of it (kind, file, attached files, what capture and analysis found, the page it belongs to,
 * notes, tags, grading, triage, every comment): nothing is taken from the pusher's word alone;
 * and every file re-hashed where it was uploaded. One item refused refuses the call, with the
 * reason for each, and leaves the team case and the vault as they were. Otherwise one unit of
 * work records the items (each under the team case's copy of its local parent, its custody entry
 * saying it was received from that local case at that ledger head by the pushing user; its
 * notes, tags, grading, triage and comments, each with its local author and time, following as
 * their own entries) and puts their files and the local ledger into the vault last. Items already
 * received from that local case are reported, not added again, and the closing 'push received'
 * entry is written once per local ledger head: a push run again, or resumed after an
 * interruption, adds only what is missing.
 */
export class PushReceiver {
  constructor(private readonly deps: { vault: Vault; store: Store; ledger: CustodyLedger }) {}

  async receive(caseId: number, source: PushSource, items: PushedItem[], operator: string, complete: boolean): Promise<PushReceipt> {
    // First every check, storing nothing: the ledger, then each item against it and its files re-hashed.
    const entries = await readPushedLedger(source.ledgerPath);
    const problems = verifyChain(entries, { caseUuid: source.caseUuid, headSeq: source.headSeq, headHash: source.headHash });
    if (problems.length > 0) {
      throw new GoldenHourError('verification-failed', `The ledger of the local case "${source.title}" does not verify, so nothing of it was taken: ${problems.map((p) => p.problem).join('; ')}`);
    }
    const ledgerFile = await hashFile(source.ledgerPath);
    const receivedFrom = { caseUuid: source.caseUuid, title: source.title, headSeq: source.headSeq, headHash: source.headHash, ledgerSha256: ledgerFile.sha256 };
    // What the local ledger last recorded of each item: a pushed item must be exactly that.
    const recordedStates = new Map<number, Record<string, unknown>>();
    // And every comment it recorded, by local item and comment id.
    const recordedComments = new Map<number, Map<number, Record<string, unknown>>>();
    for (const entry of entries) {
      if (entry.itemId === null) continue;
      if (isRecord(entry.details.state)) recordedStates.set(entry.itemId, entry.details.state);
      const comment = entry.action === 'item commented' ? entry.details.comment : undefined;
      if (isRecord(comment) && typeof comment.id === 'number') {
        const ofItem = recordedComments.get(entry.itemId) ?? new Map<number, Record<string, unknown>>();
        ofItem.set(comment.id, comment);
        recordedComments.set(entry.itemId, ofItem);
      }
    }
    const c = await this.deps.store.read((tx) => tx.cases.get(caseId));
    if (c.closed) throw new GoldenHourError('conflict', `Case ${caseId} ("${c.title}") was closed on ${c.closed.at}, so nothing of the local case "${source.title}" was taken: reopen it first`);
    const teamLedger = await this.deps.ledger.list(caseId);
    // The team case's copies of this local case's items, by local item id (from earlier calls, or pushes).
    const received = new Map<number, number>();
    for (const entry of teamLedger) {
      const from = entry.details.receivedFrom as { caseUuid?: unknown; localItemId?: unknown } | undefined;
      if (entry.itemId !== null && entry.details.method === PUSHED && from?.caseUuid === source.caseUuid && typeof from.localItemId === 'number') received.set(from.localItemId, entry.itemId);
    }
    const result: IngestResult = { items: [], alreadyPresent: [], sameContent: [], errors: [], notes: [] };
    const toTake: PushedItem[] = [];
    const refused: string[] = [];
    for (const pushed of items) {
      const already = received.get(pushed.localItemId);
      if (already !== undefined) {
        result.alreadyPresent.push({ path: pushed.path, itemId: already, sha256: pushed.sha256 });
        continue;
      }
      try {
        await check(pushed, recordedStates.get(pushed.localItemId), recordedComments.get(pushed.localItemId) ?? new Map(),
          (localId) => received.has(localId) || toTake.some((taken) => taken.localItemId === localId));
        toTake.push(pushed);
      } catch (error) {
        refused.push(`item ${pushed.localItemId}: ${errorMessage(error)}`);
      }
    }
    if (refused.length > 0) {
      throw new GoldenHourError('verification-failed', `Nothing of this part of the push from the local case "${source.title}" was taken, because ${refused.length === 1 ? 'an item was' : `${refused.length} items were`} refused: ${refused.join('; ')}`);
    }
    const closing = complete && !teamLedger.some((e) => e.action === PUSH_RECEIVED && e.details.caseUuid === source.caseUuid && e.details.headHash === source.headHash);
    if (toTake.length === 0 && !closing) return { ...result, ledgerSha256: ledgerFile.sha256, recorded: false };
    // Then everything in one unit of work; the files go into the vault last inside it, so a unit
    // that fails before its end leaves the vault as it was.
    const taken = await this.deps.store.withTransaction(async (tx) => {
      const inserted: Item[] = [];
      const copies = new Map(received);
      for (const pushed of toTake) {
        const item = await record(tx, caseId, pushed, copies, operator, receivedFrom);
        copies.set(pushed.localItemId, item.id);
        inserted.push(item);
      }
      if (closing) await tx.ledger.append({ caseId, operator, action: PUSH_RECEIVED, itemId: null, details: { ...receivedFrom, entries: entries.length } });
      await this.keep(source.ledgerPath, ledgerFile);
      for (const pushed of toTake) {
        for (const file of [{ path: pushed.path, sha256: pushed.sha256, size: pushed.record.size }, ...pushed.artifacts]) await this.keep(file.path, file);
      }
      return inserted;
    });
    result.items.push(...taken);
    return { ...result, ledgerSha256: ledgerFile.sha256, recorded: closing };
  }

  /** Puts an uploaded file into the vault, refusing it if it is no longer what was checked. */
  private async keep(path: string, expected: { sha256: string; size: number }): Promise<void> {
    const stored = await this.deps.vault.putFile(path);
    if (stored.sha256 !== expected.sha256 || stored.size !== expected.size) {
      throw new GoldenHourError('verification-failed', `${path} changed on the server while it was being received (now ${stored.sha256}, ${stored.size} bytes): nothing of this part of the push was taken, push again`);
    }
  }
}

/**
 * Checks one item against the local ledger (its record, triage and comments), that the item it
 * belongs to is received or comes before it, and re-hashes its files where they were uploaded.
 */
async function check(pushed: PushedItem, recorded: Record<string, unknown> | undefined, recordedComments: Map<number, Record<string, unknown>>, parentArrives: (localId: number) => boolean): Promise<void> {
  if (!recorded) throw new Error('the local ledger records no such item');
  const { record } = pushed;
  const differs = differingFields(recorded, {
    kind: record.kind, sha256: pushed.sha256, size: record.size, mediaType: record.mediaType, originalName: record.originalName,
    sourceUrl: pushed.sourceUrl, parentId: pushed.localParentId, acquiredAt: pushed.acquiredAt, acquiredBy: pushed.acquiredBy,
    title: record.title, eventTime: record.eventTime, location: record.location, flags: record.flags, notes: record.notes,
    tags: record.tags, grading: record.grading, withdrawn: record.withdrawn ?? null, metadataSha256: digestOrNull(record.metadata), postSha256: digestOrNull(record.post),
    captureSha256: digestOrNull(record.capture), artifacts: sortedArtifacts(pushed.artifacts),
  });
  // Triage is always compared: a state that names none (or was written before triage existed) is untriaged.
  const triage = record.triage ?? UNTRIAGED;
  if (canonicalJson(recorded.triage ?? UNTRIAGED) !== canonicalJson({ status: triage.status, assignee: triage.assignee })) differs.push('triage');
  if (differs.length > 0) throw new Error(`what was sent differs from what the local ledger recorded of it (${differs.join(', ')})`);
  checkComments(record.comments ?? [], recordedComments);
  if (pushed.localParentId !== null && !parentArrives(pushed.localParentId)) {
    throw new Error(`the item it belongs to, local item ${pushed.localParentId}, has not been received: push it first`);
  }
  for (const file of [{ path: pushed.path, sha256: pushed.sha256, size: record.size }, ...pushed.artifacts]) {
    const arrived = await hashFile(file.path);
    if (arrived.sha256 !== file.sha256 || arrived.size !== file.size) {
      throw new Error(`${file.path} arrived as ${arrived.sha256} (${arrived.size} bytes), not the ${file.sha256} (${file.size} bytes) the local case recorded`);
    }
  }
}

/** Records one checked item under the team's copy of its parent, then the local work on it, each as its own entry. */
async function record(tx: Repositories, caseId: number, pushed: PushedItem, copies: Map<number, number>, operator: string, receivedFrom: Record<string, unknown>): Promise<Item> {
  const { record } = pushed;
  const artifacts = pushed.artifacts.map(({ role, sha256, size, mediaType, derived }) => ({ role, sha256, size, mediaType, derived }));
  const parentId = pushed.localParentId === null ? null : copies.get(pushed.localParentId) ?? null;
  const details = { method: PUSHED, receivedFrom: { ...receivedFrom, localItemId: pushed.localItemId, localParentId: pushed.localParentId, acquiredAt: pushed.acquiredAt, acquiredBy: pushed.acquiredBy, sourceUrl: pushed.sourceUrl } };
  let item = await tx.items.insert({
    caseId, kind: record.kind, sha256: pushed.sha256, size: record.size, mediaType: record.mediaType, originalName: record.originalName,
    sourcePath: pushed.path, sourceUrl: pushed.sourceUrl, parentId, title: record.title, eventTime: record.eventTime, location: record.location,
    metadata: record.metadata, post: record.post, capture: record.capture, flags: record.flags, artifacts,
  }, operator, details);
  // The investigator's work on it comes along, each as its own entry (as it was recorded locally).
  const local = { receivedFrom: details.receivedFrom };
  if (record.notes !== '') item = await tx.items.update(item.id, { notes: record.notes }, operator, 'note changed', local);
  if (record.tags.length > 0) item = await tx.items.update(item.id, { tags: record.tags }, operator, 'tags changed', local);
  if (record.grading !== null) item = await tx.items.update(item.id, { grading: record.grading }, operator, 'grading changed', local);
  const triage = record.triage ?? UNTRIAGED;
  if (triage.status !== UNTRIAGED.status || triage.assignee !== null) {
    // The local assignee is kept as named there (a name on that machine, not necessarily a member here).
    item = await tx.items.update(item.id, { triage }, operator, 'item triaged', { ...local, from: UNTRIAGED, to: triage });
  }
  // Each comment keeps its local author and time; its entry names the pushing user.
  for (const comment of record.comments ?? []) {
    await tx.comments.add(item.id, comment.body, comment.author, {
      at: comment.at, operator, details: { receivedFrom: { ...details.receivedFrom, localCommentId: comment.localCommentId } },
    });
  }
  // Withdrawn here as it was there: the reason says who withdrew it in the local case, and when.
  const { withdrawn } = record;
  if (withdrawn) item = await tx.items.withdraw(item.id, `${withdrawn.reason} (withdrawn in the local case by ${withdrawn.by} at ${withdrawn.at})`, operator);
  return item;
}

/** A file's SHA-256 and size, read where it was uploaded (nothing stored). */
async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new Error(`${path} could not be read: ${errorMessage(error)}`);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Holds a pushed item's comments to the 'item commented' entries the local ledger has for it:
 * each must be one of them (author, time, text by SHA-256), and none of them may be left out.
 */
function checkComments(comments: PushedComment[], recorded: Map<number, Record<string, unknown>>): void {
  const sent = new Set<number>();
  for (const comment of comments) {
    const state = recorded.get(comment.localCommentId);
    if (!state) throw new Error(`its comment ${comment.localCommentId} is not in the local ledger`);
    const differs: string[] = (['at', 'author'] as const).filter((key) => state[key] !== comment[key]);
    if (state.bodySha256 !== sha256Hex(comment.body)) differs.push('text');
    if (differs.length > 0) throw new Error(`its comment ${comment.localCommentId} differs from what the local ledger recorded of it (${differs.join(', ')})`);
    if (sent.has(comment.localCommentId)) throw new Error(`its comment ${comment.localCommentId} was sent twice`);
    sent.add(comment.localCommentId);
  }
  const missing = [...recorded.keys()].filter((id) => !sent.has(id));
  if (missing.length > 0) throw new Error(`the local ledger records comment${missing.length > 1 ? 's' : ''} ${missing.join(', ')} on it, which ${missing.length > 1 ? 'were' : 'was'} not sent`);
}

/**
 * The fields of the recorded state that the pushed values do not match. A field the local ledger's
 * version did not cover yet is not compared; its file (sha256) always is.
 */
function differingFields(recorded: Record<string, unknown>, sent: Record<string, unknown>): string[] {
  return Object.entries(sent)
    .filter(([key]) => key === 'sha256' || key in recorded)
    .filter(([key, value]) => canonicalJson(key === 'artifacts' ? sortedArtifacts((recorded[key] ?? []) as Artifact[]) : recorded[key] ?? null) !== canonicalJson(value ?? null))
    .map(([key]) => key);
}

function sortedArtifacts(artifacts: Artifact[]): Artifact[] {
  return [...artifacts]
    .sort((a, b) => (a.role + a.sha256 < b.role + b.sha256 ? -1 : 1))
    .map((a) => ({ role: a.role, sha256: a.sha256, size: a.size, mediaType: a.mediaType, derived: a.derived }));
}

function digestOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : sha256Hex(canonicalJson(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readPushedLedger(path: string): Promise<CustodyEntry[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new GoldenHourError('invalid-input', `The pushed ledger ${path} could not be read: ${errorMessage(error)}`);
  });
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new GoldenHourError('invalid-input', `Line ${i + 1} of the pushed ledger is not JSON`);
    }
    const entry = custodyEntrySchema.safeParse(parsed);
    if (!entry.success) throw new GoldenHourError('invalid-input', `Line ${i + 1} of the pushed ledger is not a custody entry`);
    return entry.data;
  });
}
