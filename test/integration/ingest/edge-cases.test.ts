import { spawn } from 'node:child_process';
import { mkdirSync, openSync, realpathSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLayout } from '../../../src/config/data-dir.js';
import { runCli, runCliJson } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

type Ingested = { items: { id: number; originalName: string; sourcePath: string; flags: string[] }[]; alreadyPresent: unknown[]; errors: { path: string; error: string }[] };
type Entry = { action: string; itemId: number | null; details: Record<string, unknown> };

const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const acquired = async (itemId: number) =>
  (await runCliJson<Entry[]>(['custody', '1'], { dataDir })).json.find((e) => e.action === 'item acquired' && e.itemId === itemId)!;

beforeAll(async () => {
  expect((await runCliJson<{ id: number }>(['case', 'create', '--title', 'Edges'], { dataDir })).json.id).toBe(1);
});
afterAll(() => temp.remove());

describe('ingest edge cases', { timeout: 180_000 }, () => {
  it('imports a file whose name is not valid UTF-8, keeps the name\'s bytes exactly and shows it escaped', async () => {
    const folder = join(temp.path, 'latin1');
    mkdirSync(folder);
    // "café.txt" written by a Latin-1 system: é is the single byte 0xe9, not UTF-8.
    const rawName = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.txt')]);
    const rawPath = Buffer.concat([Buffer.from(`${folder}/`), rawName]);
    writeFileSync(rawPath, 'witness statement');
    const result = await runCliJson<Ingested>(['ingest', '1', folder], { dataDir });
    expect(result.json.errors).toEqual([]);
    expect(result.json.items.map((i) => [i.originalName, i.sourcePath])).toEqual([['caf\\xe9.txt', `${folder}/caf\\xe9.txt`]]);
    const entry = await acquired(result.json.items[0]!.id);
    expect(Buffer.from(String(entry.details.sourcePathBytes), 'base64').equals(rawPath)).toBe(true);
    // Shown escaped in the table too, never as a replacement character.
    const human = await runCli(['items', '1'], { dataDir });
    expect(human.stdout).toContain('caf\\xe9.txt');
    expect(human.stdout).not.toContain('\uFFFD');
  });

  it('imports a link\'s target content, recording the link and the target, and refuses a link into the data folder', async () => {
    const outside = join(temp.path, 'originals');
    const folder = join(temp.path, 'links');
    mkdirSync(outside);
    mkdirSync(folder);
    writeFileSync(join(outside, 'clip.txt'), 'the original');
    symlinkSync(join(outside, 'clip.txt'), join(folder, 'clip-link.txt'));
    symlinkSync(dataLayout(dataDir).database, join(folder, 'db-link'));
    const result = await runCliJson<Ingested>(['ingest', '1', folder], { dataDir });
    expect(result.json.items.map((i) => i.sourcePath)).toEqual([join(folder, 'clip-link.txt')]);
    expect(result.json.errors).toEqual([{ path: join(folder, 'db-link'), error: expect.stringMatching(/own data folder .* a link into it\): it is not imported$/) }]);
    const entry = await acquired(result.json.items[0]!.id);
    expect(entry.details.symlink).toEqual({ link: expect.stringContaining('symbolic link'), target: realpathSync(join(outside, 'clip.txt')) });
  });

  it('two imports of the same folder at the same time add each file once', async () => {
    const folder = join(temp.path, 'burst');
    mkdirSync(folder);
    for (let i = 0; i < 40; i += 1) writeFileSync(join(folder, `note-${String(i).padStart(2, '0')}.txt`), `note ${i}\n`);
    const [a, b] = await Promise.all([
      runCliJson<Ingested>(['ingest', '1', folder], { dataDir }),
      runCliJson<Ingested>(['ingest', '1', folder], { dataDir }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([...a.json.errors, ...b.json.errors]).toEqual([]);
    expect(a.json.items.length + b.json.items.length).toBe(40);
    expect(a.json.alreadyPresent.length + b.json.alreadyPresent.length).toBe(40);
    const all = (await runCliJson<{ sourcePath: string | null }[]>(['items', '1'], { dataDir })).json.filter((i) => i.sourcePath?.startsWith(`${folder}/`));
    expect(all).toHaveLength(40);
    expect((await runCli(['custody', '1', '--verify'], { dataDir })).code).toBe(0);
  });

  it('a file written to while it is read is stored as read, flagged changed-during-read with the sizes and times seen', async () => {
    const folder = join(temp.path, 'growing');
    mkdirSync(folder);
    const file = join(folder, 'recording.bin');
    const fd = openSync(file, 'w');
    writeSync(fd, Buffer.alloc(96 * 1024 * 1024, 1));
    closeSync(fd);
    // A recorder still writing: appends a little every millisecond until stopped.
    const writer = spawn(process.execPath, ['-e', `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'a'); setInterval(() => fs.writeSync(fd, Buffer.alloc(512, 2)), 1);`], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const result = await runCliJson<Ingested>(['ingest', '1', folder], { dataDir });
      expect(result.json.errors).toEqual([]);
      const item = result.json.items[0]!;
      expect(item.flags).toContain('changed-during-read');
      const seen = (await acquired(item.id)).details.changedDuringRead as { atStart: { size: number; mtime: string }; atEnd: { size: number; mtime: string }; bytesRead: number };
      expect(seen.atEnd.size).toBeGreaterThan(seen.atStart.size);
      expect(Date.parse(seen.atEnd.mtime)).toBeGreaterThanOrEqual(Date.parse(seen.atStart.mtime));
      expect(seen.bytesRead).toBeGreaterThanOrEqual(seen.atStart.size);
    } finally {
      writer.kill();
    }
  });
});
