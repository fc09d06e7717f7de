import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataLayout } from '../../../src/config/data-dir.js';
import { CLI_PATH, runCli } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

const FILES = 400;

function countItems(dataDir: string): number {
  const file = dataLayout(dataDir).database;
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('ingest survives being killed', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.remove());

  it('a SIGKILL mid-ingest leaves a verifiable case, and re-running completes the rest with no duplicates', async () => {
    const dataDir = join(tmp.path, 'data');
    const evidence = join(tmp.path, 'phone-dump');
    for (let i = 0; i < FILES; i++) {
      const folder = join(evidence, `DCIM-${Math.floor(i / 100)}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `file-${String(i).padStart(4, '0')}.bin`), randomBytes(8 * 1024 + i));
    }
    const created = await runCli(['case', 'create', '--title', 'Crash test', '--json'], { dataDir });
    expect(created.code).toBe(0);
    const caseId = String((JSON.parse(created.stdout) as { id: number }).id);

    const child = spawn(process.execPath, [CLI_PATH, 'ingest', caseId, evidence], {
      env: { ...process.env, GOLDENHOUR_DATA: dataDir },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill it once a good part (but not all) of the batch is recorded.
    const deadline = Date.now() + 60_000;
    while (countItems(dataDir) < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = countItems(dataDir);
    expect(afterKill).toBeGreaterThanOrEqual(60);
    expect(afterKill).toBeLessThan(FILES);

    // The kill can land between a file's vault write and its item row: verify must name such a
    // blob (it could as well be planted) and nothing else; no recorded item or entry is damaged.
    const firstCheck = await runCli(['custody', caseId, '--verify', '--json'], { dataDir });
    const firstProblems = (JSON.parse(firstCheck.stdout) as { problems: { field?: string; itemId: number | null }[] }).problems;
    for (const problem of firstProblems) expect(problem).toMatchObject({ field: 'vault', itemId: null });
    expect(firstCheck.code).toBe(firstProblems.length === 0 ? 0 : 1);

    const rerun = await runCli(['ingest', caseId, evidence, '--json'], { dataDir });
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.stdout) as { items: unknown[]; alreadyPresent: unknown[]; errors: unknown[] };
    expect(result.errors).toEqual([]);
    expect(result.alreadyPresent.length).toBe(afterKill);
    expect(result.items.length).toBe(FILES - afterKill);

    const items = JSON.parse((await runCli(['items', caseId, '--json'], { dataDir })).stdout) as { sourcePath: string }[];
    expect(items.length).toBe(FILES);
    expect(new Set(items.map((i) => i.sourcePath)).size).toBe(FILES);
    const finalCheck = await runCli(['custody', caseId, '--verify', '--json'], { dataDir });
    expect(finalCheck.code).toBe(0);
    expect(JSON.parse(finalCheck.stdout)).toMatchObject({ ok: true, items: FILES });
  }, 180_000);
});
