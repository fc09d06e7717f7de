import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCaptureWorker } from '../../worker/capture-worker.js';
import { invalidInput } from '../../util/errors.js';
import { parseServerUrl } from '../team-client.js';
import { waitForStop } from './serve.js';

interface WorkerOptions {
  server?: string;
  token?: string;
  scratch?: string;
}

/** `goldenhour worker`: a capture worker of a team server (any number, on any machines). */
export function workerCommand(): Command {
  return new Command('worker')
    .description('take capture jobs from a team server, capture them with this machine\'s Chromium and upload them (Ctrl+C stops after the job under way)')
    .option('--server <url>', 'the team server (default: $GOLDENHOUR_SERVER)')
    .option('--token <token>', 'a worker token from goldenhour server worker-token (default: $GOLDENHOUR_WORKER_TOKEN)')
    .option('--scratch <dir>', 'folder for captures on their way to the server (default: a new temporary folder, removed on exit)')
    .action(async (options: WorkerOptions) => {
      const server = parseServerUrl(options.server);
      const token = options.token ?? process.env.GOLDENHOUR_WORKER_TOKEN;
      if (!token) throw invalidInput('Expected --token TOKEN (a worker token from goldenhour server worker-token --db URL) but received nothing');
      const scratchDir = options.scratch ? resolve(options.scratch) : mkdtempSync(join(tmpdir(), 'goldenhour-worker-'));
      try {
        await runCaptureWorker({ server, token, scratchDir, stopped: waitForStop(), log: (line) => process.stdout.write(`${line}\n`) });
      } finally {
        if (!options.scratch) rmSync(scratchDir, { recursive: true, force: true });
      }
    });
}
