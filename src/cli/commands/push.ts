import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { verifyCase } from '../../custody/verify-case.js';
import { GoldenHourError, invalidInput } from '../../util/errors.js';
import { parseCaseId, withApi } from '../context.js';
import { printJson, printLines } from '../output.js';
import { parseServerUrl, signedInClient } from '../team-client.js';

interface PushOptions {
  data?: string;
  server?: string;
  toCase?: string;
  json?: boolean;
}

/** Items sent per push.receive call: what a push interrupted loses at most is one batch's work. */
const BATCH = 2;

/**
 * `goldenhour push LOCAL_CASE --data DIR --server URL --to-case N`: a case captured offline goes
 * into a team case. The local ledger must verify (chain, rows, every blob re-hashed) or nothing is
 * sent; it is sent and kept with the team case; each item's stored file is uploaded and re-hashed on
 * arrival, recorded as received from this local case (at its ledger head) by the signed-in user.
 * What the team case already received from this local case is not sent again, so an interrupted
 * push resumes where it stopped and a push run twice adds nothing.
 */
export function pushCommand(): Command {
  return new Command('push')
    .description('send a case captured on this machine into a case of a team server (its ledger verified and kept, every file re-hashed there)')
    .argument('<local-case>', 'case id in the local data folder')
    .option('--data <dir>', 'the local data directory (default: $GOLDENHOUR_DATA, else the per-user app data folder)')
    .option('--server <url>', 'the team server (default: $GOLDENHOUR_SERVER); sign in first with goldenhour login')
    .option('--to-case <id>', 'the case on the team server to push into (you must be its lead or an investigator)')
    .option('--json', 'print machine-readable JSON')
    .action(async (caseArg: string, options: PushOptions) => {
      const localCaseId = parseCaseId(caseArg);
      if (options.toCase === undefined) throw invalidInput('Expected --to-case N (the case on the team server to push into) but received nothing');
      const teamCaseId = parseCaseId(options.toCase);
      const client = signedInClient(parseServerUrl(options.server));
      const report = await withApi({ data: options.data }, async (_api, core) => {
        const c = await core.cases.get(localCaseId);
        const check = await verifyCase(core, localCaseId, { now: core.clock.now() });
        if (!check.ok) {
          throw new GoldenHourError('verification-failed', `The ledger of local case ${localCaseId} does not verify, so nothing was pushed: ${check.problems.map((p) => `${p.seq !== null ? `entry ${p.seq}` : p.itemId !== null ? `item ${p.itemId}` : 'case'}: ${p.problem}`).join('; ')}`);
        }
        await client.call('case.get', { caseId: teamCaseId });
        const entries = await core.ledger.list(localCaseId);
        const head = entries.at(-1);
        if (!head) throw invalidInput(`Local case ${localCaseId} has no ledger entries to push`);
        // One place on the server per local case: files sent before are found there, not sent twice.
        const batch = `push-${createHash('sha256').update(c.uuid).digest('hex').slice(0, 40)}`;
        const temp = mkdtempSync(join(tmpdir(), 'goldenhour-push-'));
        let ledgerPath: string;
        try {
          const file = join(temp, `ledger-${head.seq}.jsonl`);
          writeFileSync(file, entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
          ledgerPath = (await client.upload(file, batch, `ledger-${head.seq}.jsonl`)).path;
        } finally {
          rmSync(temp, { recursive: true, force: true });
        }
        const source = { caseUuid: c.uuid, title: c.title, headSeq: head.seq, headHash: head.hash, ledgerPath };
        const received = new Set((await client.call('items.list', { caseId: teamCaseId })).filter((item) => item.sourcePath?.includes(`/${batch}/`)).map((item) => item.sha256));
        const items = (await core.items.list(localCaseId, { includeWithdrawn: false })).filter((item) => !received.has(item.sha256));
        const totals = { added: 0, alreadyPresent: received.size, failed: [] as { path: string; error: string }[] };
        for (let start = 0; start < items.length; start += BATCH) {
          const chunk = [];
          for (const item of items.slice(start, start + BATCH)) {
            const name = `item-${item.id}-${(item.originalName ?? item.sha256).replace(/[/\\]/g, '_')}`;
            const uploaded = await client.upload(core.vault.pathOf(item.sha256), batch, name);
            chunk.push({ path: uploaded.path, sha256: item.sha256, localItemId: item.id, acquiredAt: item.acquiredAt, acquiredBy: item.acquiredBy, sourceUrl: item.sourceUrl });
          }
          const result = await client.call('push.receive', { caseId: teamCaseId, source, items: chunk, complete: false });
          totals.added += result.items.length;
          totals.alreadyPresent += result.alreadyPresent.length;
          totals.failed.push(...result.errors);
          if (!options.json) process.stderr.write(`${Math.min(start + BATCH, items.length)} of ${items.length} items sent\n`);
        }
        const closing = await client.call('push.receive', { caseId: teamCaseId, source, items: [], complete: true });
        return { localCase: localCaseId, teamCase: teamCaseId, server: client.server, headSeq: head.seq, headHash: head.hash, ledgerSha256: closing.ledgerSha256, recorded: closing.recorded, ...totals };
      });
      if (options.json) printJson(report);
      else {
        printLines([
          `Pushed local case ${report.localCase} (ledger up to entry ${report.headSeq}, ${report.headHash.slice(0, 16)}) into case ${report.teamCase} on ${report.server}:`,
          `  ${report.added} item(s) added, ${report.alreadyPresent} already there, ${report.failed.length} failed`,
          report.recorded ? '  Recorded in the team case\'s ledger as received from it, with its ledger kept.' : '  This ledger head was already recorded there: nothing more to add.',
        ]);
        for (const failure of report.failed) process.stderr.write(`failed: ${failure.path}: ${failure.error}\n`);
      }
      if (report.failed.length > 0) process.exitCode = 1;
    });
}
