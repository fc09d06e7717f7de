import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('goldenhour CLI: cases, ingest, items, custody', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  beforeAll(() => {
    tmp = makeTempDir();
    dataDir = join(tmp.path, 'data');
  });
  afterAll(() => tmp.remove());

  it('creates a case with every field and prints it as JSON', async () => {
    const { code, json } = await runCliJson<Record<string, unknown>>([
      'case', 'create', '--title', 'Stabbing, High St', '--reference', 'CR/123/26', '--scene', '51.5072,-0.1276',
      '--radius', '300', '--incident-time', '2026-07-01T21:15', '--timezone', 'Europe/London', '--window', '30,120', '--operator', 'DC Khan',
    ], { dataDir });
    expect(code).toBe(0);
    expect(json).toMatchObject({
      id: 1, title: 'Stabbing, High St', reference: 'CR/123/26', scene: { lat: 51.5072, lon: -0.1276, radiusM: 300 },
      incidentTime: '2026-07-01T20:15:00.000Z', timezone: 'Europe/London', window: { beforeMin: 30, afterMin: 120 }, createdBy: 'DC Khan',
    });
  });

  it('creates a minimal case with null scene and default window, and prints it for people', async () => {
    const json = await runCliJson<Record<string, unknown>>(['case', 'create', '--title', 'Minimal'], { dataDir });
    expect(json.json).toMatchObject({ id: 2, scene: null, incidentTime: null, timezone: null, reference: null, window: { beforeMin: 60, afterMin: 60 } });
    const text = await runCli(['case', 'show', '2'], { dataDir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Case 2: Minimal');
  });

  it('lists and shows cases', async () => {
    const list = await runCliJson<{ id: number }[]>(['case', 'list'], { dataDir });
    expect(list.json.map((c) => c.id)).toEqual([2, 1]);
    const show = await runCliJson<{ title: string }>(['case', 'show', '1'], { dataDir });
    expect(show.json.title).toBe('Stabbing, High St');
    const text = await runCli(['case', 'list'], { dataDir });
    expect(text.stdout).toMatch(/^ID\s+TITLE/);
  });

  it('ingests files and folders, reports failures by path with exit 1, and does not add a file twice', async () => {
    const evidence = join(tmp.path, 'witness');
    mkdirSync(join(evidence, 'sub'), { recursive: true });
    writeFileSync(join(evidence, 'statement.txt'), 'I saw a man in a red coat.\n');
    writeFileSync(join(evidence, 'sub', 'page.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(evidence, 'sub', 'empty.jpg'), '');
    const first = await runCliJson<{ items: { sourcePath: string; mediaType: string; kind: string }[]; errors: { path: string; error: string }[] }>(
      ['ingest', '1', evidence, join(tmp.path, 'no-such-folder'), '--operator', 'DC Khan'], { dataDir });
    expect(first.code).toBe(1);
    expect(first.json.items.map((i) => [i.sourcePath.slice(evidence.length), i.mediaType, i.kind])).toEqual([
      ['/statement.txt', 'text/plain', 'file'],
      ['/sub/empty.jpg', 'application/x-empty', 'file'],
      ['/sub/page.html', 'text/html', 'file'],
    ]);
    expect(first.json.errors).toEqual([{ path: join(tmp.path, 'no-such-folder'), error: 'no such file or folder' }]);
    const again = await runCliJson<{ items: unknown[]; alreadyPresent: unknown[] }>(['ingest', '1', evidence], { dataDir });
    expect(again.code).toBe(0);
    expect(again.json.items).toEqual([]);
    expect(again.json.alreadyPresent).toHaveLength(3);
  });

  it('reports an unreadable file and goes on with the rest', async () => {
    if (process.getuid?.() === 0) {
      // root reads any file whatever its mode, so make a file unreadable another way: a fifo with no writer would hang,
      // so use a path that is a directory entry turning into a dangling link instead.
      const folder = join(tmp.path, 'mixed');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'ok.txt'), 'readable');
      const { symlinkSync } = await import('node:fs');
      symlinkSync(join(folder, 'gone.txt'), join(folder, 'link.txt'));
      const result = await runCliJson<{ items: unknown[]; errors: { path: string; error: string }[] }>(['ingest', '1', folder], { dataDir });
      expect(result.code).toBe(1);
      expect(result.json.items).toHaveLength(1);
      expect(result.json.errors).toEqual([{ path: join(folder, 'link.txt'), error: 'broken symbolic link' }]);
    } else {
      const file = join(tmp.path, 'locked.txt');
      writeFileSync(file, 'secret');
      chmodSync(file, 0o000);
      const result = await runCliJson<{ errors: { path: string; error: string }[] }>(['ingest', '1', file], { dataDir });
      expect(result.code).toBe(1);
      expect(result.json.errors[0]?.error).toMatch(/EACCES|permission/i);
    }
  });

  it('lists items with the fields other tools rely on', async () => {
    const { code, json } = await runCliJson<Record<string, unknown>[]>(['items', '1'], { dataDir });
    expect(code).toBe(0);
    const first = json[0] as Record<string, unknown>;
    for (const key of ['id', 'caseId', 'kind', 'sha256', 'size', 'mediaType', 'originalName', 'sourcePath', 'sourceUrl', 'parentId', 'acquiredAt', 'acquiredBy', 'flags']) {
      expect(first, key).toHaveProperty(key);
    }
    expect(first).toMatchObject({ caseId: 1, originalName: 'statement.txt', acquiredBy: 'DC Khan', sourceUrl: null, parentId: null });
    expect(first.acquiredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const text = await runCli(['items', '1'], { dataDir });
    expect(text.stdout).toContain('statement.txt');
  });

  it('shows the custody ledger and verifies it', async () => {
    const ledger = await runCliJson<{ seq: number; action: string; operator: string; hash: string; prevHash: string }[]>(['custody', '1'], { dataDir });
    expect(ledger.code).toBe(0);
    expect(ledger.json[0]).toMatchObject({ seq: 1, action: 'case created', operator: 'DC Khan' });
    expect(ledger.json.filter((e) => e.action === 'item acquired').length).toBeGreaterThanOrEqual(4);
    ledger.json.slice(1).forEach((entry, i) => expect(entry.prevHash).toBe(ledger.json[i]?.hash));
    const verified = await runCliJson<{ ok: boolean }>(['custody', '1', '--verify'], { dataDir });
    expect(verified.code).toBe(0);
    expect(verified.json.ok).toBe(true);
  });

  it('withdraws an item: it stays, marked, with who, when and why, and custody still verifies', async () => {
    const withdrawn = await runCliJson<{ id: number; withdrawn: { by: string; reason: string; at: string } }>(
      ['withdraw', '1', '--reason', 'Duplicate of exhibit 3', '--operator', 'DS Obi'], { dataDir });
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.json.withdrawn).toMatchObject({ by: 'DS Obi', reason: 'Duplicate of exhibit 3' });
    const items = await runCliJson<{ id: number; withdrawn: unknown }[]>(['items', '1'], { dataDir });
    expect(items.json.find((i) => i.id === 1)?.withdrawn).toMatchObject({ reason: 'Duplicate of exhibit 3' });
    const again = await runCli(['withdraw', '1', '--reason', 'again'], { dataDir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Item 1 was already withdrawn/);
    const ledger = await runCliJson<{ action: string; itemId: number; details: { reason?: string } }[]>(['custody', '1'], { dataDir });
    expect(ledger.json.at(-1)).toMatchObject({ action: 'item withdrawn', itemId: 1, details: { reason: 'Duplicate of exhibit 3' } });
    expect((await runCli(['custody', '1', '--verify'], { dataDir })).code).toBe(0);
  });

  it('uses --data over GOLDENHOUR_DATA', async () => {
    const other = join(tmp.path, 'other-data');
    const result = await runCliJson<unknown[]>(['case', 'list', '--data', other], { dataDir });
    expect(result.json).toEqual([]);
  });

  it.each([
    [['case', 'create', '--title', 'x', '--bogus'], /unknown option '--bogus'/],
    [['case', 'create'], /required option '--title <text>' not specified/],
    [['case', 'create', '--title', 'x', '--scene', '95,10'], /latitude between -90 and 90 for scene but received 95/],
    [['case', 'create', '--title', 'x', '--scene', 'High Street'], /Expected LAT,LON/],
    [['case', 'create', '--title', 'x', '--radius', '50'], /--radius needs --scene/],
    [['case', 'create', '--title', 'x', '--scene', '1,1', '--radius', '-3'], /positive number of metres for radius/],
    [['case', 'create', '--title', 'x', '--incident-time', 'last night', '--timezone', 'UTC'], /ISO 8601 time for incident time .* "last night"/],
    [['case', 'create', '--title', 'x', '--incident-time', '2026-07-01T21:15'], /no offset and no time zone/],
    [['case', 'create', '--title', 'x', '--timezone', 'Europe/Londn'], /IANA time zone .* "Europe\/Londn"/],
    [['case', 'create', '--title', 'x', '--window', '60'], /BEFORE_MIN,AFTER_MIN/],
    [['case', 'create', '--title', '  '], /title/],
    [['case', 'show', '99'], /No case with id 99/],
    [['case', 'show', 'abc'], /Expected a case id .* "abc"/],
    [['items', '42'], /No case with id 42/],
    [['ingest', '42', '/tmp'], /No case with id 42/],
    [['ingest', '1'], /missing required argument 'paths'/],
    [['custody', '0', '--verify'], /Expected a case id/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['withdraw', '2'], /required option '--reason <text>' not specified/],
    [['withdraw', 'x', '--reason', 'r'], /Expected an item id .* "x"/],
    [['withdraw', '999', '--reason', 'r'], /No item with id 999/],
  ])('refuses %j with exit 2 and says what was wrong', async (args, message) => {
    const result = await runCli(args, { dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: goldenhour');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
