import Database from 'better-sqlite3';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { dataLayout } from '../../../src/config/data-dir.js';
import { openCore } from '../../../src/core.js';
import type { WatchRun } from '../../../src/watch/watch-types.js';
import { WatchService } from '../../../src/watch/watch-service.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface Report {
  ok: boolean;
  problems: { itemId: number | null; seq: number | null; field?: string; problem: string }[];
}

// One watched post, run three times (first, unchanged, edited) through the real core and Chromium;
// each tampering then works on its own copy of that data folder, as an attacker with the database would.
const temp = makeTempDir();
const seeded = join(temp.path, 'seeded');
let site: ChangingPostSite;
let runs: WatchRun[] = [];
let copies = 0;

beforeAll(async () => {
  site = await startChangingPostSite();
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const core = openCore({ dataDir: seeded, operator: 'watcher', clock, analyser: null, anchorTimer: false });
  try {
    const caseId = (await core.cases.create({ title: 'watch' }, 'watcher')).id;
    const watches = new WatchService({ ...core, capture: new CaptureService(core) });
    await watches.register({ caseId, urls: [`${site.origin}${site.postPath}`], everySeconds: 120, untilAt: null, settings: { allowPrivate: true }, operator: 'watcher' });
    for (const text of [null, null, 'Water over the kerb on Harbour Road, two cars stuck.']) {
      if (text) site.state.text = text;
      const [watch] = await core.watches.list(caseId);
      offsetMs += Math.max(0, Date.parse(watch!.nextRunAt) - clock.now().getTime());
      await watches.runDue(caseId, { operator: 'watcher', timeoutSeconds: 10, allowPrivate: true });
    }
    runs = await core.watches.runs(1);
  } finally {
    await core.close();
  }
}, 120_000);
afterAll(async () => {
  await site.close();
  temp.remove();
});

/** A copy of the seeded data folder, with `sql` run on its database. */
function tampered(...statements: string[]): string {
  const dataDir = join(temp.path, `copy-${++copies}`);
  cpSync(seeded, dataDir, { recursive: true });
  const db = new Database(dataLayout(dataDir).database);
  db.pragma('foreign_keys = OFF');
  for (const sql of statements) db.exec(sql);
  db.close();
  return dataDir;
}

async function verify(dataDir: string): Promise<{ code: number | null; report: Report; stdout: string }> {
  const json = await runCli(['custody', '1', '--verify', '--json'], { dataDir });
  const text = await runCli(['custody', '1', '--verify'], { dataDir });
  return { code: json.code, report: JSON.parse(json.stdout) as Report, stdout: text.stdout };
}

it('custody --verify holds the watch and its runs to the ledger, and names each tampered watch row', async () => {
  expect(runs.map((r) => [r.outcome, r.version])).toEqual([['first', 1], ['unchanged', 2], ['edited', 3]]);
  const intact = await verify(tampered());
  expect(intact.report.problems).toEqual([]);
  expect(intact.stdout).toContain('Custody verified: intact.');

  const [, unchanged, edited] = runs as [WatchRun, WatchRun, WatchRun];
  const cases: { sql: string[]; named: RegExp[] }[] = [
    // The edit hidden: the run says nothing changed.
    { sql: [`UPDATE watch_runs SET outcome = 'unchanged', verdict = '{"differences":{},"evidence":[]}' WHERE id = ${edited.id}`],
      named: [new RegExp(`run ${edited.id} of watch 1's database row differs from its custody record \\(entry \\d+\\) in: outcome, verdictSha256`)] },
    // The evidence for the verdict rewritten, the outcome kept.
    { sql: [`UPDATE watch_runs SET verdict = replace(verdict, 'turning back', 'turning around') WHERE id = ${edited.id}`],
      named: [new RegExp(`run ${edited.id} of watch 1's database row differs .* in: verdictSha256$`)] },
    // The schedule and the settings changed after the fact.
    { sql: ["UPDATE watches SET every_seconds = 3600, options = '{\"allowPrivate\":false}' WHERE id = 1"],
      named: [/watch 1's database row differs from its custody record \(entry \d+\) in: everySeconds, settingsSha256/] },
    // A run deleted: its version is left with no run naming it.
    { sql: [`DELETE FROM watch_runs WHERE id = ${unchanged.id}`],
      named: [new RegExp(`run ${unchanged.id} of watch 1 is in the custody ledger \\(entry \\d+\\) but missing from the database`),
        new RegExp(`item ${unchanged.itemId} was captured as version 2 of watch 1, but no run of the watch names it`)] },
    // A run slipped in.
    { sql: [`INSERT INTO watch_runs (watch_id, due_at, started_at, finished_at, outcome, verdict) VALUES (1, '${edited.dueAt}', '${edited.startedAt}', '${edited.finishedAt}', 'deleted', '{}')`],
      named: [/run \d+ of watch 1 \(deleted at .*\) has no custody entry: it was added outside Golden Hour/] },
  ];
  for (const { sql, named } of cases) {
    const { code, report, stdout } = await verify(tampered(...sql));
    expect({ sql, code }).toEqual({ sql, code: 1 });
    for (const pattern of named) {
      expect(report.problems.map((p) => p.problem), `${sql.join('; ')} should be named as ${pattern}`).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
      expect(stdout).toMatch(pattern.source.endsWith('$') ? new RegExp(pattern.source.slice(0, -1)) : pattern);
    }
    expect(report.problems.every((p) => p.field === 'watch'), JSON.stringify(report.problems)).toBe(true);
  }
}, 180_000);
