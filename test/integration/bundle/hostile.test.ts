import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { makeBundleCase, openTestCore } from '../../support/bundle-case.js';
import { runCliJson } from '../../support/cli.js';
import { rawZip, rewriteZip, type RawEntry } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('hostile bundles are reported as such, never extracted, never crash the verifier', () => {
  const temp = makeTempDir('gh-bundle-hostile-');
  const work = join(temp.path, 'inbox');
  const bundle = join(temp.path, 'sealed.zip');
  let reportSize = 0;

  beforeAll(async () => {
    const core = openTestCore(join(temp.path, 'data'));
    const fixture = await makeBundleCase(core);
    await exportBundle(core, { caseId: fixture.case.id, outPath: bundle, selection: { itemIds: [fixture.photo.id] }, operator: 'alice' });
    await core.close();
    const manifest = JSON.parse((await rewriteZipEntry('manifest.json')).toString('utf8')) as { files: { path: string; size: number }[] };
    reportSize = manifest.files.find((f) => f.path === 'report.html')?.size ?? 0;
  });
  afterAll(() => temp.remove());

  async function rewriteZipEntry(name: string): Promise<Buffer> {
    let found: Buffer = Buffer.alloc(0);
    await rewriteZip(bundle, (entry, data) => {
      if (entry === name) found = data;
      return data;
    });
    return found;
  }

  async function check(name: string, bytes: Buffer) {
    mkdirSync(work, { recursive: true });
    const path = join(work, `${name}.zip`);
    writeFileSync(path, bytes);
    const { report } = await verifyBundle(path);
    expect(report.ok).toBe(false);
    return report;
  }

  const withExtra = (extra: RawEntry[]) => rewriteZip(bundle, (_n, d) => d, extra);

  it("an entry with '..' in its path (zip slip)", async () => {
    const report = await check('slip', await withExtra([{ name: '../../evil.sh', data: Buffer.from('#!/bin/sh\nrm -rf ~\n') }]));
    expect(report.problems).toContainEqual({ path: '../../evil.sh', problem: expect.stringContaining("'..'") });
    expect(existsSync(join(work, '..', '..', 'evil.sh'))).toBe(false);
    expect(existsSync(join(temp.path, 'evil.sh'))).toBe(false);
  });

  it('an absolute path, and a Windows one', async () => {
    const report = await check('absolute', await withExtra([{ name: '/tmp/gh-evil.txt', data: Buffer.from('x') }, { name: 'C:/Windows/evil.txt', data: Buffer.from('x') }]));
    expect(report.problems).toContainEqual({ path: '/tmp/gh-evil.txt', problem: expect.stringContaining('absolute path') });
    expect(report.problems).toContainEqual({ path: 'C:/Windows/evil.txt', problem: expect.stringContaining('absolute path') });
    expect(existsSync('/tmp/gh-evil.txt')).toBe(false);
  });

  it('a symbolic link entry', async () => {
    const report = await check('link', await withExtra([{ name: 'evidence/passwd', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]));
    expect(report.problems).toContainEqual({ path: 'evidence/passwd', problem: expect.stringContaining('symbolic link') });
  });

  it('duplicate names (a second report.html shadowing the sealed one)', async () => {
    const report = await check('duplicate', await withExtra([{ name: 'report.html', data: Buffer.from('<h1>All is well</h1>') }]));
    expect(report.problems).toContainEqual({ path: 'report.html', problem: expect.stringContaining('duplicate entry name') });
  });

  it('a zip bomb whose entry declares its sealed size but inflates far beyond it', async () => {
    const bytes = await rewriteZip(bundle, (name, data) => (name === 'report.html' ? null : data), [
      { name: 'report.html', data: Buffer.alloc(40 * 1024 * 1024), deflate: true, declaredSize: reportSize },
    ]);
    const started = Date.now();
    const report = await check('bomb-inflate', bytes);
    expect(report.problems).toContainEqual({ path: 'report.html', problem: expect.stringContaining('zip bomb') });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a zip bomb that declares an impossible ratio, and one built from overlapping entries', async () => {
    const ratio = await check('bomb-ratio', await withExtra([{ name: 'bomb.bin', data: Buffer.alloc(1024 * 1024), deflate: true, declaredSize: 4_000_000_000 }]));
    expect(ratio.problems).toContainEqual({ path: 'bomb.bin', problem: expect.stringContaining('zip bomb') });
    const overlap = await check('bomb-overlap', rawZip([
      { name: 'a.bin', data: Buffer.alloc(1024 * 1024), deflate: true },
      { name: 'b.bin', data: Buffer.alloc(1024 * 1024), deflate: true, reuseOffsetOf: 0 },
    ]));
    expect(overlap.problems).toContainEqual({ path: '(zip)', problem: expect.stringContaining('overlap') });
    expect(overlap.problems).toContainEqual({ path: 'manifest.json', problem: expect.stringContaining('missing') });
  });

  it('a truncated zip, an empty file and something that is not a zip', async () => {
    const whole = readFileSync(bundle);
    for (const [name, bytes] of [['half', whole.subarray(0, Math.floor(whole.length / 2))], ['tail-cut', whole.subarray(0, whole.length - 10)],
      ['empty', Buffer.alloc(0)], ['text', Buffer.from('this is not a zip file at all\n'.repeat(100))]] as const) {
      const report = await check(name, bytes);
      // Each in words a recipient can act on, never the zip library's message.
      const words = { half: 'cut short (truncated)', 'tail-cut': 'cut short (truncated)', empty: 'the file is empty (0 bytes)', text: 'not a zip file' }[name];
      expect(report.problems, name).toEqual([{ path: '(zip)', problem: expect.stringContaining(words) }]);
      expect(report.problems[0]?.problem, name).not.toMatch(/central directory|signature|yauzl/i);
      expect(report.files).toBe(0);
    }
  });

  it('random damage anywhere in the file gives a verdict, never a crash', async () => {
    const whole = readFileSync(bundle);
    let seed = 20261121;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const path = join(work, 'fuzz.zip');
    mkdirSync(work, { recursive: true });
    let detected = 0;
    for (let round = 0; round < 60; round += 1) {
      const damaged = Buffer.from(whole);
      // Half the rounds hit the zip's own structures at the end (central directory), half anywhere.
      const from = round % 2 === 0 ? Math.max(0, damaged.length - 4096) : 0;
      for (let flips = 0; flips < 1 + (round % 4); flips += 1) {
        const at = from + Math.floor(random() * (damaged.length - from));
        damaged[at] = Math.floor(random() * 256);
      }
      writeFileSync(path, damaged);
      const { report } = await verifyBundle(path);
      expect(typeof report.ok).toBe('boolean');
      // Damage to fields that describe no content (a date, a version) may leave the bundle intact;
      // what matters here is that every damaged file gets a verdict and none crashes the verifier.
      expect(Array.isArray(report.problems)).toBe(true);
      if (!report.ok) detected += 1;
    }
    expect(detected).toBeGreaterThan(50);
  });

  it('a local header that names its entry differently from the central directory, and a wrong CRC-32', async () => {
    const reportBytes = await rewriteZipEntry('report.html');
    const report = await check('two-names', await rewriteZip(bundle, (name, data) => (name === 'report.html' ? null : data), [
      { name: 'report.html', localName: 'evil.html', data: reportBytes, deflate: true },
    ]));
    expect(report.problems).toEqual([{ path: 'report.html', problem: expect.stringContaining('the local header names it "evil.html"') }]);
    const wrongCrc = await check('crc', await rewriteZip(bundle, (name, data) => (name === 'report.html' ? null : data), [
      { name: 'report.html', data: reportBytes, deflate: true, crc: 12345 },
    ]));
    expect(wrongCrc.problems).toEqual([{ path: 'report.html', problem: expect.stringContaining('CRC-32') }]);
  });

  it('the CLI reports a hostile bundle with exit 1 and JSON, and extracts nothing', async () => {
    const path = join(work, 'cli-hostile.zip');
    writeFileSync(path, await withExtra([{ name: '../escape.txt', data: Buffer.from('x') }, { name: 'evidence/link', data: Buffer.from('/etc/shadow'), unixMode: 0o120777 }]));
    const before = readdirSync(work).sort();
    const result = await runCliJson<{ ok: boolean; problems: { path: string; problem: string }[] }>(['verify', path]);
    expect(result.code).toBe(1);
    expect(result.json.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['../escape.txt', 'evidence/link']));
    expect(readdirSync(work).sort()).toEqual(before);
    expect(existsSync(join(temp.path, 'escape.txt'))).toBe(false);
  });
});
