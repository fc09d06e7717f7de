import { execFileSync } from 'node:child_process';

/**
 * Mounts a tmpfs of `size` (e.g. '8m') on `dir`, a small disk to fill. Mounting needs root, as
 * the suite has in CI; elsewhere this is false and the full-disk tests are skipped for that reason.
 */
export function mountTmpfs(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
