import { statfsSync } from 'node:fs';
import { GoldenHourError } from './errors.js';

/** Whether an error is the disk (or SQLite's file) running out of space. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** Bytes free for this user on the file system holding `folder`, or null when it cannot be told. */
export function freeBytes(folder: string): number | null {
  try {
    const info = statfsSync(folder);
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return null;
  }
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The error to show when the disk is full: which folder, how much is free, and (when known) how
 * much the work needed. Nothing already stored is touched; the work can be run again once there is room.
 */
export function diskFullError(folder: string, neededBytes: number | null, what: string): GoldenHourError {
  return new GoldenHourError('unavailable', `${diskFullNote(folder, neededBytes, what)} Free some space there, or use another data folder (--data), and run it again.`);
}

/** A bundle that did not fit where it was to go: nothing of it is left there. */
export function bundleDiskFullError(folder: string): GoldenHourError {
  return new GoldenHourError('unavailable', `${diskFullNote(folder, null, 'the bundle', 'was not written, and nothing of it was left there')} Free some space there, or choose another folder, and export again.`);
}

/** The first sentence of {@link diskFullError}, for work that went on without storing `what`. */
export function diskFullNote(folder: string, neededBytes: number | null, what: string, outcome = 'was not stored'): string {
  const free = freeBytes(folder);
  const needed = neededBytes !== null ? `; it needs at least ${mb(neededBytes)}` : '';
  return `The disk holding ${folder} is full (${free !== null ? `${mb(free)} free` : 'no space left'}${needed}): ${what} ${outcome}.`;
}
