import { execFileSync } from 'node:child_process';

/**
 * Mounts a tmpfs of `size` (e.g. '8m') on `dir`, a small disk to fill. Mounting needs root, as
 * the suite has in CI; elsewhere this is false and the full-disk tests are skipped for that reason.
 */
export function mountTmpfs(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return skipped('mounting a small disk needs root (CI runs the suite as root)');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return skipped(`mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Says why the full-disk tests will not run, as the yt-dlp tests do, so a skip is never silent. */
function skipped(why: string): false {
  console.warn(`the full-disk tests are skipped: ${why}`);
  return false;
}
