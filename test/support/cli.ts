import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, run as a user runs it (`npm run build` first; `npm test` does). */
export const CLI_PATH = fileURLToPath(new URL('../../bin/goldenhour.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `goldenhour ARGS` with `--data`-less env pointing at a data dir; resolves when it exits. */
export function runCli(args: string[], options: { dataDir?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    if (options.dataDir) env.GOLDENHOUR_DATA = options.dataDir;
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the CLI with --json and parses stdout (throws with stderr when it is not JSON). */
export async function runCliJson<T = unknown>(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<{ code: number | null; json: T; stderr: string }> {
  const result = await runCli([...args, '--json'], options);
  try {
    return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
  } catch {
    throw new Error(`goldenhour ${args.join(' ')} --json did not print JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}
