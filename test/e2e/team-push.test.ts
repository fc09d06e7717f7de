import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/api.js';
import { openCore } from '../../src/core.js';
import { CLI_PATH, runCli, runCliJson } from '../support/cli.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { makeTempDir } from '../support/temp-dir.js';

const STEP_TIMEOUT_MS = 300_000;
const PHOTOS = join(import.meta.dirname, '..', 'fixtures', 'photos');

interface PushReport { added: number; alreadyPresent: number; recorded: boolean; failed: unknown[] }

/** `goldenhour push`: a case captured offline goes into a team case, interrupted and resumed, then pushed again. */
describe('goldenhour push into a team case', () => {
  let team: TeamServerFixture;
  const temp = makeTempDir('goldenhour-push-');
  const localData = join(temp.path, 'laptop');
  const env = { XDG_CONFIG_HOME: join(temp.path, 'config'), GOLDENHOUR_SERVER: '', GOLDENHOUR_DATA: '' };
  let photos: string[] = [];

  beforeAll(async () => {
    team = await startTeamFixture();
    await team.core.accounts.addUser('ivan', 'ivan password 123', false);
    await team.core.accounts.addUser('lena', 'lena password 123', false);
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Bridge fire' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    const passwordFile = join(temp.path, 'ivan.pw');
    writeFileSync(passwordFile, 'ivan password 123\n');
    chmodSync(passwordFile, 0o600);
    expect((await runCli(['login', '--server', team.origin, '--user', 'ivan', '--password-file', passwordFile], { env })).code).toBe(0);
    // The case ivan captured offline on his laptop.
    const core = openCore({ dataDir: localData, analyser: null, anchorTimer: false, operator: 'ivan-laptop' });
    const api = createApi(core);
    await api.call('case.create', { title: 'Bridge fire, offline' });
    photos = readdirSync(PHOTOS).filter((name) => name.endsWith('.jpg')).slice(0, 6).map((name) => join(PHOTOS, name));
    const ingested = await api.call('items.ingest', { caseId: 1, paths: photos });
    expect(ingested.items).toHaveLength(6);
    await core.close();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await team?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  it('resumes a push killed midway, and a push run again adds nothing', async () => {
    const args = ['push', '1', '--data', localData, '--server', team.origin, '--to-case', '1'];
    // Killed as soon as the first items have been received.
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        if (/items sent/.test(err)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`push ended (${code}) before it could be interrupted: ${err}`)));
    });
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    const partly = (await call(team.origin, lena, 'items.list', { caseId: 1 })).json.value as unknown[];
    expect(partly.length).toBeGreaterThan(0);
    expect(partly.length).toBeLessThan(6);

    const resumed = await runCliJson<PushReport>(args, { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json.added + resumed.json.alreadyPresent).toBe(6);
    expect(resumed.json.alreadyPresent).toBe(partly.length);
    expect(resumed.json.recorded).toBe(true);
    const items = (await call(team.origin, lena, 'items.list', { caseId: 1 })).json.value as { sha256: string }[];
    expect(items).toHaveLength(6);
    expect(new Set(items.map((i) => i.sha256)).size).toBe(6);
    const ledger = (await call(team.origin, lena, 'custody.list', { caseId: 1 })).json.value as { action: string; operator: string; details: Record<string, unknown> }[];
    const acquired = ledger.filter((e) => e.action === 'item acquired');
    expect(acquired.map((e) => e.operator)).toEqual(Array(6).fill('ivan'));
    expect(acquired.every((e) => (e.details.receivedFrom as { title: string }).title === 'Bridge fire, offline')).toBe(true);
    const pushes = ledger.filter((e) => e.action === 'push received');
    expect(pushes).toHaveLength(1);
    // The local ledger is kept in the server's vault, by its hash.
    expect(await team.core.vault.has(String(pushes[0]!.details.ledgerSha256))).toBe(true);

    const again = await runCliJson<PushReport>(args, { env });
    expect([again.code, again.json.added, again.json.alreadyPresent, again.json.recorded]).toEqual([0, 0, 6, false]);
    const after = (await call(team.origin, lena, 'custody.list', { caseId: 1 })).json.value as unknown[];
    expect(after).toHaveLength(ledger.length);
  }, STEP_TIMEOUT_MS);
});
