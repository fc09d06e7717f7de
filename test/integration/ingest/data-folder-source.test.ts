import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('the data folder as an import source', { timeout: 120_000 }, () => {
  it('is refused by name, given itself or met inside a folder, and the rest of the folder is imported', async () => {
    const work = join(temp.path, 'work');
    const dataDir = join(work, 'goldenhour-data');
    mkdirSync(work);
    writeFileSync(join(work, 'statement.txt'), 'I saw the water rise.');
    expect((await runCliJson<{ id: number }>(['case', 'create', '--title', 'Own folder'], { dataDir })).json.id).toBe(1);
    const refusal = new RegExp(`^this is Golden Hour's own data folder \\(${dataDir}\\), or inside it \\(or a link into it\\): it is not imported$`);
    const direct = await runCliJson<{ items: unknown[]; errors: { path: string; error: string }[] }>(['ingest', '1', dataDir], { dataDir });
    expect(direct.json.items).toEqual([]);
    expect(direct.json.errors).toEqual([{ path: dataDir, error: expect.stringMatching(refusal) }]);
    const parent = await runCliJson<{ items: { originalName: string }[]; errors: { path: string; error: string }[] }>(['ingest', '1', work], { dataDir });
    expect(parent.json.items.map((i) => i.originalName)).toEqual(['statement.txt']);
    expect(parent.json.errors).toEqual([{ path: dataDir, error: expect.stringMatching(refusal) }]);
    // Uploads (browser mode, team server) land in the data folder's uploads/ and are imported from there.
    const batch = join(dataDir, 'uploads', 'batch-1');
    mkdirSync(batch, { recursive: true });
    writeFileSync(join(batch, 'witness.txt'), 'Uploaded from the page.');
    const uploaded = await runCliJson<{ items: { originalName: string }[]; errors: unknown[] }>(['ingest', '1', batch], { dataDir });
    expect(uploaded.json.items.map((i) => i.originalName)).toEqual(['witness.txt']);
    expect(uploaded.json.errors).toEqual([]);
    // The uploads folder does not open the rest: the database beside it is still refused.
    const database = await runCliJson<{ items: unknown[]; errors: { path: string; error: string }[] }>(['ingest', '1', join(dataDir, 'goldenhour.db')], { dataDir });
    expect(database.json.items).toEqual([]);
    expect(database.json.errors).toEqual([{ path: join(dataDir, 'goldenhour.db'), error: expect.stringMatching(/own data folder/) }]);
  });
});
