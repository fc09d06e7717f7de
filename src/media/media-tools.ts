import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

/** A located external program and where it was found. */
export interface MediaTool {
  path: string;
  from: 'npm package' | 'PATH' | 'environment';
}

const require = createRequire(import.meta.url);

/**
 * Finds ffprobe or ffmpeg: `GOLDENHOUR_FFPROBE`/`GOLDENHOUR_FFMPEG` if set, else the binary the
 * npm installer package ships for this platform, else the program on PATH; null when none.
 */
export function findMediaTool(name: 'ffprobe' | 'ffmpeg', env: NodeJS.ProcessEnv = process.env): MediaTool | null {
  const override = env[`GOLDENHOUR_${name.toUpperCase()}`];
  if (override) return isExecutable(override) ? { path: override, from: 'environment' } : null;
  try {
    const { path: packaged } = require(`@${name}-installer/${name}`) as { path: string };
    // In the packaged desktop app the binary is unpacked beside the asar archive (programs inside
    // an archive cannot be run), while the package still reports its path inside it.
    const path = packaged.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    if (isExecutable(path)) return { path, from: 'npm package' };
  } catch {
    // No binary for this platform in the package: fall back to PATH.
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    if (isExecutable(candidate)) return { path: candidate, from: 'PATH' };
  }
  return null;
}

/** The message given when a tool is missing, saying how to get it. */
export function missingToolMessage(name: 'ffprobe' | 'ffmpeg'): string {
  return `${name} not found: neither the @${name}-installer/${name} package's binary nor ${name} on PATH is available `
    + `(install ${name === 'ffprobe' ? 'FFmpeg, which includes ffprobe,' : 'FFmpeg'} or set GOLDENHOUR_${name.toUpperCase()} to its path)`;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a program with arguments (no shell), with a time limit; resolves with stdout as bytes. */
export function runTool(path: string, args: string[], options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { encoding: 'buffer', timeout: options.timeoutMs ?? 60_000, maxBuffer: options.maxBytes ?? 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.toString('utf8').trim().split('\n').slice(-3).join(' ').slice(0, 500);
          const why = error.killed ? `timed out after ${options.timeoutMs ?? 60_000} ms` : detail || error.message;
          reject(new Error(why));
        } else resolve(stdout);
      });
  });
}
