import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_PATH, runCli, runCliJson } from '../../support/cli.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: FixtureSite;
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const env = { ...process.env, GOLDENHOUR_DATA: dataDir, GOLDENHOUR_OPERATOR: 'resume-tester' };

beforeAll(async () => {
  site = await startFixtureSite();
  await runCli(['case', 'create', '--title', 'resume'], { dataDir });
});
afterAll(async () => {
  await site.close();
  temp.remove();
});

function queueStates(): { url: string; state: string; item_id: number | null }[] {
  const db = new Database(join(dataDir, 'goldenhour.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT url, state, item_id FROM capture_queue ORDER BY id').all() as { url: string; state: string; item_id: number | null }[];
  } finally {
    db.close();
  }
}

it('a capture killed half-way resumes where it stopped: every URL captured once, custody intact', async () => {
  const urls = Array.from({ length: 6 }, (_, i) => site.url(`/slow.html?ms=400&n=${i}`));
  const child = spawn(process.execPath, [CLI_PATH, 'capture', '1', ...urls, '--allow-private', '--concurrency', '1', '--timeout', '5'], { env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Kill it (no chance to clean up) once some, but not all, URLs are captured.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = (() => {
      try {
        return queueStates();
      } catch {
        return [];
      }
    })();
    if (states.filter((s) => s.state === 'captured').length >= 2) break;
    if (Date.now() > deadline) throw new Error(`capture never got going: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const before = queueStates();
  expect(before.filter((s) => s.state === 'captured').length).toBeLessThan(urls.length);

  // Running it again with no URLs picks up what is left.
  const resumed = await runCliJson<{ items: { kind: string; sourceUrl: string }[]; errors: unknown[] }>(['capture', '1', '--allow-private', '--timeout', '5'], { dataDir, env: { GOLDENHOUR_OPERATOR: 'resume-tester' } });
  expect(resumed.code).toBe(0);
  expect(resumed.json.errors).toEqual([]);
  const after = queueStates();
  expect(after.map((s) => s.state)).toEqual(urls.map(() => 'captured'));
  const items = await runCliJson<{ kind: string; sourceUrl: string | null; id: number }[]>(['items', '1'], { dataDir });
  const pages = items.json.filter((i) => i.kind === 'page').map((i) => i.sourceUrl).sort();
  expect(pages).toEqual([...urls].sort());
  expect(after.map((s) => s.item_id).sort()).toEqual(items.json.filter((i) => i.kind === 'page').map((i) => i.id).sort());
  const verify = await runCli(['custody', '1', '--verify'], { dataDir });
  expect(verify.stdout + verify.stderr).toMatch(/intact/);
  expect(verify.code).toBe(0);
}, 120_000);

it('a capture killed while its only URL was running resumes with `capture CASE` alone', async () => {
  const url = site.url('/slow.html?ms=3000&n=only');
  const child = spawn(process.execPath, [CLI_PATH, 'capture', '1', url, '--allow-private', '--timeout', '10'], { env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = (() => {
      try {
        return queueStates().filter((s) => s.url === url);
      } catch {
        return [];
      }
    })();
    if (states.some((s) => s.state === 'running')) break;
    if (Date.now() > deadline) throw new Error(`capture never started: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(queueStates().find((s) => s.url === url)?.state).toBe('running');
  const resumed = await runCliJson<{ items: { kind: string; sourceUrl: string }[]; errors: unknown[] }>(['capture', '1', '--allow-private', '--timeout', '10'], { dataDir });
  expect(resumed.code).toBe(0);
  expect(resumed.json.items.filter((i) => i.kind === 'page').map((i) => i.sourceUrl)).toEqual([url]);
  expect(queueStates().find((s) => s.url === url)?.state).toBe('captured');
}, 120_000);
