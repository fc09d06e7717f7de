import type { Core } from '../../core.js';
import { readBundleWitness } from '../../bundle/verify/ledger-witness.js';
import { parsePemCertificates } from '../../bundle/format/tsa-client.js';
import { verifyCase } from '../../custody/verify-case.js';
import { diskFullNote, isDiskFull } from '../../util/disk-full.js';
import type { HandlerSet } from '../handler-types.js';

export function custodyHandlers(core: Core): HandlerSet<'custody.list' | 'custody.verify'> {
  return {
    'custody.list': async (req) => {
      await core.cases.get(req.caseId);
      return core.ledger.list(req.caseId, req.itemId);
    },
    'custody.verify': async (req) => {
      const witnesses = [];
      for (const path of req.against ?? []) witnesses.push(await readBundleWitness(path));
      const trustedTsaRoots = req.tsaCaPem ? parsePemCertificates(req.tsaCaPem) : [];
      // Anchors still waiting (offline, or held back by the interval) are taken first if they can be.
      if (core.anchors.enabled()) await core.anchors.anchorPending({ caseIds: [req.caseId] }).catch(() => []);
      const report = await verifyCase(core, req.caseId, { witnesses, trustedTsaRoots, now: core.clock.now() });
      // The check itself is part of the record: who verified, when, and what was found. On a full
      // disk the verdict still stands; only its own entry is skipped, and the report says so.
      try {
        await core.ledger.append({
          caseId: req.caseId,
          operator: req.operator ?? core.defaultOperator,
          action: 'verification',
          details: { ok: report.ok, entries: report.entries, items: report.items, blobs: report.blobs, problems: report.problems.length,
            ...(report.witnesses.length > 0 ? { against: report.witnesses } : {}) },
        });
      } catch (error) {
        if (!isDiskFull(error)) throw error;
        report.notes.push(`${diskFullNote(core.dataDir, null, 'this verification\'s own ledger entry')} The verdict stands; verify again once there is room to record it.`);
      }
      return report;
    },
  };
}
