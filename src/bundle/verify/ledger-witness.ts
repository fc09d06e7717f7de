import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { LedgerWitness } from '../../custody/witness-check.js';
import { GoldenHourError } from '../../util/errors.js';
import { verifyBundle } from './verifier.js';

/** An earlier bundle read as a witness of the ledger, with what is wrong with the bundle itself. */
export interface BundleWitness {
  witness: LedgerWitness;
  /** Problems the bundle's own verification found (a damaged witness proves less). */
  bundleProblems: string[];
}

/**
 * Reads the ledger an earlier bundle carries (custody.jsonl up to the head its manifest names),
 * after verifying the bundle as `goldenhour verify` does, without extracting anything.
 */
export async function readBundleWitness(path: string, trustedTsaPem?: string): Promise<BundleWitness> {
  const { report, contents } = await verifyBundle(path, { collect: true, ...(trustedTsaPem ? { trustedTsaPem } : {}) });
  if (!contents) {
    throw new GoldenHourError('invalid-input', `The bundle ${path} cannot serve as a witness: ${report.problems.map((p) => `${p.path}: ${p.problem}`).join('; ') || 'its manifest is unreadable'}`);
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return {
    witness: {
      name: basename(path),
      caseUuid: contents.manifest.case.uuid,
      exportedAt: contents.manifest.exportedAt,
      headSeq: contents.manifest.custody.headSeq,
      headHash: contents.manifest.custody.headHash,
      entries: contents.custody,
      bundleSha256: hash.digest('hex'),
    },
    bundleProblems: report.problems.map((p) => `${p.path}: ${p.problem}`),
  };
}
