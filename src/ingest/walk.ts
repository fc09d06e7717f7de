import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorMessage } from '../util/errors.js';

/** A file found under the paths given, or why a path could not be walked. */
export type WalkResult = { path: string } | { path: string; error: string };

/**
 * Lists the files under the given files and folders, recursively, in a stable order.
 * Links to files are followed; links to folders are not (they could loop), and are reported.
 */
export async function* walkPaths(paths: string[]): AsyncGenerator<WalkResult> {
  for (const given of paths) yield* walkOne(resolve(given), true);
}

async function* walkOne(path: string, given: boolean): AsyncGenerator<WalkResult> {
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
    else if (target.isDirectory() && given) yield* walkDirectory(path);
    else yield { path, error: 'symbolic link to a folder: not followed (give the folder itself)' };
    return;
  }
  if (info.isFile()) yield { path };
  else if (info.isDirectory()) yield* walkDirectory(path);
  else yield { path, error: 'not a regular file or folder' };
}

async function* walkDirectory(dir: string): AsyncGenerator<WalkResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    yield { path: dir, error: `folder cannot be read: ${errorMessage(error)}` };
    return;
  }
  for (const name of names.sort()) yield* walkOne(join(dir, name), false);
}
