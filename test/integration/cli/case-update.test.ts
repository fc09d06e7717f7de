import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import { openCore, type Core } from '../../../src/core.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { photoFixture } from '../../support/media.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('changing, closing and reopening a case', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let core: Core;
  let api: Api;
  beforeEach(() => {
    dir = makeTempDir();
    core = openCore({ dataDir: dir.path, analyser: null, anchorTimer: false, operator: 'DC Khan' });
    api = createApi(core);
  });
  afterEach(async () => {
    await core.close();
    dir.remove();
  });

  it('records each change with old and new values, reads a local incident time in the new zone, and refuses bad input by name', async () => {
    const c = await api.call('case.create', { title: 'Bridge fire', scene: { lat: 50, lon: 14 }, timezone: 'Europe/London' });
    const result = await api.call('case.update', { caseId: c.id, timezone: 'Europe/Prague', incidentTime: '2026-07-01T21:15:00', radiusM: 250 });
    expect(result.case).toMatchObject({ timezone: 'Europe/Prague', incidentTime: '2026-07-01T19:15:00.000Z', scene: { lat: 50, lon: 14, radiusM: 250 } });
    expect(result.changes.map((change) => [change.field, change.from, change.to])).toEqual([
      ['scene', { lat: 50, lon: 14, radiusM: 500 }, { lat: 50, lon: 14, radiusM: 250 }],
      ['incidentTime', null, '2026-07-01T19:15:00.000Z'],
      ['timezone', 'Europe/London', 'Europe/Prague'],
    ]);
    const entries = await core.ledger.list(c.id);
    expect(entries.filter((e) => e.action === 'case updated').map((e) => e.details.field)).toEqual(['scene', 'incidentTime', 'timezone']);
    await expect(api.call('case.update', { caseId: c.id, timezone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('IANA time zone') });
    await expect(api.call('case.update', { caseId: c.id, timezone: '' })).rejects.toMatchObject({ message: expect.stringContaining('can be changed but not removed') });
    await expect(api.call('case.update', { caseId: c.id, title: '' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('a case needs a title') });
    expect((await core.cases.get(c.id)).title).toBe('Bridge fire');
  });

  it('closing stops the watches and refuses captures and changes; reopening is recorded and does not restart watches', async () => {
    const c = await api.call('case.create', { title: 'Watched' });
    await api.call('watch.start', { caseId: c.id, urls: ['https://93.184.215.14/post/1'], everyMinutes: 5 });
    const closed = await api.call('case.close', { caseId: c.id, reason: 'file sent to prosecutor' });
    expect(closed.stoppedWatches.map((w) => w.url)).toEqual(['https://93.184.215.14/post/1']);
    expect((await core.watches.list(c.id)).map((w) => [w.state, w.stopReason])).toEqual([['stopped', 'case closed']]);
    const refused = { code: 'conflict', message: expect.stringContaining('is closed') };
    await expect(api.call('capture.enqueue', { caseId: c.id, urls: ['https://93.184.215.14/post/2'] })).rejects.toMatchObject(refused);
    await expect(api.call('case.update', { caseId: c.id, title: 'Renamed' })).rejects.toMatchObject(refused);
    await expect(api.call('watch.start', { caseId: c.id, urls: ['https://93.184.215.14/post/3'], everyMinutes: 5 })).rejects.toMatchObject(refused);
    // An import or a capture run is refused before any file reaches the vault: nothing is left
    // behind for custody verification to report as planted.
    const statement = join(dir.path, 'statement.txt');
    writeFileSync(statement, 'Seen from the bridge.');
    await expect(api.call('items.ingest', { caseId: c.id, paths: [statement] })).rejects.toMatchObject(refused);
    await expect(api.call('capture.run', { caseId: c.id })).rejects.toMatchObject(refused);
    expect((await api.call('custody.verify', { caseId: c.id })).ok).toBe(true);

    await api.call('case.reopen', { caseId: c.id, reason: 'new witness' });
    expect((await core.watches.list(c.id)).map((w) => w.state)).toEqual(['stopped']);
    const actions = (await core.ledger.list(c.id)).map((e) => e.action);
    expect(actions.slice(-4)).toEqual(['watch stopped', 'case closed', 'verification', 'case reopened']);
    expect((await api.call('custody.verify', { caseId: c.id })).ok).toBe(true);
  });

  it('the CLI prints each change, and says when closing stopped nothing', async () => {
    await core.close();
    core = openCore({ dataDir: dir.path, analyser: null, anchorTimer: false });
    api = createApi(core);
    const c = await api.call('case.create', { title: 'CLI case' });
    await core.close();
    const updated = await runCli(['case', 'update', String(c.id), '--title', 'Renamed', '--scene', '50,0875;14,4213'], { dataDir: dir.path });
    expect(updated.stdout).toContain('Changed title: "CLI case" -> "Renamed"');
    expect(updated.stdout).toContain('Changed scene: null -> {"lat":50.0875,"lon":14.4213,"radiusM":500}');
    const nothing = await runCli(['case', 'update', String(c.id)], { dataDir: dir.path });
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('Nothing to change');
    const closed = await runCli(['case', 'close', String(c.id), '--reason', 'done'], { dataDir: dir.path });
    expect(closed.stdout).toContain('No watch was running.');
    const reopened = await runCli(['case', 'reopen', String(c.id), '--reason', 'more'], { dataDir: dir.path });
    expect(reopened.code).toBe(0);
    core = openCore({ dataDir: dir.path, analyser: null, anchorTimer: false });
    api = createApi(core);
  });

  it('a new time zone places a real photo\'s camera-local time, records it, and custody --verify still passes', async () => {
    await core.close();
    const data = join(dir.path, 'zone');
    await runCli(['case', 'create', '--title', 'Local camera'], { dataDir: data });
    const imported = await runCli(['ingest', '1', photoFixture('exifr__issue-fast-exif-2.jpg')], { dataDir: data });
    expect(imported.code).toBe(0);
    const before = (await runCliJson<{ id: number; eventTime: { utc: string | null; source: string }; flags: string[] }[]>(['items', '1'], { dataDir: data })).json[0]!;
    expect(before.eventTime).toMatchObject({ utc: null, source: 'none' });
    expect(before.flags).toContain('no-time');

    const updated = await runCli(['case', 'update', '1', '--timezone', 'Europe/Prague'], { dataDir: data });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('Changed timezone: null -> "Europe/Prague"');
    expect(updated.stdout).toContain(`Re-placed item ${before.id}: camera time 2017-05-06T15:24:07.630 read in Europe/Prague is 2017-05-06T13:24:07.630Z (was not placed)`);
    const after = (await runCliJson<{ eventTime: { utc: string; source: string; raw: Record<string, unknown> }; flags: string[]; metadata: { notes?: string[] } }[]>(['items', '1'], { dataDir: data })).json[0]!;
    expect(after.eventTime).toMatchObject({ utc: '2017-05-06T13:24:07.630Z', source: 'exif-local', raw: { DateTimeOriginal: '2017:05:06 15:24:07', zone: 'Europe/Prague' } });
    expect(after.flags).not.toContain('no-time');
    expect((after.metadata.notes ?? []).join('\n')).not.toContain('not placed until');

    const verified = await runCli(['custody', '1', '--verify'], { dataDir: data });
    expect(verified.stdout).toContain('Custody verified: intact.');
    expect(verified.code).toBe(0);
    const ledger = (await runCliJson<{ action: string; itemId: number | null; details: Record<string, unknown> }[]>(['custody', '1'], { dataDir: data })).json;
    expect(ledger.filter((e) => e.action === 'item time re-placed')).toMatchObject([
      { itemId: before.id, details: { localTime: '2017-05-06T15:24:07.630', from: { utc: null }, to: { utc: '2017-05-06T13:24:07.630Z' }, zone: { from: null, to: 'Europe/Prague' } } },
    ]);
    core = openCore({ dataDir: dir.path, analyser: null, anchorTimer: false });
    api = createApi(core);
  }, 300_000);
});
