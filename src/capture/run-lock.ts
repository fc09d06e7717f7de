import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_MODES } from '../config/data-permissions.js';
import { processIsAlive } from '../util/process.js';

/**
 * Marks that this process is capturing for a case, so another process working the same queue
 * (the CLI beside the desktop app) does not mistake its running entries for ones a crash left.
 * One file per process (`case-<id>.<pid>`); files of processes that died are stale and removed.
 */
export class CaptureRunLock {
  private readonly file: string;

  private constructor(private readonly dir: string, private readonly caseId: number) {
    this.file = join(dir, `case-${caseId}.${process.pid}`);
  }

  /** Takes the lock; `othersAlive` says whether another live process is capturing the case. */
  static acquire(dir: string, caseId: number): { lock: CaptureRunLock; othersAlive: boolean } {
    mkdirSync(dir, { recursive: true, mode: DATA_MODES.folder });
    const lock = new CaptureRunLock(dir, caseId);
    let othersAlive = false;
    for (const name of readdirSync(dir)) {
      const match = new RegExp(`^case-${caseId}\\.(\\d+)$`).exec(name);
      if (!match || Number(match[1]) === process.pid) continue;
      if (processIsAlive(Number(match[1]))) othersAlive = true;
      else rmSync(join(dir, name), { force: true });
    }
    writeFileSync(lock.file, `${new Date().toISOString()}\n`, { mode: DATA_MODES.file });
    return { lock, othersAlive };
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}
