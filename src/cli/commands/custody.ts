import { resolve } from 'node:path';
import { Command } from 'commander';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { readFileSync } from 'node:fs';
import { readBundleWitness } from '../../bundle/verify/ledger-witness.js';
import { checkAgainstWitness } from '../../custody/witness-check.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions, type Door } from '../context.js';
import { printJson, printLines, table } from '../output.js';

interface CustodyOptions extends CommonOptions {
  verify?: boolean;
  against?: string[];
  tsaCa?: string;
}

/** `goldenhour custody CASE [--verify]`: exit 1 when verification finds problems. */
export function custodyCommand(): Command {
  return withCommonOptions(
    new Command('custody')
      .description("show a case's custody ledger; with --verify, check the chain, the database and every blob")
      .argument('<case>', 'case id')
      .option('--verify', 'walk the hash chain, compare covered rows and re-hash every blob in the vault')
      .option('--against <bundle>', 'with --verify: an earlier bundle whose ledger the case must still contain (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value])
      .option('--tsa-ca <file>', "with --verify: PEM roots the anchors' time-stamping authorities must chain to"),
    { operator: true },
  ).action(async (caseArg: string, options: CustodyOptions) => {
    const caseId = parseCaseId(caseArg);
    if ((options.against || options.tsaCa) && !options.verify) throw new GoldenHourError('invalid-input', `${options.against ? '--against BUNDLE.zip' : '--tsa-ca'} is used during --verify: add --verify`);
    if (options.verify) {
      const against = options.against?.map((path) => resolve(path));
      const tsaCaPem = options.tsaCa !== undefined ? readPemFile(options.tsaCa) : undefined;
      const report = await withDoor(options, async (door) => {
        if (door.server && against) return verifyAgainstLocalBundles(door, caseId, against, tsaCaPem);
        return door.call('custody.verify', { caseId, operator: options.operator, ...(against ? { against } : {}), ...(tsaCaPem ? { tsaCaPem } : {}) });
      });
      if (options.json) printJson(report);
      else {
        printLines([
          `Case ${report.caseId}: ${report.entries} ledger entries, ${report.items} items, ${report.blobs} blobs re-hashed.`,
          ...(report.anchors.count > 0 ? [`Anchors: ${report.anchors.intact} of ${report.anchors.count} hold.`] : []),
          ...report.witnesses.map((w) => `Against ${w.name} (exported ${w.exportedAt}, ledger up to entry ${w.headSeq}): ${w.ok ? 'the ledger still holds every entry it recorded.' : 'DIFFERS.'}`),
          report.ok ? 'Custody verified: intact.' : `Custody verification FAILED: ${report.problems.length} problem(s):`,
          ...report.problems.map((p) => `  ${p.itemId !== null ? `item ${p.itemId}` : 'case'}: ${p.problem}`),
          ...report.notes.map((note) => `note: ${note}`),
        ]);
      }
      if (!report.ok) process.exitCode = 1;
      return;
    }
    const entries = await withDoor(options, (api) => api.call('custody.list', { caseId }));
    if (options.json) printJson(entries);
    else {
      printLines(table(
        ['SEQ', 'TIME (UTC)', 'OPERATOR', 'ACTION', 'ITEM', 'HASH'],
        entries.map((e) => [String(e.seq), e.at, e.operator, e.action, e.itemId === null ? '-' : String(e.itemId), e.hash.slice(0, 16)]),
      ));
    }
  });
}

function readPemFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new GoldenHourError('invalid-input', `Expected --tsa-ca to name a readable PEM file but ${file} could not be read: ${errorMessage(error)}`);
  }
}

/**
 * `custody --verify --against BUNDLE --server URL`: the bundles are on this machine, so the server
 * verifies the case (chain, rows, blobs, anchors; its entry names the signed-in user) and the
 * ledger it holds is compared here with what each bundle recorded, as the server would.
 */
async function verifyAgainstLocalBundles(door: Door, caseId: number, against: string[], tsaCaPem: string | undefined) {
  const witnesses = [];
  for (const path of against) witnesses.push(await readBundleWitness(path, tsaCaPem));
  const report = await door.call('custody.verify', { caseId, ...(tsaCaPem ? { tsaCaPem } : {}) });
  const ledger = await door.call('custody.list', { caseId });
  const problems = [...report.problems];
  const checked = [];
  for (const { witness, bundleProblems } of witnesses) {
    const found = checkAgainstWitness(ledger, witness);
    for (const p of found) problems.push({ itemId: p.itemId, seq: p.seq, sha256: null, field: 'ledger', problem: p.problem });
    for (const p of bundleProblems) problems.push({ itemId: null, seq: null, sha256: null, field: 'witness', problem: `the bundle ${witness.name} itself fails verification: ${p}` });
    checked.push({ name: witness.name, exportedAt: witness.exportedAt, headSeq: witness.headSeq, ok: found.length === 0 && bundleProblems.length === 0 });
  }
  return { ...report, ok: problems.length === 0, witnesses: checked, problems };
}
