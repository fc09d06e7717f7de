import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_PATH, runCli, runCliJson } from '../../support/cli.js';
import { startChangingPostSite, type ChangingPostSite } from '../../support/changing-post-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

let site: ChangingPostSite;
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const env = { ...process.env, GOLDENHOUR_DATA: dataDir, GOLDENHOUR_OPERATOR: 'watch-tester' };

beforeAll(async () => {
  site = await startChangingPostSite();
  await runCli(['case', 'create', '--title', 'watch'], { dataDir });
});
afterAll(async () => {
  await site.close();
  temp.remove();
});

/** Starts the CLI and resolves with its output once a line matches. */
function startUntil(args: string[], pattern: RegExp): { child: ChildProcessWithoutNullStreams; seen: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env });
  let stdout = '';
  const seen = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => pattern.test(l));
      if (line) resolve(line);
    });
    child.on('exit', () => reject(new Error(`exited before printing ${pattern}: ${stdout}`)));
  });
  return { child, seen, output: () => stdout };
}

const exited = (child: ChildProcessWithoutNullStreams) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

it('watches in the foreground, survives being killed, catches missed runs up once on --resume, and stops', async () => {
  const url = `${site.origin}${site.postPath}`;
  const first = startUntil(['watch', '1', url, '--every', '0.1', '--for', '2', '--allow-private', '--timeout', '5'], /\bfirst\b/);
  const line = await first.seen;
  expect(line).toMatch(/first\s+v1 item 1 /);
  expect(first.output()).toMatch(/watching .* every 0\.1 min until/);
  const killed = exited(first.child);
  first.child.kill('SIGKILL');
  expect((await killed).signal).toBe('SIGKILL');

  // Two slots pass with nothing running; the post is edited meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 13_000));
  site.state.text = 'Water over the kerb on Harbour Road, now knee deep.';
  const resumed = startUntil(['watch', '1', '--resume'], /edited/);
  const edited = await resumed.seen;
  expect(edited).toMatch(/CHANGE edited\s+v2 item \d+ .*page text changed: -"cars turning back\." \+"now knee deep\.".*\[\d+ missed runs caught up once\]/);
  const stopped = exited(resumed.child);
  resumed.child.kill('SIGINT');
  expect((await stopped).code).toBe(0);
  expect(resumed.output()).toMatch(/the watches stay active: goldenhour watch 1 --resume/);

  const changes = await runCliJson<{ watch: { state: string }; runs: { outcome: string; missed: number }[] }[]>(['changes', '1'], { dataDir });
  expect(changes.json[0]!.watch.state).toBe('active');
  expect(changes.json[0]!.runs.slice(0, 2)).toMatchObject([{ outcome: 'first', missed: 0 }, { outcome: 'edited' }]);
  expect(changes.json[0]!.runs[1]!.missed).toBeGreaterThanOrEqual(1);

  const stop = await runCli(['watch', '1', '--stop'], { dataDir });
  expect(stop.stdout).toMatch(/1 watches stopped/);
  const text = await runCli(['changes', '1'], { dataDir });
  expect(text.stdout).toMatch(/stopped at .* \(stopped by user\)/);
  expect(text.stdout).toMatch(/edited between .* and .* \(v2, item \d+\)/);
  const custody = await runCliJson<{ action: string; details: Record<string, unknown> }[]>(['custody', '1'], { dataDir });
  const actions = custody.json.map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['watch started', 'watch runs missed', 'watch change', 'watch stopped']));
  expect(actions.filter((a) => a === 'watch runs missed')).toHaveLength(1);
  const verify = await runCli(['custody', '1', '--verify'], { dataDir });
  expect(verify.code).toBe(0);

  const bad = await runCli(['watch', '1', url, '--every', '0'], { dataDir });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--every/);
}, 120_000);
