import { chmodSync, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { dataLayout } from './data-dir.js';

/** Modes of data at rest: folders, private files (database, keys, settings), vault blobs. */
export const DATA_MODES = { folder: 0o700, file: 0o600, blob: 0o400 } as const;

/**
 * Tightens a data folder to owner-only: the folder and every folder in it 0700, the database,
 * keys and settings 0600, vault blobs 0400. A folder made by an older Golden Hour (or copied with
 * a loose umask) is fixed when opened; what was changed comes back as notes to show. Vault blobs
 * are only walked when the vault's own folder was loose, so a tight folder costs a few stats.
 * Does nothing on Windows, whose permissions are not modes.
 */
export function tightenDataDir(layout: ReturnType<typeof dataLayout>): string[] {
  if (process.platform === 'win32') return [];
  const changed: string[] = [];
  const tighten = (path: string, mode: number) => {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return;
    }
    if (info.isSymbolicLink()) return; // never follow a link out of the data folder
    if ((info.mode & 0o777 & ~mode) !== 0) {
      chmodSync(path, mode);
      changed.push(path);
    }
  };
  tighten(layout.root, DATA_MODES.folder);
  for (const name of ['', '-wal', '-shm']) tighten(`${layout.database}${name}`, DATA_MODES.file);
  tighten(join(layout.root, 'settings.json'), DATA_MODES.file);
  for (const folder of [layout.keys, join(layout.root, 'uploads'), join(layout.root, 'exports'), layout.profiles, layout.captureRuns, layout.analysisAttempts]) {
    tighten(folder, DATA_MODES.folder);
  }
  if (existsSync(layout.keys)) for (const name of readdirSync(layout.keys)) tighten(join(layout.keys, name), DATA_MODES.file);
  const vaultWasLoose = existsSync(layout.vault) && (statSync(layout.vault).mode & 0o077) !== 0;
  tighten(layout.vault, DATA_MODES.folder);
  if (vaultWasLoose) tightenTree(layout.vault, tighten);
  if (changed.length === 0) return [];
  return [`The data folder ${layout.root} was readable by other users: ${changed.length} file(s) and folder(s) were made owner-only (folders 0700, database and keys 0600, evidence 0400).`];
}

function tightenTree(dir: string, tighten: (path: string, mode: number) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      tighten(path, DATA_MODES.folder);
      tightenTree(path, tighten);
    } else if (entry.isFile()) tighten(path, DATA_MODES.blob);
  }
}
