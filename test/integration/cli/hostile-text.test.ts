import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('human output cannot be forged by names; names are checked', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  beforeEach(() => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
  });
  afterEach(() => tmp.remove());

  it('a file name with a newline, an escape sequence and a bidi override shows escaped in `items`', async () => {
    const created = await runCliJson<{ id: number }>(['case', 'create', '--title', 'Names'], { dataDir });
    const source = join(tmp.path, 'in');
    mkdirSync(source);
    const name = 'a.txt\n99    file  forged\u001b[31m\u202etxt.exe';
    writeFileSync(join(source, name), 'witness');
    expect((await runCli(['ingest', String(created.json.id), source], { dataDir })).code).toBe(0);
    const listed = await runCli(['items', String(created.json.id)], { dataDir });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the header and one row: no forged second row
    expect(lines[1]).toContain('a.txt\\n99    file  forged\\x1b[31m\\u{202e}txt.exe');
    expect(listed.stdout).not.toContain('\u001b');
    expect(listed.stdout).not.toContain('\u202e');
    const json = await runCliJson<{ originalName: string }[]>(['items', String(created.json.id)], { dataDir });
    expect(json.json[0]?.originalName).toBe(name); // kept exactly in the record
  });

  it('refuses operator names and titles with control characters, or too long', async () => {
    const badTitle = await runCli(['case', 'create', '--title', 'Case\u202eevil'], { dataDir });
    expect(badTitle.code).toBe(2);
    expect(badTitle.stderr).toContain('the case title cannot hold control characters or bidirectional overrides');
    const longTitle = await runCli(['case', 'create', '--title', 'x'.repeat(301)], { dataDir });
    expect(longTitle.code).toBe(2);
    expect(longTitle.stderr).toContain('the case title is at most 300 characters');
    const badOperator = await runCli(['case', 'create', '--title', 'Fine', '--operator', 'DC Smith\nseq 9 forged'], { dataDir });
    expect(badOperator.code).toBe(2);
    expect(badOperator.stderr).toContain('the operator name cannot hold control characters');
    const badEnv = await runCli(['case', 'list'], { dataDir, env: { GOLDENHOUR_OPERATOR: 'x'.repeat(121) } });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('GOLDENHOUR_OPERATOR cannot name an operator: it is longer than 120 characters');
  });
});
