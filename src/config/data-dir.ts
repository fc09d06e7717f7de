import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { productName } from '../version.js';

/**
 * The per-user application data folder that Electron's `app.getPath('userData')` gives this
 * app, so the CLI, browser mode and the desktop app share one data directory by default.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), productName);
}

/** `--data DIR`, else `GOLDENHOUR_DATA`, else the per-user application data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  if (env.GOLDENHOUR_DATA) return resolve(env.GOLDENHOUR_DATA);
  return defaultUserDataDir(process.platform, env);
}

/** The files and folders inside a data directory. */
export function dataLayout(dataDir: string) {
  return {
    root: dataDir,
    database: join(dataDir, 'goldenhour.sqlite'),
    vault: join(dataDir, 'vault'),
    keys: join(dataDir, 'keys'),
    profiles: join(dataDir, 'profiles'),
    /** One marker per process capturing for a case (see CaptureRunLock). */
    captureRuns: join(dataDir, 'capture-runs'),
    /** Markers of files whose analysis a re-run has begun (see IngestService). */
    analysisAttempts: join(dataDir, 'analysis-attempts'),
  };
}
