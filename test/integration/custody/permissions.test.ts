import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataLayout } from '../../../src/config/data-dir.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { startFixtureSite } from '../../support/fixture-site.js';
import { makeTempDir } from '../../support/temp-dir.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under a path, deepest last. */
function walk(dir: string): { path: string; isDir: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? [{ path, isDir: true }, ...walk(path)] : [{ path, isDir: false }];
  });
}

describe('data at rest is owner-only', { timeout: 240_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let caseId: number;
  beforeEach(async () => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
    mkdirSync(join(tmp.path, 'in'));
    writeFileSync(join(tmp.path, 'in', 'a.txt'), 'statement');
    caseId = (await runCliJson<{ id: number }>(['case', 'create', '--title', 'Modes'], { dataDir })).json.id;
    await runCli(['ingest', String(caseId), join(tmp.path, 'in')], { dataDir });
  });
  afterEach(() => tmp.remove());

  it('a new data folder: folders 0700, database and keys 0600, vault blobs 0400, bundles 0600', async () => {
    const layout = dataLayout(dataDir);
    const bundle = join(tmp.path, 'out.zip');
    expect((await runCli(['export', String(caseId), '--out', bundle], { dataDir })).code).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(layout.database)).toBe(0o600);
    const vault = walk(join(layout.vault, 'sha256'));
    expect(vault.filter((e) => !e.isDir).map((e) => mode(e.path))).toEqual(vault.filter((e) => !e.isDir).map(() => 0o400));
    expect(vault.filter((e) => e.isDir).every((e) => mode(e.path) === 0o700)).toBe(true);
    expect(mode(layout.keys)).toBe(0o700);
    expect(readdirSync(layout.keys).map((name) => mode(join(layout.keys, name)))).toEqual(readdirSync(layout.keys).map(() => 0o600));
    expect(mode(bundle)).toBe(0o600);
  });

  it('what capturing makes in the data folder is owner-only from the start, so no later command has to tighten it', async () => {
    const site = await startFixtureSite();
    try {
      const captured = await runCli(['capture', String(caseId), site.url('/article.html'), '--allow-private'], { dataDir, env: { GOLDENHOUR_YTDLP: 'off' } });
      expect(captured.code, captured.stderr).toBe(0);
    } finally {
      await site.close();
    }
    const loose = walk(dataDir).filter((e) => (mode(e.path) & 0o077) !== 0).map((e) => `${e.path} ${mode(e.path).toString(8)}`);
    expect(loose).toEqual([]);
    expect(mode(dataLayout(dataDir).captureRuns)).toBe(0o700);
    const listed = await runCli(['case', 'list'], { dataDir });
    expect(listed.stderr).not.toContain('note:');
  });

  it('an older, looser folder is tightened when opened, with a note', async () => {
    chmodSync(dataDir, 0o755);
    chmodSync(dataLayout(dataDir).database, 0o644);
    const vault = walk(dataLayout(dataDir).vault);
    chmodSync(dataLayout(dataDir).vault, 0o755);
    for (const e of vault) chmodSync(e.path, e.isDir ? 0o755 : 0o444);
    const listed = await runCli(['case', 'list'], { dataDir });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/^note: The data folder .* was readable by other users: \d+ file\(s\) and folder\(s\) were made owner-only/m);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(dataLayout(dataDir).database)).toBe(0o600);
    for (const e of walk(dataLayout(dataDir).vault)) expect(mode(e.path), e.path).toBe(e.isDir ? 0o700 : 0o400);
    const again = await runCli(['case', 'list'], { dataDir });
    expect(again.stderr).not.toContain('note:');
  });
});
