import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH } from './cli.js';

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the worker has printed a line matching `pattern`. */
  said(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** `goldenhour worker` as a separate process, as an investigator starts it on another machine. */
export function startWorker(origin: string, token: string): WorkerProcess {
  const child = spawn(process.execPath, [CLI_PATH, 'worker', '--server', origin, '--token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    child,
    output: () => out,
    said: async (pattern, timeoutMs = 120_000) => {
      const start = Date.now();
      for (;;) {
        const line = out.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (child.exitCode !== null || Date.now() - start > timeoutMs) throw new Error(`the worker never said ${pattern} (exit ${child.exitCode}):\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

