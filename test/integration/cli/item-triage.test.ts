import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../../support/team-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir('goldenhour-item-triage-');
afterAll(() => temp.remove());

interface Entry { action: string; operator: string; itemId: number | null; details: { to?: unknown } }

describe('goldenhour item status | assign | comment on a local data folder', () => {
  const dataDir = join(temp.path, 'data');
  const env = { GOLDENHOUR_OPERATOR: 'DC Test', GOLDENHOUR_SERVER: '' };
  const cli = (args: string[]) => runCli(args, { dataDir, env });

  beforeAll(async () => {
    const evidence = join(temp.path, 'evidence');
    mkdirSync(evidence, { recursive: true });
    for (const name of ['a.txt', 'b.txt']) writeFileSync(join(evidence, name), `statement ${name}\n`);
    expect((await cli(['case', 'create', '--title', 'Bridge fire'])).code).toBe(0);
    expect((await cli(['ingest', '1', evidence])).code).toBe(0);
  }, 120_000);

  it('sets status on several items, assigns to a free name or the operator, comments, and records each change', async () => {
    const status = await cli(['item', 'status', '1', '1,2', 'in-review']);
    expect([status.code, status.stdout.trim()]).toEqual([0, 'Status set to in-review: items 1, 2 (one custody entry each)']);
    expect((await cli(['item', 'status', '1', '2', 'in-review'])).stdout.trim()).toBe('Already so, left as they were: item 2');
    expect((await cli(['item', 'assign', '1', '1'])).stdout.trim()).toBe('Assigned to DC Test: item 1 (one custody entry each)');
    expect((await cli(['item', 'assign', '1', '2', 'DS Grey'])).stdout.trim()).toBe('Assigned to DS Grey: item 2 (one custody entry each)');
    expect((await cli(['item', 'assign', '1', '2', '--none'])).stdout.trim()).toBe('Unassigned: item 2 (one custody entry each)');
    expect((await cli(['item', 'comment', '1', '1', 'Time on the sign matches.'])).stdout).toMatch(/^Comment 1 added to item 1 by DC Test at \d{4}-/);
    expect((await cli(['item', 'comments', '1', '1'])).stdout).toMatch(/^\S+Z {2}DC Test: Time on the sign matches\.\n$/);
    const items = await runCliJson<{ id: number; triage: unknown }[]>(['items', '1'], { dataDir, env });
    expect(items.json.map((item) => [item.id, item.triage])).toEqual([[1, { status: 'in-review', assignee: 'DC Test' }], [2, { status: 'in-review', assignee: null }]]);
    const ledger = await runCliJson<Entry[]>(['custody', '1'], { dataDir, env });
    expect(ledger.json.filter((e) => e.action === 'item triaged').map((e) => [e.itemId, e.details.to])).toEqual([
      [1, { status: 'in-review', assignee: null }], [2, { status: 'in-review', assignee: null }], [1, { status: 'in-review', assignee: 'DC Test' }],
      [2, { status: 'in-review', assignee: 'DS Grey' }], [2, { status: 'in-review', assignee: null }],
    ]);
    expect((await cli(['custody', '1', '--verify'])).code).toBe(0);
  }, 120_000);

  it('refuses a status that is not one, an item of no case, and an empty comment, with what to give instead', async () => {
    const bad = await cli(['item', 'status', '1', '1', 'done']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'goldenhour: Expected a status, one of new, in-review, verified, disputed, not-relevant, but received "done"']);
    expect((await cli(['item', 'status', '1', '99', 'verified'])).stderr.trim()).toBe('goldenhour: No item with id 99');
    expect((await cli(['item', 'status', '1', 'x', 'verified'])).stderr).toContain('Expected item ids (positive whole numbers');
    expect((await cli(['item', 'comment', '1', '1', '   '])).stderr).toContain('a comment cannot be empty');
  }, 120_000);
});

describe('goldenhour item ... --server on a team server', () => {
  let team: TeamServerFixture;
  const envOf = (user: string) => ({ XDG_CONFIG_HOME: join(temp.path, `config-${user}`), GOLDENHOUR_SERVER: '', GOLDENHOUR_DATA: '' });
  const as = (user: string, args: string[]) => runCli([...args, '--server', team.origin], { env: envOf(user) });
  let itemId: number;

  beforeAll(async () => {
    team = await startTeamFixture();
    for (const name of ['lena', 'ivan', 'rita', 'otto']) {
      await team.core.accounts.addUser(name, `${name} password 123`, false);
      const file = join(temp.path, `${name}.pw`);
      writeFileSync(file, `${name} password 123\n`);
      chmodSync(file, 0o600);
      expect((await runCli(['login', '--server', team.origin, '--user', name, '--password-file', file], { env: envOf(name) })).code).toBe(0);
    }
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    await call(team.origin, lena, 'case.create', { title: 'Bridge fire' });
    await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' });
    await call(team.origin, lena, 'case.share', { caseId: 1, user: 'rita', role: 'reviewer' });
    const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=scene.jpg`, { method: 'POST', headers: { Authorization: `Bearer ${lena}` }, body: Buffer.from('scene bytes') });
    const { path } = ((await upload.json()) as { value: { path: string } }).value;
    itemId = ((await call(team.origin, lena, 'items.ingest', { caseId: 1, paths: [path] })).json.value as { items: { id: number }[] }).items[0]!.id;
  }, 180_000);
  afterAll(async () => team?.close(), 60_000);

  it('lets an investigator triage as themselves, refuses a reviewer and an assignee not on the case', async () => {
    expect((await as('ivan', ['item', 'status', '1', String(itemId), 'verified'])).stdout.trim()).toBe(`Status set to verified: item ${itemId} (one custody entry each)`);
    expect((await as('ivan', ['item', 'assign', '1', String(itemId)])).stdout.trim()).toBe(`Assigned to ivan: item ${itemId} (one custody entry each)`);
    const outsider = await as('ivan', ['item', 'assign', '1', String(itemId), 'otto']);
    expect([outsider.code, outsider.stderr.trim()]).toEqual([2, `goldenhour: ${team.origin}: "otto" is not a member of case 1, so items cannot be assigned to them; its members are ivan, lena, rita`]);
    const reviewer = await as('rita', ['item', 'status', '1', String(itemId), 'disputed']);
    expect(reviewer.stderr.trim()).toBe(`goldenhour: ${team.origin}: You are a reviewer on case 1: a reviewer may not change it (capture, import, notes, tags, grading, triage, comments)`);
    expect((await as('rita', ['item', 'comment', '1', String(itemId), 'disagree'])).code).not.toBe(0);
    expect((await as('ivan', ['item', 'comment', '1', String(itemId), 'Checked against the 999 call log.'])).code).toBe(0);
    expect((await as('rita', ['item', 'comments', '1', String(itemId)])).stdout).toContain('ivan: Checked against the 999 call log.');
    const ledger = await runCliJson<Entry[]>(['custody', '1', '--server', team.origin], { env: envOf('rita') });
    expect(ledger.json.filter((e) => e.action.startsWith('item ') && e.action !== 'item acquired').map((e) => [e.action, e.operator])).toEqual([
      ['item triaged', 'ivan'], ['item triaged', 'ivan'], ['item commented', 'ivan'],
    ]);
  }, 180_000);
});
