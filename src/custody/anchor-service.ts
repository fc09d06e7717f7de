import { readSettings } from '../config/settings.js';
import type { CaseRepository, CustodyLedger } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import { ANCHOR_ACTION, anchorMessage, entriesToAnchor, hashesToStamp, type AnchorDetails } from './anchor.js';

/** Asks an authority to stamp bytes (their SHA-256); `requestTimestamp` of the bundle's TSA client. */
export type TimestampRequester = (url: string, message: Uint8Array) => Promise<{ token: Buffer; info: { genTime: string; serialNumber: string; tsaName: string | null } }>;

/** What one pass of anchoring did, case by case and authority by authority. */
export interface AnchorOutcome {
  caseId: number;
  tsaUrl: string;
  state: 'anchored' | 'deferred' | 'failed';
  seq?: number;
  headSeq?: number;
  message?: string;
}

/**
 * Anchors every case's ledger head outside the machine: for each configured RFC 3161 authority,
 * the hashes of the entries written since its last anchor are stamped and the token is stored
 * as an `anchor` ledger entry. At most one request goes to an authority per interval (a burst
 * of work is coalesced into one anchor); an authority that cannot be reached leaves the entries
 * waiting, and the next pass (the app's timer, or the next command) takes them.
 */
export class AnchorService {
  private readonly lastRequest = new Map<string, number>();

  constructor(private readonly deps: {
    dataDir: string;
    ledger: CustodyLedger;
    cases: CaseRepository;
    clock: Clock;
    requestTimestamp: TimestampRequester;
    operator: string;
  }) {}

  /** Whether anchoring is on (some authority is configured). */
  enabled(): boolean {
    return readSettings(this.deps.dataDir).tsa.length > 0;
  }

  /**
   * Takes the anchors that are due. With `wait`, a request held back by the interval is waited
   * for (a command about to exit takes its anchor rather than leaving it for later).
   */
  async anchorPending(options: { wait?: boolean; caseIds?: number[] } = {}): Promise<AnchorOutcome[]> {
    const settings = readSettings(this.deps.dataDir);
    const outcomes: AnchorOutcome[] = [];
    const cases = (await this.deps.cases.list()).filter((c) => !options.caseIds || options.caseIds.includes(c.id));
    for (const tsaUrl of settings.tsa) {
      for (const c of cases) {
        const entries = await this.deps.ledger.list(c.id);
        const { fromSeq, pending } = entriesToAnchor(entries, tsaUrl);
        if (pending.length === 0) continue;
        const now = this.deps.clock.now().getTime();
        const last = Math.max(this.lastRequest.get(tsaUrl) ?? 0, Date.parse((await this.deps.ledger.lastAnchorRequest(tsaUrl)) ?? '') || 0);
        const dueAt = last + settings.tsaIntervalSeconds * 1000;
        if (dueAt > now) {
          // A verification only records a check: it is anchored with the next work, never waited for.
          if (!options.wait || pending.every((entry) => entry.action === 'verification')) {
            outcomes.push({ caseId: c.id, tsaUrl, state: 'deferred', message: `one request per ${settings.tsaIntervalSeconds} s to ${tsaUrl}: due at ${isoUtc(new Date(dueAt))}` });
            continue;
          }
          await new Promise((resolve) => setTimeout(resolve, dueAt - now));
        }
        outcomes.push(await this.anchorCase(c.id, c.uuid, tsaUrl, entries, fromSeq, pending[0]?.at ?? ''));
      }
    }
    return outcomes;
  }

  private async anchorCase(caseId: number, caseUuid: string, tsaUrl: string, entries: Awaited<ReturnType<CustodyLedger['list']>>, fromSeq: number, pendingSince: string): Promise<AnchorOutcome> {
    const stamp = hashesToStamp(entries, fromSeq);
    const headSeq = stamp.fromSeq + stamp.hashes.length - 1;
    const requestedAt = isoUtc(this.deps.clock.now());
    this.lastRequest.set(tsaUrl, this.deps.clock.now().getTime());
    let answer: Awaited<ReturnType<TimestampRequester>>;
    try {
      answer = await this.deps.requestTimestamp(tsaUrl, anchorMessage(caseUuid, stamp.fromSeq, stamp.hashes));
    } catch (error) {
      return { caseId, tsaUrl, state: 'failed', headSeq, message: errorMessage(error).replace(/; nothing was exported$/, '') };
    }
    const details: AnchorDetails = {
      tsaUrl, tsaName: answer.info.tsaName, genTime: answer.info.genTime, serialNumber: answer.info.serialNumber,
      token: answer.token.toString('base64'), fromSeq: stamp.fromSeq, headSeq, hashes: stamp.hashes,
      pendingSince, requestedAt, obtainedAt: isoUtc(this.deps.clock.now()),
    };
    // Entries written while the request was out are left for the next anchor; this one names its head.
    const entry = await this.deps.ledger.append({ caseId, operator: this.deps.operator, action: ANCHOR_ACTION, details });
    return { caseId, tsaUrl, state: 'anchored', seq: entry.seq, headSeq };
  }
}
