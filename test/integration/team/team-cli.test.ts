import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCli, runCliJson } from '../../support/cli.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** The team server as a user runs it: `goldenhour server`, `server user add`, `login`, `case share`. */
describe('goldenhour server, login and case share', () => {
  let pg: TestPostgres;
  let dbUrl: string;
  const temp = makeTempDir('goldenhour-team-cli-');
  // Sessions kept by `goldenhour login` go to this config folder, not the tester's.
  const env = { XDG_CONFIG_HOME: join(temp.path, 'config'), GOLDENHOUR_SERVER: '' };
  let server: ChildProcess | null = null;
  let origin = '';
  const passwordFile = (name: string, password: string, mode = 0o600) => {
    const path = join(temp.path, `${name}.pw`);
    writeFileSync(path, `${password}\n`);
    chmodSync(path, mode);
    return path;
  };

  beforeAll(async () => {
    pg = await startTestPostgres();
    dbUrl = await pg.createDatabase();
  }, 120_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await pg?.stop();
    temp.remove();
  });

  it('adds users from password files, refusing one others can read', async () => {
    const added = await runCliJson<{ name: string; admin: boolean }>(['server', 'user', 'add', 'lena', '--db', dbUrl, '--password-file', passwordFile('lena', 'lena password 123'), '--admin'], { env });
    expect([added.code, added.json]).toEqual([0, expect.objectContaining({ name: 'lena', admin: true })]);
    const open = await runCli(['server', 'user', 'add', 'ivan', '--db', dbUrl, '--password-file', passwordFile('ivan', 'ivan password 123', 0o644)], { env });
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(`may be read by other users (mode 644): make it yours alone with chmod 600`);
    expect((await runCli(['server', 'user', 'add', 'ivan', '--db', dbUrl, '--password-file', passwordFile('ivan', 'ivan password 123')], { env })).code).toBe(0);
    const noDb = await runCli(['server', 'user', 'add', 'max', '--db', 'mysql://x/y', '--password-file', passwordFile('max', 'max password 123')], { env });
    expect([noDb.code, noDb.stderr.trim()]).toEqual([2, 'goldenhour: Expected --db to start with postgres:// but received "mysql://..."']);
  }, 60_000);

  it('refuses to listen beyond loopback without TLS, before touching the database', async () => {
    const refused = await runCli(['server', '--db', dbUrl, '--vault', join(temp.path, 'vault'), '--listen', '0.0.0.0:0'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('goldenhour: Refusing to listen on 0.0.0.0 without TLS');
    const half = await runCli(['server', '--db', dbUrl, '--vault', join(temp.path, 'vault'), '--tls-cert', 'cert.pem'], { env });
    expect(half.stderr.trim()).toBe('goldenhour: TLS needs both --tls-cert FILE and --tls-key FILE (PEM); only one was given');
  });

  it('serves the team, and a lead shares a case from the command line', async () => {
    server = spawn(process.execPath, [CLI_PATH, 'server', '--db', dbUrl, '--vault', join(temp.path, 'vault'), '--listen', '127.0.0.1:0', '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = await new Promise<{ url: string }>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { url: string });
      });
      server!.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    origin = started.url.replace(/\/$/, '');
    const login = await runCliJson<{ user: string; admin: boolean }>(['login', '--server', origin, '--user', 'lena', '--password-file', passwordFile('lena', 'lena password 123')], { env });
    expect([login.code, login.json.user, login.json.admin]).toEqual([0, 'lena', true]);
    const created = await fetch(`${origin}/api/case.create`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await sessionOf(env.XDG_CONFIG_HOME, origin)}` }, body: JSON.stringify({ title: 'Bridge fire' }),
    });
    const caseId = ((await created.json()) as { value: { id: number } }).value.id;
    const shared = await runCli(['case', 'share', String(caseId), 'ivan', '--role', 'investigator', '--server', origin], { env });
    expect([shared.code, shared.stdout.split('\n')[0]]).toEqual([0, `ivan is now investigator on case ${caseId}. Members:`]);
    const badRole = await runCli(['case', 'share', String(caseId), 'ivan', '--role', 'owner', '--server', origin], { env });
    expect([badRole.code, badRole.stderr.trim()]).toEqual([2, 'goldenhour: Expected a role of lead, investigator, reviewer but received "owner"']);
    const unknownUser = await runCli(['case', 'share', String(caseId), 'nobody', '--role', 'reviewer', '--server', origin], { env });
    expect(unknownUser.stderr.trim()).toBe(`goldenhour: ${origin}: No user named "nobody" on this server`);
    // Ivan, signed in on his own, may not share: the server says why.
    const ivanEnv = { ...env, XDG_CONFIG_HOME: join(temp.path, 'ivan-config') };
    await runCli(['login', '--server', origin, '--user', 'ivan', '--password-file', passwordFile('ivan', 'ivan password 123')], { env: ivanEnv });
    const ivanShares = await runCli(['case', 'share', String(caseId), 'lena', '--role', 'reviewer', '--server', origin], { env: ivanEnv });
    expect([ivanShares.code, ivanShares.stderr.trim()]).toEqual([2, `goldenhour: ${origin}: You are an investigator on case ${caseId}: an investigator may not do this (leads only)`]);
    const notSignedIn = await runCli(['case', 'share', String(caseId), 'ivan', '--role', 'lead', '--server', origin], { env: { ...env, XDG_CONFIG_HOME: join(temp.path, 'nobody') } });
    expect(notSignedIn.stderr.trim()).toBe(`goldenhour: Not signed in to ${origin}: run goldenhour login --server ${origin} --user NAME --password-file FILE`);
  }, 60_000);
});

async function sessionOf(configHome: string, origin: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const sessions = JSON.parse(readFileSync(join(configHome, 'Golden Hour', 'team-sessions.json'), 'utf8')) as Record<string, { token: string }>;
  return sessions[origin]!.token;
}
