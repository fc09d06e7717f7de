import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { errorMessage } from '../util/errors.js';

/** A file found under the paths given, or why a path could not be walked. */
export type WalkResult = { path: string } | { path: string; error: string };

/**
 * Lists the files under the given files and folders, recursively, in a stable order.
 * Links to files are followed; links to folders are not (they could loop), and are reported.
 */
export async function* walkPaths(paths: string[], dataDir: string | null = null): AsyncGenerator<WalkResult> {
  const own = dataDir === null ? null : await realpath(dataDir).catch(() => resolve(dataDir));
  for (const given of paths) yield* walkOne(resolve(given), true, own);
}

/**
 * Golden Hour's own data folder (or a file in it) is never evidence: importing it would read the
 * vault and database into themselves. Its `uploads` folder is the one exception: files dropped on
 * the app in browser mode (or sent to a team server) land there to be imported from it.
 */
async function insideDataDir(path: string, own: string | null): Promise<boolean> {
  if (own === null) return false;
  const real = await realpath(path).catch(() => path);
  if (real.startsWith(`${own}${sep}uploads${sep}`)) return false;
  return real === own || real.startsWith(`${own}${sep}`);
}

async function* walkOne(path: string, given: boolean, own: string | null): AsyncGenerator<WalkResult> {
  if (await insideDataDir(path, own)) {
    yield { path, error: `this is Golden Hour's own data folder (${own}), or inside it: it is not imported` };
    return;
  }
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    yield { path, error: code === 'ENOENT' ? 'no such file or folder' : errorMessage(error) };
    return;
  }
  if (info.isSymbolicLink()) {
    const target = await stat(path).catch(() => undefined);
    if (!target) yield { path, error: 'broken symbolic link' };
    else if (target.isFile()) yield { path };
    else if (target.isDirectory() && given) yield* walkDirectory(path, own);
    else yield { path, error: 'symbolic link to a folder: not followed (give the folder itself)' };
    return;
  }
  if (info.isFile()) yield { path };
  else if (info.isDirectory()) yield* walkDirectory(path, own);
  else yield { path, error: 'not a regular file or folder' };
}

async function* walkDirectory(dir: string, own: string | null): AsyncGenerator<WalkResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    yield { path: dir, error: `folder cannot be read: ${errorMessage(error)}` };
    return;
  }
  for (const name of names.sort()) yield* walkOne(join(dir, name), false, own);
}
