import { z } from 'zod';
import { canonicalJson } from '../util/canonical-json.js';
import type { CustodyEntry } from './chain.js';

/** The ledger action of an anchor entry. */
export const ANCHOR_ACTION = 'anchor';
/** The ledger action recording that anchoring was turned on or off (details.tsa lists the authorities). */
export const ANCHORING_CHANGED_ACTION = 'anchoring changed';
/** Most entry hashes one anchor stamps; older entries are covered through the chain's previous-hashes. */
export const ANCHOR_MAX_HASHES = 10_000;

/** What an `anchor` entry records: the stamped hashes and the authority's token over them. */
export const anchorDetailsSchema = z.object({
  tsaUrl: z.string(),
  tsaName: z.string().nullable(),
  genTime: z.string(),
  serialNumber: z.string(),
  /** The RFC 3161 token (DER, base64). */
  token: z.string(),
  /** The entries stamped: `hashes[i]` is the hash of entry `fromSeq + i`; the last is the head. */
  fromSeq: z.number().int().positive(),
  headSeq: z.number().int().positive(),
  hashes: z.array(z.string()),
  /** When the oldest entry waiting for this anchor was written, when it was asked for, and when obtained. */
  pendingSince: z.string(),
  requestedAt: z.string(),
  obtainedAt: z.string(),
});
export type AnchorDetails = z.infer<typeof anchorDetailsSchema>;

/**
 * The bytes an authority's token stamps (their SHA-256 is the imprint): the case and the hashes
 * of every entry since the previous anchor, so that a token names exactly which entries it saw.
 */
export function anchorMessage(caseUuid: string, fromSeq: number, hashes: string[]): Buffer {
  return Buffer.from(canonicalJson({ anchor: 'Golden Hour custody ledger', caseUuid, fromSeq, hashes }), 'utf8');
}

/** Entries an anchor must still cover for one authority: everything after its last anchor but anchors themselves. */
export function entriesToAnchor(entries: CustodyEntry[], tsaUrl: string): { fromSeq: number; pending: CustodyEntry[] } {
  let coveredUpTo = 0;
  for (const entry of entries) {
    if (entry.action !== ANCHOR_ACTION || entry.details.tsaUrl !== tsaUrl) continue;
    const head = Number(entry.details.headSeq);
    if (Number.isInteger(head)) coveredUpTo = Math.max(coveredUpTo, head);
  }
  const after = entries.filter((entry) => entry.seq > coveredUpTo);
  const pending = after.filter((entry) => entry.action !== ANCHOR_ACTION);
  return { fromSeq: coveredUpTo + 1, pending };
}

/** The hashes to stamp for a case whose head is `entries.at(-1)`, from `fromSeq` (bounded). */
export function hashesToStamp(entries: CustodyEntry[], fromSeq: number): { fromSeq: number; hashes: string[] } {
  const from = Math.max(fromSeq, (entries.at(-1)?.seq ?? 0) - ANCHOR_MAX_HASHES + 1);
  const slice = entries.filter((entry) => entry.seq >= from);
  return { fromSeq: slice[0]?.seq ?? from, hashes: slice.map((entry) => entry.hash) };
}
