import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/api.js';
import { startTeamServer } from '../../../src/server/team-server.js';
import { call, selfSignedCertificate, signIn, startTeamFixture, type TeamServerFixture } from '../../support/team-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Accounts of a team server on a real PostgreSQL: sign-in, wrong passwords, sessions, TLS. */
describe('team server accounts', () => {
  let team: TeamServerFixture;
  beforeAll(async () => {
    team = await startTeamFixture();
    await team.core.accounts.addUser('alice', 'correct horse battery', false);
    await team.core.accounts.addUser('bob', 'bob password 2026', false);
  }, 120_000);
  afterAll(async () => team?.close());

  it('stores only a salted scrypt hash of each password', async () => {
    const [alice, bob] = await team.core.store.withTransaction((tx) => Promise.all([tx.team.userLogin('alice'), tx.team.userLogin('bob')]));
    expect(alice!.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(alice!.passwordHash).not.toContain('horse');
    expect(alice!.passwordHash.split('$')[4]).not.toBe(bob!.passwordHash.split('$')[4]);
  });

  it('refuses a short password, a bad user name and a name already taken, saying which', async () => {
    await expect(team.core.accounts.addUser('carol', 'short', false)).rejects.toThrow('at least 12 characters');
    await expect(team.core.accounts.addUser('../carol', 'long enough password', false)).rejects.toThrow('user name of 1-64 letters');
    await expect(team.core.accounts.addUser('alice', 'another long password', false)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('alice') });
  });

  it('signs in with the right password and answers a wrong one and an unknown user alike', async () => {
    const token = await signIn(team.origin, 'alice', 'correct horse battery');
    const me = await call(team.origin, token, 'session.whoami', {});
    expect(me.json).toEqual({ ok: true, value: { user: 'alice', admin: false, cases: [] } });
    const wrong = await call(team.origin, null, 'session.login', { user: 'alice', password: 'wrong horse battery' });
    const unknown = await call(team.origin, null, 'session.login', { user: 'nobody', password: 'wrong horse battery' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json.error).toEqual(unknown.json.error);
    expect(wrong.json.error).toEqual({ code: 'unauthorized', message: 'Wrong user name or password' });
    await team.core.accounts.unlock('alice');
  });

  it('makes each wrong password after the third wait longer, then locks the account, with a clear message', async () => {
    const attempt = (password: string) => call(team.origin, null, 'session.login', { user: 'bob', password });
    for (let n = 1; n <= 2; n++) expect((await attempt('guess')).json.error!.message).toBe('Wrong user name or password');
    const third = await attempt('guess');
    expect(third.json.error!.message).toBe('Wrong user name or password (wait 1 s before the next attempt)');
    // During the wait even the right password is refused, unchecked, and does not count.
    const early = await attempt('bob password 2026');
    expect(early.status).toBe(429);
    expect(early.json.error).toEqual({ code: 'rate-limited', message: 'Too many wrong passwords for bob: wait 1 s before trying again' });
    team.clock.advance(1_000);
    expect((await attempt('guess')).json.error!.message).toContain('wait 2 s');
    team.clock.advance(2_000);
    expect((await attempt('guess')).json.error!.message).toContain('wait 4 s');
    team.clock.advance(4_000);
    const sixth = await attempt('guess');
    expect(sixth.status).toBe(429);
    expect(sixth.json.error!.message).toMatch(/^Wrong password; the account bob is now locked after 6 wrong passwords until 2026-12-02T00:15:07\.000Z \(UTC\)$/);
    team.clock.advance(14 * 60_000);
    const locked = await attempt('bob password 2026');
    expect(locked.status).toBe(429);
    expect(locked.json.error!.message).toBe('The account bob is locked after 6 wrong passwords until 2026-12-02T00:15:07.000Z (UTC); an administrator can unlock it sooner');
    team.clock.advance(60_000);
    expect((await attempt('bob password 2026')).status).toBe(200);
    // The right password starts the count afresh.
    expect((await attempt('guess')).json.error!.message).toBe('Wrong user name or password');
    await team.core.accounts.unlock('bob');
  });

  it('ends a session when it expires, when the user signs out, and when the password changes', async () => {
    const first = await signIn(team.origin, 'alice', 'correct horse battery');
    expect((await call(team.origin, first, 'case.list', {})).status).toBe(200);
    team.clock.advance(59 * 60_000);
    expect((await call(team.origin, first, 'case.list', {})).status).toBe(200);
    team.clock.advance(2 * 60_000);
    const expired = await call(team.origin, first, 'case.list', {});
    expect(expired.status).toBe(401);
    expect(expired.json.error).toEqual({ code: 'unauthorized', message: 'Sign in first: there is no session, or it has ended' });

    const second = await signIn(team.origin, 'alice', 'correct horse battery');
    const out = await call(team.origin, second, 'session.logout', {});
    expect(out.json).toEqual({ ok: true, value: { ended: true } });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(team.origin, second, 'case.list', {})).status).toBe(401);

    const third = await signIn(team.origin, 'alice', 'correct horse battery');
    await team.core.accounts.setPassword('alice', 'a brand new passphrase');
    expect((await call(team.origin, third, 'case.list', {})).status).toBe(401);
    expect((await call(team.origin, null, 'session.login', { user: 'alice', password: 'correct horse battery' })).status).toBe(401);
    await signIn(team.origin, 'alice', 'a brand new passphrase');
  });

  it('signs in from the page: a form, an HttpOnly SameSite=Strict cookie, and the app behind it', async () => {
    const page = await fetch(`${team.origin}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login');
    const form = await fetch(`${team.origin}/login`);
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await form.text()).toContain('<form method="post" action="/login">');
    const wrong = await fetch(`${team.origin}/login`, { method: 'POST', body: new URLSearchParams({ user: 'bob', password: '<b>x</b>' }), redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name or password');
    const right = await fetch(`${team.origin}/login`, { method: 'POST', body: new URLSearchParams({ user: 'bob', password: 'bob password 2026' }), redirect: 'manual' });
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^goldenhour_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const withCookie = await fetch(`${team.origin}/api/session.whoami`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie.split(';')[0]! }, body: '{}' });
    expect(await withCookie.json()).toMatchObject({ ok: true, value: { user: 'bob' } });
  });

  it('refuses a non-loopback address without TLS, and serves HTTPS on one with a certificate', async () => {
    const api = createApi(team.core);
    const options = { api, core: team.core, rendererDir: team.vaultDir, port: 0 };
    await expect(startTeamServer({ ...options, host: '0.0.0.0' })).rejects.toThrow(
      'Refusing to listen on 0.0.0.0 without TLS: it is not a loopback address, and passwords and session cookies would cross the network readable by anyone on it. Give --tls-cert FILE --tls-key FILE');
    const temp = makeTempDir('goldenhour-tls-');
    try {
      const { certPath, keyPath } = selfSignedCertificate(temp.path);
      const server = await startTeamServer({ ...options, host: '0.0.0.0', tls: { cert: readFileSync(certPath), key: readFileSync(keyPath) } });
      try {
        expect(server.url).toBe(`https://0.0.0.0:${server.port}/`);
        const answer = await new Promise<{ status: number; hsts: unknown; body: string }>((resolve, reject) => {
          const body = JSON.stringify({ user: 'bob', password: 'bob password 2026' });
          const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/api/session.login', method: 'POST', ca: readFileSync(certPath),
            headers: { 'Content-Type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body: text + String(res.headers['set-cookie']) }));
          });
          req.on('error', reject);
          req.end(body);
        });
        expect(answer.status).toBe(200);
        expect(answer.hsts).toBe('max-age=31536000');
        expect(answer.body).toContain('; Secure');
      } finally {
        await server.close();
      }
    } finally {
      temp.remove();
    }
  });
});
