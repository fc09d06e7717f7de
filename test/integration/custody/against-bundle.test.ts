import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { forgeLedger } from '../../support/ledger-forgery.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface Report {
  ok: boolean;
  witnesses: { name: string; headSeq: number; ok: boolean }[];
  problems: { seq: number | null; itemId: number | null; problem: string }[];
}

/** The recipient of an earlier bundle holds a witness of the ledger that the data folder's owner cannot change. */
describe('custody --verify --against an earlier bundle', { timeout: 240_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let caseId: number;
  let items: { id: number; originalName: string }[];
  let bundle: string;
  let withdrawalSeq: number;

  beforeEach(async () => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
    const evidence = join(tmp.path, 'evidence');
    mkdirSync(evidence);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(evidence, name), `statement ${name}\n`);
    caseId = (await runCliJson<{ id: number }>(['case', 'create', '--title', 'Witnessed'], { dataDir })).json.id;
    items = (await runCliJson<{ items: { id: number; originalName: string }[] }>(['ingest', String(caseId), evidence], { dataDir })).json.items;
    await runCliJson(['withdraw', String(items[1]?.id), '--reason', 'duplicate of a better copy'], { dataDir });
    const ledger = (await runCliJson<{ seq: number; action: string }[]>(['custody', String(caseId)], { dataDir })).json;
    withdrawalSeq = ledger.find((e) => e.action === 'item withdrawn')?.seq ?? 0;
    bundle = join(tmp.path, 'sent-to-cps.zip');
    expect((await runCli(['export', String(caseId), '--out', bundle], { dataDir })).code).toBe(0);
  });
  afterEach(() => tmp.remove());

  const verify = async (...extra: string[]) => {
    const json = await runCli(['custody', String(caseId), '--verify', '--json', ...extra], { dataDir });
    const text = await runCli(['custody', String(caseId), '--verify', ...extra], { dataDir });
    expect(text.code).toBe(json.code);
    return { code: json.code, report: JSON.parse(json.stdout) as Report, stdout: text.stdout };
  };

  it('an untouched case still holds every entry the bundle recorded', async () => {
    const { code, report, stdout } = await verify('--against', bundle);
    expect(code).toBe(0);
    expect(report.witnesses).toEqual([expect.objectContaining({ name: 'sent-to-cps.zip', ok: true, headSeq: withdrawalSeq })]);
    expect(stdout).toContain('the ledger still holds every entry it recorded.');
  });

  it('names a tail cut off with the head set back (a withdrawal made to disappear)', async () => {
    forgeLedger(dataDir, caseId, (entries) => entries.filter((e) => e.seq < withdrawalSeq),
      [`UPDATE items SET withdrawn_at = NULL, withdrawn_by = NULL, withdrawn_reason = NULL WHERE id = ${items[1]?.id}`]);
    const { code, report, stdout } = await verify('--against', bundle);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.problem)).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`ledger ends at entry ${withdrawalSeq - 1}, but the bundle sent-to-cps.zip \\(exported .*\\) recorded it up to entry ${withdrawalSeq}: its tail was cut off and its head set back`)),
      expect.stringMatching(new RegExp(`^entry ${withdrawalSeq}, recorded in the bundle sent-to-cps.zip .* is missing from the case's ledger$`)),
      expect.stringMatching(/has no export entry for the bundle sent-to-cps.zip/),
    ]));
    expect(stdout).toContain('DIFFERS.');
    // The attack: the case alone looks intact, and later work writes over where the withdrawal was.
    expect((await verify()).code).toBe(0);
    const later = await verify('--against', bundle);
    expect(later.report.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(
      new RegExp(`^entry ${withdrawalSeq} is not the entry the bundle sent-to-cps.zip .* recorded there \\(item withdrawn, item ${items[1]?.id}, at .*\\): the ledger was cut back past it and written again$`)));
  });

  it('names an item renamed with the whole chain re-hashed', async () => {
    const renamed = items[0]?.id;
    forgeLedger(dataDir, caseId, (entries) => entries.map((e) => e.itemId === renamed && e.action === 'item acquired'
      ? { ...e, details: { ...e.details, state: { ...(e.details.state as object), originalName: 'harmless.txt' } } }
      : e), [`UPDATE items SET original_name = 'harmless.txt' WHERE id = ${renamed}`]);
    expect((await verify()).code).toBe(0);
    const { code, report } = await verify('--against', bundle);
    expect(code).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({
      itemId: renamed,
      problem: expect.stringMatching(/^entry \d+ \(item acquired, item \d+\) differs from what the bundle sent-to-cps.zip .* recorded, in: details.state.originalName: the history was changed after that export$/),
    }));
    expect(report.problems).toContainEqual(expect.objectContaining({ problem: expect.stringContaining('the chain was re-hashed after that export') }));
  });

  it('refuses --against without --verify, and a path that is not a bundle', async () => {
    const alone = await runCli(['custody', String(caseId), '--against', bundle], { dataDir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('add --verify');
    const missing = await runCli(['custody', String(caseId), '--verify', '--against', join(tmp.path, 'nope.zip')], { dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No bundle at');
  });
});
