import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/api/api.js';
import { TeamConnection } from '../../src/api/team-connection.js';
import { openCore, type Core } from '../../src/core.js';
import { startBrowserServer, type BrowserServer } from '../../src/server/http-server.js';
import { startTeamServer, type TeamServer } from '../../src/server/team-server.js';
import { launchTestBrowser } from '../support/chromium.js';
import { call, selfSignedCertificate, signIn, startTeamFixture, type TeamServerFixture } from '../support/team-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { requireBuiltRenderer, saveScreen, watchPageErrors } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 180_000;
const PHOTO = join(import.meta.dirname, '..', 'fixtures', 'photos', 'exifr__IMG_20180725_163423-tiny.jpg');

/** A port nothing listens on (taken and given back at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * "Connect to a team server" in the local app (browser mode, real Chromium) against a team server
 * on a throwaway PostgreSQL cluster: refusals in words, the shared case, an import, live changes,
 * an export downloaded to this machine, a session that ends, and back to local data.
 */
describe('the local app connected to a team server', () => {
  let team: TeamServerFixture;
  let tlsServer: TeamServer;
  let browser: Browser;
  let local: { core: Core; api: Api; server: BrowserServer; connection: TeamConnection };
  const temp = makeTempDir('goldenhour-team-connect-');
  const sessionsFile = join(temp.path, 'config', 'team-sessions.json');
  const connectionFile = join(temp.path, 'config', 'app-team-server.json');
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    team = await startTeamFixture({}, undefined, requireBuiltRenderer());
    for (const name of ['lena', 'ivan']) await team.core.accounts.addUser(name, `${name} password 123`, false);
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Bridge fire' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.create', { title: 'Lena alone' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 1, user: 'ivan', role: 'investigator' })).status).toBe(200);
    // The same team server behind a self-signed certificate this machine does not trust.
    const { certPath, keyPath } = selfSignedCertificate(temp.path);
    tlsServer = await startTeamServer({ api: team.api, core: team.core, host: '127.0.0.1', port: 0, rendererDir: requireBuiltRenderer(), tls: { cert: readFileSync(certPath), key: readFileSync(keyPath) } });

    const core = openCore({ dataDir: join(temp.path, 'local-data'), operator: 'ivan-laptop', analyser: null });
    const api = createApi(core);
    await api.call('case.create', { title: 'Only on this laptop' });
    const connection = new TeamConnection({ api, dataDir: core.dataDir, sessionsFile, connectionFile });
    const server = await startBrowserServer({ api, core, rendererDir: requireBuiltRenderer(), port: 0, connection });
    local = { core, api, server, connection };
    browser = await launchTestBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    local?.connection.close();
    await local?.server.close();
    await local?.core.close();
    await tlsServer?.close();
    await team?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  async function tryConnect(server: string, user: string, password: string): Promise<string> {
    const panel = page.getByTestId('connection-panel');
    if (!(await panel.getByLabel('Team server address').isVisible())) await panel.getByText('Connect to a team server').click();
    await panel.getByLabel('Team server address').fill(server);
    await panel.getByLabel('User name').fill(user);
    await panel.getByLabel('Password').fill(password);
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    const alert = panel.getByTestId('connect-error');
    await alert.waitFor();
    return (await alert.textContent()) ?? '';
  }

  it('shows the local data folder and refuses, in words, a bad address, a server that is down, an untrusted certificate and a wrong password', async () => {
    await expect.poll(() => page.getByTestId('connection-badge').textContent()).toBe('This computer');
    await page.getByTestId('connection-panel').getByText(local.core.dataDir).waitFor();
    await page.getByText('Only on this laptop').waitFor();

    expect(await tryConnect('ftp://team.example', 'ivan', 'x')).toContain('is not a web address');
    expect(await tryConnect('http://team.example:8080', 'ivan', 'x')).toContain('plain http:// address: your password and the case data would cross the network unencrypted');
    const down = await closedPort();
    expect(await tryConnect(`http://127.0.0.1:${down}`, 'ivan', 'ivan password 123')).toBe(`Nothing is answering at http://127.0.0.1:${down}: the team server may be stopped, or the port in the address is wrong.`);
    expect(await tryConnect(`https://127.0.0.1:${tlsServer.port}`, 'ivan', 'ivan password 123')).toContain('showed a certificate that this computer does not trust');
    expect(await tryConnect(team.origin, 'ivan', 'not the password')).toBe(`${team.origin} refused the sign-in: Wrong user name or password.`);
    await saveScreen(page, 'team-connect-01-refused');
    // Nothing was kept: still on this computer's data.
    expect(existsSync(sessionsFile) ? Object.keys(JSON.parse(readFileSync(sessionsFile, 'utf8')) as object) : []).toEqual([]);
    expect(await page.getByTestId('connection-badge').textContent()).toBe('This computer');
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('connects, shows the shared case and not the others, with the server and user on screen; the token stays out of the page', async () => {
    const panel = page.getByTestId('connection-panel');
    await panel.getByLabel('Password').fill('ivan password 123');
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.getByTestId('connection-badge').textContent(), { timeout: 20_000 }).toBe(`Team server 127.0.0.1:${team.server.port} · ivan`);
    await page.getByRole('link', { name: 'Bridge fire' }).waitFor();
    await expect.poll(() => page.getByText('Only on this laptop').count()).toBe(0);
    expect(await page.getByText('Lena alone').count()).toBe(0);
    await page.getByTestId('connection-panel').getByText(`signed in as ivan`).waitFor();
    await saveScreen(page, 'team-connect-02-connected');

    // The session is kept as `goldenhour login` keeps it: owner-only, and nowhere in the page.
    expect(statSync(sessionsFile).mode & 0o777).toBe(0o600);
    const kept = (JSON.parse(readFileSync(sessionsFile, 'utf8')) as Record<string, { user: string; token: string }>)[team.origin];
    expect(kept?.user).toBe('ivan');
    // Page-side code, given as text (the tests are checked without the DOM's types).
    const pageState = await page.evaluate<string>('JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, cookie: document.cookie, html: document.documentElement.outerHTML })');
    expect(pageState).not.toContain(kept?.token);
  }, STEP_TIMEOUT_MS);

  it("imports a file into the shared case, shows it from the server's vault, and hears a member's change live", async () => {
    await page.getByRole('link', { name: 'Bridge fire' }).click();
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('0 of 0 items');
    await page.goto(`${local.server.url.split('#')[0]}#/case/1/import`);
    await page.getByLabel('Choose files…').setInputFiles(PHOTO);
    const result = page.getByTestId('import-result');
    await result.getByText('1 added').waitFor({ timeout: 60_000 });
    // On the server, under ivan's name.
    const custody = await team.api.call('custody.list', { caseId: 1 });
    expect(custody.filter((e) => e.action === 'item acquired').map((e) => e.operator)).toEqual(['ivan']);

    await result.getByRole('link', { name: 'See the evidence' }).click();
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('1 of 1 items');
    await page.goto(`${local.server.url.split('#')[0]}#/case/1/item/1`);
    const original = page.getByRole('img', { name: /The original photo/ });
    await expect.poll(() => original.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);

    await page.goto(`${local.server.url.split('#')[0]}#/case/1/evidence`);
    await expect.poll(() => page.getByTestId('evidence-count').textContent()).toBe('1 of 1 items');
    const lena = await signIn(team.origin, 'lena', 'lena password 123');
    const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=note.txt`, { method: 'POST', headers: { Authorization: `Bearer ${lena}` }, body: 'seen at 14:05' });
    const { path } = ((await upload.json()) as { value: { path: string } }).value;
    expect((await call(team.origin, lena, 'items.ingest', { caseId: 1, paths: [path] })).status).toBe(200);
    await expect.poll(() => page.getByTestId('evidence-count').textContent(), { timeout: 15_000 }).toBe('2 of 2 items');
    await saveScreen(page, 'team-connect-03-evidence');
    // The timeline and the map read the server's case too (the local case 1 has no items).
    await page.goto(`${local.server.url.split('#')[0]}#/case/1/timeline`);
    await expect.poll(() => page.getByTestId('timeline-count').textContent(), { timeout: 15_000 }).toMatch(/^2 items · 2 without an event time/);
    await page.goto(`${local.server.url.split('#')[0]}#/case/1/map`);
    await expect.poll(() => page.getByTestId('map-count').textContent(), { timeout: 15_000 }).toBe('0 items placed · 2 without a place');
    expect(await page.locator('.error[role="alert"]').count()).toBe(0);
  }, STEP_TIMEOUT_MS);

  it('exports a bundle sealed on the server to this machine and verifies it here', async () => {
    await page.goto(`${local.server.url.split('#')[0]}#/case/1/export`);
    const out = page.getByLabel(/Bundle file/);
    await expect.poll(() => out.inputValue()).toContain(join(local.core.dataDir, 'exports'));
    await page.getByRole('button', { name: /^Export 2 items/ }).click();
    const result = page.getByTestId('export-result');
    await result.getByText('Sealed and verified').waitFor({ timeout: 60_000 });
    const path = (await result.getByTestId('bundle-path').textContent()) ?? '';
    expect(path.startsWith(join(local.core.dataDir, 'exports'))).toBe(true);
    expect(existsSync(path)).toBe(true);
    const custody = await team.api.call('custody.list', { caseId: 1 });
    expect(custody.filter((e) => e.action === 'export').map((e) => e.operator)).toEqual(['ivan']);
  }, STEP_TIMEOUT_MS);

  it('says when the session has ended, signs in again, and disconnects back to local data', async () => {
    await page.goto(`${local.server.url.split('#')[0]}#/`);
    await page.getByRole('link', { name: 'Bridge fire' }).waitFor();
    team.clock.advance(2 * 3_600_000);
    await page.getByRole('link', { name: 'Bridge fire' }).click();
    const banner = page.getByTestId('session-ended');
    await banner.getByText(`Your session on the team server ${team.origin} has ended`).waitFor({ timeout: 20_000 });
    await saveScreen(page, 'team-connect-04-session-ended');
    await banner.getByLabel('Password').fill('ivan password 123');
    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('link', { name: 'Bridge fire' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('session-ended').count()).toBe(0);

    await page.getByRole('button', { name: "Disconnect and use this computer's data" }).click();
    await expect.poll(() => page.getByTestId('connection-badge').textContent(), { timeout: 20_000 }).toBe('This computer');
    await page.getByText('Only on this laptop').waitFor();
    expect(await page.getByText('Bridge fire').count()).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(sessionsFile, 'utf8')) as object)).toEqual([]);
    expect(existsSync(connectionFile)).toBe(false);
  }, STEP_TIMEOUT_MS);
});
