import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../support/cli.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { makeTempDir } from '../support/temp-dir.js';

const STEP_TIMEOUT_MS = 180_000;
const PHOTOS = join(import.meta.dirname, '..', 'fixtures', 'photos');

/** The CLI with --server on a real PostgreSQL-backed team server: an investigator works, a reviewer reads and exports. */
describe('the CLI against a team server (--server)', () => {
  let team: TeamServerFixture;
  const temp = makeTempDir('goldenhour-team-cli-server-');
  // Each user keeps their session in their own config folder, as on their own machine.
  const envOf = (user: string) => ({ XDG_CONFIG_HOME: join(temp.path, `config-${user}`), GOLDENHOUR_SERVER: '', GOLDENHOUR_DATA: '' });
  const as = (user: string, args: string[]) => runCli([...args, '--server', team.origin], { env: envOf(user) });
  const asJson = <T>(user: string, args: string[]) => runCliJson<T>([...args, '--server', team.origin], { env: envOf(user) });

  beforeAll(async () => {
    team = await startTeamFixture();
    for (const name of ['lena', 'ivan', 'rita']) {
      await team.core.accounts.addUser(name, `${name} password 123`, false);
      const file = join(temp.path, `${name}.pw`);
      writeFileSync(file, `${name} password 123\n`);
      chmodSync(file, 0o600);
      const login = await runCli(['login', '--server', team.origin, '--user', name, '--password-file', file], { env: envOf(name) });
      expect(login.code, login.stderr).toBe(0);
    }
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Bridge fire' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.create', { title: 'Lena alone' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'rita', role: 'reviewer' })).status).toBe(200);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await team?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  it('lists only the cases the user is on', async () => {
    const listed = await asJson<{ id: number; title: string }[]>('ivan', ['case', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.json.map((c) => c.title)).toEqual(['Bridge fire']);
    const other = await as('ivan', ['items', '2']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('No case with id 2');
  }, STEP_TIMEOUT_MS);

  it('imports local files and folders by uploading them; the server re-hashes them, and a second import adds nothing', async () => {
    const folder = join(temp.path, 'scene photos');
    mkdirSync(join(folder, 'drone'), { recursive: true });
    cpSync(join(PHOTOS, 'exifr__issue-exifr-13.jpg'), join(folder, 'a.jpg'));
    cpSync(join(PHOTOS, 'exifr__issue-exifr-59.jpg'), join(folder, 'drone', 'b.jpg'));
    const note = join(temp.path, 'witness.txt');
    writeFileSync(note, 'seen at 14:05 from the bridge\n');
    const ingested = await asJson<{ items: { id: number; sha256: string; sourcePath: string }[]; errors: unknown[] }>('ivan', ['ingest', '1', folder, note, join(temp.path, 'missing.jpg')]);
    expect(ingested.code).toBe(1);
    expect(ingested.json.items.map((i) => i.sourcePath).sort()).toEqual([join(folder, 'a.jpg'), join(folder, 'drone', 'b.jpg'), note].sort());
    expect(ingested.json.errors).toEqual([{ path: join(temp.path, 'missing.jpg'), error: 'no such file or folder' }]);
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(ingested.json.items.map((i) => i.sha256).sort()).toEqual([sha(join(folder, 'a.jpg')), sha(join(folder, 'drone', 'b.jpg')), sha(note)].sort());

    const items = await asJson<{ id: number; acquiredBy: string }[]>('rita', ['items', '1']);
    expect(items.json).toHaveLength(3);
    const custody = await asJson<{ action: string; operator: string }[]>('rita', ['custody', '1']);
    expect(custody.json.filter((e) => e.action === 'item acquired').map((e) => e.operator)).toEqual(['ivan', 'ivan', 'ivan']);

    const again = await asJson<{ items: unknown[]; alreadyPresent: unknown[] }>('ivan', ['ingest', '1', folder]);
    expect([again.code, again.json.items.length, again.json.alreadyPresent.length]).toEqual([0, 0, 2]);
  }, STEP_TIMEOUT_MS);

  it("refuses a reviewer's writes with the server's reason", async () => {
    const note = join(temp.path, 'rita.txt');
    writeFileSync(note, 'a reviewer may not add this');
    const ingest = await as('rita', ['ingest', '1', note]);
    expect(ingest.code).toBe(2);
    expect(ingest.stderr).toContain('You are a reviewer on case 1: a reviewer may not change it');
    const withdraw = await as('rita', ['withdraw', '1', '--reason', 'not mine to do']);
    expect(withdraw.code).toBe(2);
    expect(withdraw.stderr).toContain('a reviewer may not do this (leads only)');
  }, STEP_TIMEOUT_MS);

  it('exports as a reviewer: the bundle is sealed on the server, downloaded to --out and verifies here', async () => {
    const out = join(temp.path, 'bridge.zip');
    const exported = await asJson<{ path: string; sha256: string; itemIds: number[] }>('rita', ['export', '1', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json.path).toBe(out);
    expect(exported.json.itemIds).toHaveLength(3);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(exported.json.sha256);
    const verified = await runCli(['verify', out], { env: envOf('rita') });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // The ledger on the server still holds what the bundle recorded, checked against the bundle on this machine.
    const against = await asJson<{ ok: boolean; witnesses: { ok: boolean }[] }>('rita', ['custody', '1', '--verify', '--against', out]);
    expect([against.code, against.json.ok, against.json.witnesses.map((w) => w.ok)]).toEqual([0, true, [true]]);
    const again = await as('rita', ['export', '1', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    // Another user cannot fetch rita's bundle from the server.
    const ivan = await signIn(team.origin, 'ivan', 'ivan password 123');
    const onServer = readdirSync(join(team.core.dataDir, 'exports'), { recursive: true }).map(String).filter((n) => n.endsWith('.zip'));
    expect(onServer).toHaveLength(1);
    const [folder, file] = onServer[0]!.split('/');
    expect(folder).toMatch(/^user-\d+$/);
    const stolen = await fetch(`${team.origin}/api/exports/${encodeURIComponent(file!)}`, { headers: { Authorization: `Bearer ${ivan}` } });
    expect(stolen.status).toBe(404);
  }, STEP_TIMEOUT_MS);

  it('imports a folder of sixty files, each item with its own local path, in the order found, custody intact', async () => {
    const folder = join(temp.path, 'phone dump');
    mkdirSync(folder);
    const names = Array.from({ length: 60 }, (_, n) => `note-${String(n).padStart(2, '0')}.txt`);
    for (const name of names) writeFileSync(join(folder, name), `witness note ${name}\n`);
    const ingested = await asJson<{ items: { id: number; sourcePath: string }[]; errors: unknown[] }>('lena', ['ingest', '2', folder]);
    expect(ingested.code, JSON.stringify(ingested.json)).toBe(0);
    // In the order found (by name), in ascending ids.
    expect(ingested.json.items.map((i) => i.sourcePath)).toEqual(names.map((name) => join(folder, name)));
    const ids = ingested.json.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ingested.json.errors).toEqual([]);
    const verified = await asJson<{ ok: boolean }>('lena', ['custody', '2', '--verify']);
    expect(verified.json.ok).toBe(true);
  }, STEP_TIMEOUT_MS);

  it('says to log in when there is no session or it has ended, and refuses --data with --server', async () => {
    const nobody = await runCli(['case', 'list', '--server', team.origin], { env: { ...envOf('nobody') } });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr.trim()).toBe(`goldenhour: Not signed in to ${team.origin}: run goldenhour login --server ${team.origin} --user NAME --password-file FILE`);
    const both = await runCli(['case', 'list', '--server', team.origin, '--data', temp.path], { env: envOf('ivan') });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--data DIR');
    const viaEnv = await runCliJson<{ title: string }[]>(['case', 'list'], { env: { ...envOf('ivan'), GOLDENHOUR_SERVER: team.origin } });
    expect(viaEnv.json.map((c) => c.title)).toEqual(['Bridge fire']);
    team.clock.advance(2 * 3_600_000);
    const ended = await as('ivan', ['case', 'list']);
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain(`log in again: goldenhour login --server ${team.origin} --user NAME`);
  }, STEP_TIMEOUT_MS);
});
