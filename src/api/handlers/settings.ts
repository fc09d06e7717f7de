import type { Core } from '../../core.js';
import { parseTsaList, readSettings, writeSettings } from '../../config/settings.js';
import { ANCHORING_CHANGED_ACTION } from '../../custody/anchor.js';
import type { HandlerSet } from '../handler-types.js';

export function settingsHandlers(core: Core): HandlerSet<'settings.get' | 'settings.setTsa'> {
  return {
    'settings.get': async () => {
      const settings = readSettings(core.dataDir);
      return { tsa: settings.tsa, tsaIntervalSeconds: settings.tsaIntervalSeconds };
    },
    'settings.setTsa': async (req) => {
      const tsa = parseTsaList(req.tsa.join(','));
      const before = readSettings(core.dataDir);
      const after = { ...before, tsa, tsaIntervalSeconds: req.intervalSeconds ?? before.tsaIntervalSeconds };
      writeSettings(core.dataDir, after);
      if (before.tsa.join(',') !== tsa.join(',')) {
        // Each case's ledger says from when anchoring was on: entries after this must be anchored in time.
        const operator = req.operator ?? core.defaultOperator;
        await core.store.withTransaction(async (tx) => {
          for (const c of await tx.cases.list()) await tx.ledger.append({ caseId: c.id, operator, action: ANCHORING_CHANGED_ACTION, details: { tsa } });
        });
      }
      return { tsa: after.tsa, tsaIntervalSeconds: after.tsaIntervalSeconds };
    },
  };
}
