import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { errorMessage } from '../util/errors.js';

/**
 * A file found under the paths given, or why a path could not be walked. `path` is the path as
 * text; when a name on it is not valid UTF-8 (Linux allows any bytes but `/` and NUL), `path`
 * shows those bytes escaped as `\xNN` and `raw` holds the exact bytes to open and to record.
 * A symbolic link to a file has `linkTarget`: the file whose content is read.
 */
export type WalkResult = { path: string; raw?: Buffer; linkTarget?: string } | { path: string; error: string };

/**
 * Lists the files under the given files and folders, recursively, in a stable order.
 * Links to files are followed (their target recorded); links to folders are not (they could
 * loop), and are reported. Names are read as bytes, so a name that is not UTF-8 is still found.
 */
export async function* walkPaths(paths: string[], dataDir: string | null = null): AsyncGenerator<WalkResult> {
  const own = dataDir === null ? null : await realpath(dataDir).catch(() => resolve(dataDir));
  for (const given of paths) yield* walkOne(Buffer.from(resolve(given)), true, own);
}

/** A path's bytes as text: UTF-8 when they are, else each byte that is not part of valid UTF-8 as `\xNN`. */
export function pathText(raw: Buffer): string {
  const text = raw.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(raw)) return text;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const length = utf8SequenceLength(raw, i);
    out += length > 0 ? raw.subarray(i, i + length).toString('utf8') : `\\x${raw[i]!.toString(16).padStart(2, '0')}`;
    i += Math.max(length, 1);
  }
  return out;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(raw: Buffer, i: number): number {
  const first = raw[i]!;
  const length = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length <= 1 || i + length > raw.length) return length === 1 ? 1 : 0;
  const slice = raw.subarray(i, i + length);
  return Buffer.from(slice.toString('utf8'), 'utf8').equals(slice) ? length : 0;
}

const found = (raw: Buffer, extra: { linkTarget?: string } = {}): WalkResult => {
  const path = pathText(raw);
  return path === raw.toString('utf8') && Buffer.from(path, 'utf8').equals(raw) ? { path, ...extra } : { path, raw, ...extra };
};

/**
 * Golden Hour's own data folder (or a file in it) is never evidence: importing it would read the
 * vault and database into themselves. Its `uploads` folder is the one exception: files dropped on
 * the app in browser mode (or sent to a team server) land there to be imported from it. Links
 * are judged by where they lead.
 */
async function insideDataDir(path: Buffer, own: string | null): Promise<boolean> {
  if (own === null) return false;
  const real = await realpath(path).catch(() => path.toString('utf8'));
  if (real.startsWith(`${own}${sep}uploads${sep}`)) return false;
  return real === own || real.startsWith(`${own}${sep}`);
}

async function* walkOne(path: Buffer, given: boolean, own: string | null): AsyncGenerator<WalkResult> {
  if (await insideDataDir(path, own)) {
    yield { path: pathText(path), error: `this is Golden Hour's own data folder (${own}), or inside it (or a link into it): it is not imported` };
    return;
  }
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    yield { path: pathText(path), error: code === 'ENOENT' ? 'no such file or folder' : errorMessage(error) };
    return;
  }
  if (info.isSymbolicLink()) {
    const target = await stat(path).catch(() => undefined);
    if (!target) yield { path: pathText(path), error: 'broken symbolic link' };
    else if (target.isFile()) yield found(path, { linkTarget: pathText(Buffer.from(await realpath(path, { encoding: 'buffer' }))) });
    else if (target.isDirectory() && given) yield* walkDirectory(path, own);
    else yield { path: pathText(path), error: 'symbolic link to a folder: not followed (give the folder itself)' };
    return;
  }
  if (info.isFile()) yield found(path);
  else if (info.isDirectory()) yield* walkDirectory(path, own);
  else yield { path: pathText(path), error: 'not a regular file or folder' };
}

async function* walkDirectory(dir: Buffer, own: string | null): AsyncGenerator<WalkResult> {
  let names: Buffer[];
  try {
    names = await readdir(dir, { encoding: 'buffer' });
  } catch (error) {
    yield { path: pathText(dir), error: `folder cannot be read: ${errorMessage(error)}` };
    return;
  }
  for (const name of names.sort(Buffer.compare)) yield* walkOne(Buffer.concat([dir, Buffer.from(sep), name]), false, own);
}
