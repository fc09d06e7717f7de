import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { custodyEntrySchema, verifyChain, type CustodyEntry } from '../custody/chain.js';
import type { IngestResult, IngestService } from '../ingest/ingest-service.js';
import type { CustodyLedger } from '../store/repositories.js';
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

/** One item of the local case, uploaded as its stored file. */
export interface PushedItem {
  path: string;
  sha256: string;
  localItemId: number;
  acquiredAt: string;
  acquiredBy: string;
  sourceUrl: string | null;
}

export interface PushReceipt extends IngestResult {
  /** The SHA-256 of the local ledger as kept in the vault. */
  ledgerSha256: string;
  /** Whether this call recorded the push's 'push received' entry (false when this head was already recorded, or not complete yet). */
  recorded: boolean;
}

export const PUSH_RECEIVED = 'push received';

/**
 * Receives a case captured offline into a team case (`goldenhour push`). The local ledger is
 * checked link by link and against the head the pusher names before anything is taken, then kept
 * in the vault; every file is re-hashed on arrival and must be the content the local case recorded;
 * each new item's custody entry says it was received from that local case (at that ledger head)
 * by the pushing user. Files already received from it are reported, not added again, and the
 * closing 'push received' entry is written once per local ledger head: a push run again, or
 * resumed after an interruption, adds only what is missing.
 */
export class PushReceiver {
  constructor(private readonly deps: { vault: Vault; ingest: IngestService; ledger: CustodyLedger }) {}

  async receive(caseId: number, source: PushSource, items: PushedItem[], operator: string, complete: boolean): Promise<PushReceipt> {
    const entries = await readPushedLedger(source.ledgerPath);
    const problems = verifyChain(entries, { caseUuid: source.caseUuid, headSeq: source.headSeq, headHash: source.headHash });
    if (problems.length > 0) {
      throw new GoldenHourError('verification-failed', `The ledger of the local case "${source.title}" does not verify, so nothing of it was taken: ${problems.map((p) => p.problem).join('; ')}`);
    }
    const ledgerBlob = await this.deps.vault.putFile(source.ledgerPath);
    const receivedFrom = { caseUuid: source.caseUuid, title: source.title, headSeq: source.headSeq, headHash: source.headHash, ledgerSha256: ledgerBlob.sha256 };
    const errors: IngestResult['errors'] = [];
    const accepted: PushedItem[] = [];
    for (const item of items) {
      const got = await sha256Of(item.path).catch((error: unknown) => `unreadable (${errorMessage(error)})`);
      if (got === item.sha256) accepted.push(item);
      else errors.push({ path: item.path, error: `item ${item.localItemId} of the local case arrived as ${got}, not the ${item.sha256} its case recorded: not taken` });
    }
    const byPath = new Map(accepted.map((item) => [item.path, item]));
    const result = accepted.length === 0
      ? { items: [], alreadyPresent: [], sameContent: [], errors: [], notes: [] }
      : await this.deps.ingest.ingest(caseId, [...byPath.keys()], {
        operator,
        acquisition: (path) => {
          const item = byPath.get(path);
          return { method: 'pushed from a local case', receivedFrom: { ...receivedFrom, localItemId: item?.localItemId, acquiredAt: item?.acquiredAt, acquiredBy: item?.acquiredBy, sourceUrl: item?.sourceUrl ?? null } };
        },
      });
    let recorded = false;
    if (complete) {
      const already = (await this.deps.ledger.list(caseId)).some((e) => e.action === PUSH_RECEIVED && e.details.caseUuid === source.caseUuid && e.details.headHash === source.headHash);
      if (!already) {
        await this.deps.ledger.append({ caseId, operator, action: PUSH_RECEIVED, itemId: null, details: { ...receivedFrom, entries: entries.length } });
        recorded = true;
      }
    }
    return { ...result, errors: [...errors, ...result.errors], ledgerSha256: ledgerBlob.sha256, recorded };
  }
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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
