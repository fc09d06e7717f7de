import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface ExportJson { path: string; sha256: string; files: number; itemIds: number[]; fingerprint: string; custodySeq: number; manifestSha256: string }
interface VerifyJson { ok: boolean; problems: { path: string; problem: string }[]; signature: { valid: boolean; fingerprint: string }; files: number }

describe('bundle round trip (built CLI, real zip, real sha256sum)', () => {
  const temp = makeTempDir('gh-bundle-rt-');
  const dataDir = join(temp.path, 'data');
  let fixture: BundleCase;

  beforeAll(async () => {
    const core = openTestCore(dataDir);
    fixture = await makeBundleCase(core);
    await core.close();
  });
  afterAll(() => temp.remove());

  it('exports, passes sha256sum -c inside the unzipped bundle and goldenhour verify, and records the export', async () => {
    const out = join(temp.path, 'case.zip');
    const exported = await runCliJson<ExportJson>(['export', String(fixture.case.id), '--out', out, '--operator', 'dc.jones'], { dataDir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json.itemIds).toEqual([fixture.photo.id, fixture.farPhoto.id, fixture.page.id, fixture.pageImage.id, fixture.withdrawn.id, fixture.untimed.id]);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(exported.json.sha256);

    const unzipped = join(temp.path, 'unzipped');
    mkdirSync(unzipped);
    execFileSync('unzip', ['-q', out, '-d', unzipped]);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unzipped, encoding: 'utf8' });
    expect(sums.status, sums.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(unzipped, 'manifest.json'), 'utf8')) as { files: { path: string }[]; exporter: string };
    expect(sums.stdout.trim().split('\n')).toHaveLength(manifest.files.length + 1);
    expect(sums.stdout).not.toMatch(/FAILED/);
    expect(manifest.exporter).toBe('dc.jones');
    for (const name of ['custody.jsonl', 'timeline.csv', 'locations.geojson', 'locations.kml', 'case.jsonld', 'report.html', 'VERIFY.txt', 'seal.json']) {
      expect(statSync(join(unzipped, name)).size, name).toBeGreaterThan(0);
    }
    const withdrawn = JSON.parse(readFileSync(join(unzipped, 'items', `${fixture.withdrawn.id}.json`), 'utf8')) as { withdrawn: { reason: string } };
    expect(withdrawn.withdrawn.reason).toBe('Stock photo, not from the scene');
    const photo = JSON.parse(readFileSync(join(unzipped, 'items', `${fixture.photo.id}.json`), 'utf8')) as Record<string, unknown>;
    expect(photo).toMatchObject({
      eventTime: { utc: '2026-11-21T14:07:30.000Z', source: 'exif-offset' }, location: { lat: 51.5081, lon: -0.1262, source: 'exif-gps' },
      notes: 'Shows the junction from the north-east corner', tags: ['junction'], withinWindow: true, scene: { withinRadius: true },
      derived: [{ role: 'thumbnail', derived: true }],
      bundleFiles: [{ role: 'original', path: `evidence/${fixture.photo.sha256}.jpg` }, { role: 'thumbnail', derived: true }],
    });
    expect(statSync(join(unzipped, String((photo.bundleFiles as { path: string }[])[1]?.path))).isFile()).toBe(true);
    const post = JSON.parse(readFileSync(join(unzipped, 'items', `${fixture.page.id}.json`), 'utf8')) as { post: { handle: string }; artifacts: { role: string }[] };
    expect(post.post.handle).toBe('@witness');
    expect(post.artifacts.map((a) => a.role).sort()).toEqual(['dom', 'screenshot-full', 'screenshot-viewport']);
    expect(readFileSync(join(unzipped, 'locations.kml'), 'utf8')).toContain('<Polygon>');
    const jsonld = readFileSync(join(unzipped, 'case.jsonld'), 'utf8');
    for (const type of ['case-investigation:InvestigativeAction', 'case-investigation:ProvenanceRecord', 'observable:File', 'types:Hash']) expect(jsonld).toContain(type);

    const verified = await runCliJson<VerifyJson>(['verify', out]);
    expect(verified.code, JSON.stringify(verified.json.problems)).toBe(0);
    expect(verified.json.ok).toBe(true);
    expect(verified.json.signature.valid).toBe(true);
    expect(verified.json.files).toBe(manifest.files.length);
    const plain = await runCli(['verify', out]);
    expect(plain.stdout).toContain('Result:    INTACT');

    const key = await runCliJson<{ fingerprint: string; path: string }>(['key', 'show'], { dataDir });
    expect(key.json.fingerprint).toBe(verified.json.signature.fingerprint);
    expect(statSync(key.json.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    const keyText = await runCli(['key', 'show'], { dataDir });
    expect(keyText.stdout).toMatch(/([0-9a-f]{4} ){15}[0-9a-f]{4}/);

    const custody = await runCliJson<{ action: string; operator: string; details: Record<string, unknown> }[]>(['custody', String(fixture.case.id)], { dataDir });
    const last = custody.json[custody.json.length - 1];
    expect(last?.action).toBe('export');
    expect(last?.operator).toBe('dc.jones');
    expect(last?.details).toMatchObject({ bundleSha256: exported.json.sha256, files: exported.json.files, itemIds: exported.json.itemIds, manifestSha256: exported.json.manifestSha256 });
    const custodyCheck = await runCli(['custody', String(fixture.case.id), '--verify'], { dataDir });
    expect(custodyCheck.code, custodyCheck.stdout).toBe(0);
  });

  it('selects by item (a page brings its children) and by event time', async () => {
    const byItem = await runCliJson<ExportJson>(['export', String(fixture.case.id), '--out', join(temp.path, 'page.zip'), '--items', String(fixture.page.id)], { dataDir });
    expect(byItem.code, byItem.stderr).toBe(0);
    expect(byItem.json.itemIds).toEqual([fixture.page.id, fixture.pageImage.id]);
    const byTime = await runCliJson<ExportJson>(['export', String(fixture.case.id), '--out', join(temp.path, 'window.zip'), '--from', '2026-11-21T14:00:00Z', '--to', '2026-11-21T14:10:00Z'], { dataDir });
    expect(byTime.code, byTime.stderr).toBe(0);
    expect(byTime.json.itemIds).toEqual([fixture.photo.id, fixture.page.id, fixture.pageImage.id]);
    expect((await runCli(['verify', join(temp.path, 'window.zip')])).code).toBe(0);
  });

  it('refuses bad arguments with exit 2, naming them, and never overwrites a bundle', async () => {
    const existing = join(temp.path, 'case.zip');
    const before = readFileSync(existing);
    const again = await runCli(['export', String(fixture.case.id), '--out', existing], { dataDir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(existing).equals(before)).toBe(true);
    const badItems = await runCli(['export', String(fixture.case.id), '--out', join(temp.path, 'x.zip'), '--items', '1,two'], { dataDir });
    expect(badItems.code).toBe(2);
    expect(badItems.stderr).toContain('--items');
    const foreign = await runCli(['export', String(fixture.case.id), '--out', join(temp.path, 'x.zip'), '--items', '999'], { dataDir });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('item 999');
    const badTime = await runCli(['export', String(fixture.case.id), '--out', join(temp.path, 'x.zip'), '--from', 'last tuesday'], { dataDir });
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--from');
    const backwards = await runCli(['export', String(fixture.case.id), '--out', join(temp.path, 'x.zip'), '--from', '2026-11-21T15:00Z', '--to', '2026-11-21T14:00Z'], { dataDir });
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from to be before --to');
    const missing = await runCli(['verify', join(temp.path, 'nothing.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No bundle at');
  });
});
