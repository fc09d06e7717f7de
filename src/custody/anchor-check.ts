import type { Certificate } from 'pkijs';
import { checkTimestampToken } from '../bundle/format/tsa-client.js';
import { ANCHOR_ACTION, ANCHORING_CHANGED_ACTION, anchorDetailsSchema, anchorMessage } from './anchor.js';
import type { CustodyEntry } from './chain.js';

/** How long after its own time an entry may wait for an anchor before that is named. */
export const ANCHOR_GRACE_MS = 5 * 60_000;

/** What checking a ledger's anchors found. */
export interface AnchorCheck {
  anchors: number;
  /** Anchors whose token holds and whose stamped hashes all match the ledger. */
  intact: number;
  problems: { seq: number | null; itemId: number | null; problem: string }[];
}

const range = (seqs: number[]) => (seqs.length === 1 ? `entry ${seqs[0]}` : `entries ${seqs[0]}-${seqs.at(-1)}`);

/**
 * Checks every `anchor` entry against the chain: its token must hold (over the hashes it says
 * it stamped, chaining to `trustedRoots` when given) and every stamped hash must still be the
 * hash of that entry. A history rewritten and re-hashed breaks every later anchor, and the entry
 * changed is named with the anchor and its authority's time. Since nobody can get a token with an
 * old time, entries that no intact anchor covered within {@link ANCHOR_GRACE_MS} of their own time,
 * while anchoring was on, are named too: dropping the broken anchors does not hide a rewrite.
 */
export async function checkAnchors(entries: CustodyEntry[], trustedRoots: Certificate[], now: Date): Promise<AnchorCheck> {
  const result: AnchorCheck = { anchors: 0, intact: 0, problems: [] };
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  const coveredAt = new Map<number, number>(); // seq -> earliest time an intact anchor stamped it
  const reported = new Set<number>();
  for (const entry of entries) {
    if (entry.action !== ANCHOR_ACTION) continue;
    result.anchors += 1;
    const parsed = anchorDetailsSchema.safeParse(entry.details);
    if (!parsed.success) {
      result.problems.push({ seq: entry.seq, itemId: null, problem: `anchor entry ${entry.seq} is unreadable: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    const anchor = parsed.data;
    const by = `anchor ${entry.seq}, timestamped ${anchor.genTime} by TSA ${anchor.tsaName ?? anchor.tsaUrl}`;
    const check = await checkTimestampToken(Buffer.from(anchor.token, 'base64'), anchorMessage(entry.caseUuid, anchor.fromSeq, anchor.hashes), trustedRoots);
    if (!check.valid) {
      result.problems.push({ seq: entry.seq, itemId: null, problem: `anchor ${entry.seq}'s token does not hold for the entries it names (${check.problems.join('; ')}): the anchor was altered` });
      continue;
    }
    const genTime = Date.parse(check.genTime ?? anchor.genTime);
    const changed: number[] = [];
    const rehashed: number[] = [];
    anchor.hashes.forEach((hash, index) => {
      const seq = anchor.fromSeq + index;
      const current = bySeq.get(seq);
      if (current && current.hash === hash) return;
      // An entry whose previous-hash still matches what was stamped before it was itself changed;
      // one whose predecessor changed may only have been re-hashed to follow it.
      const stampedBefore = index > 0 ? anchor.hashes[index - 1] : undefined;
      if (current && stampedBefore !== undefined && current.prevHash !== stampedBefore) rehashed.push(seq);
      else changed.push(seq);
    });
    for (const seq of changed) {
      if (reported.has(seq)) continue;
      reported.add(seq);
      const current = bySeq.get(seq);
      result.problems.push({ seq, itemId: current?.itemId ?? null, problem: current
        ? `entry ${seq} changed after ${by}`
        : `entry ${seq}, stamped by ${by}, is missing from the ledger` });
    }
    const unreported = rehashed.filter((seq) => !reported.has(seq));
    if (unreported.length > 0) {
      unreported.forEach((seq) => reported.add(seq));
      result.problems.push({ seq: unreported[0] ?? null, itemId: null, problem: `${range(unreported)} no longer match ${by}: re-hashed after an earlier entry changed` });
    }
    if (changed.length > 0 || rehashed.length > 0) continue;
    result.intact += 1;
    // An intact anchor over the head covers every entry before it through the chain.
    for (let seq = anchor.headSeq; seq >= 1 && !coveredAt.has(seq); seq -= 1) coveredAt.set(seq, genTime);
  }
  result.problems.push(...uncovered(entries, coveredAt, now));
  return result;
}

/** Entries written while anchoring was on that no intact anchor stamped in time. */
function uncovered(entries: CustodyEntry[], coveredAt: Map<number, number>, now: Date): AnchorCheck['problems'] {
  const problems: AnchorCheck['problems'] = [];
  let on = false;
  let late: { seqs: number[]; first: CustodyEntry; anchoredAt: number | undefined } | null = null;
  const flush = () => {
    if (!late) return;
    const when = late.anchoredAt === undefined ? 'no intact anchor covers them' : `the first intact anchor covering them was timestamped ${new Date(late.anchoredAt).toISOString()}`;
    problems.push({ seq: late.first.seq, itemId: late.first.itemId,
      problem: `${range(late.seqs)} (from ${late.first.at}) were not anchored within ${ANCHOR_GRACE_MS / 60_000} minutes while anchoring was on (${when}): anchors were removed, or the authorities could not be reached` });
    late = null;
  };
  for (const entry of entries) {
    if (entry.action === ANCHORING_CHANGED_ACTION) on = Array.isArray(entry.details.tsa) && entry.details.tsa.length > 0;
    if (entry.action === ANCHOR_ACTION) on = true;
    // Verifications record a check, not a change to the evidence: they are anchored with the next work.
    if (!on || entry.action === ANCHOR_ACTION || entry.action === 'verification') continue;
    const at = Date.parse(entry.at);
    if (now.getTime() - at < ANCHOR_GRACE_MS) continue;
    const anchoredAt = coveredAt.get(entry.seq);
    if (anchoredAt !== undefined && anchoredAt <= at + ANCHOR_GRACE_MS) {
      flush();
      continue;
    }
    if (late && late.seqs.at(-1) === entry.seq - 1 && late.anchoredAt === anchoredAt) late.seqs.push(entry.seq);
    else {
      flush();
      late = { seqs: [entry.seq], first: entry, anchoredAt };
    }
  }
  flush();
  return problems;
}
