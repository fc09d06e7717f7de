import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createApi, type Api } from '../../src/api/api.js';
import { openCore, type Core } from '../../src/core.js';
import { startTeamServer, type TeamServer } from '../../src/server/team-server.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { LoginPolicy } from '../../src/team/account-service.js';
import type { CaptureJobPolicy } from '../../src/capture/capture-jobs.js';
import type { Clock } from '../../src/util/clock.js';
import { startTestPostgres, type TestPostgres } from './postgres-server.js';
import { makeTempDir } from './temp-dir.js';

/** A clock a test moves by hand (session expiry, password waits and locks). */
export class ManualClock implements Clock {
  constructor(private at = Date.parse('2026-12-02T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** A team server on a real PostgreSQL database (a throwaway cluster) and a temporary vault. */
export interface TeamServerFixture {
  pg: TestPostgres;
  dbUrl: string;
  core: Core;
  api: Api;
  server: TeamServer;
  clock: ManualClock;
  vaultDir: string;
  origin: string;
  close(): Promise<void>;
}

export async function startTeamFixture(policy: Partial<LoginPolicy> = {}, pg?: TestPostgres, rendererDir?: string, captureJobPolicy?: CaptureJobPolicy): Promise<TeamServerFixture> {
  const ownServer = pg === undefined;
  const postgres = pg ?? await startTestPostgres();
  const dbUrl = await postgres.createDatabase();
  const clock = new ManualClock();
  const store = await PostgresStore.open(dbUrl, clock);
  const temp = makeTempDir('goldenhour-team-');
  const core = openCore({
    dataDir: temp.path, store, clock, analyser: null, anchorTimer: false, operator: 'server',
    loginPolicy: { sessionHours: 1, freeAttempts: 3, lockAfter: 6, lockMinutes: 15, ...policy }, captureJobPolicy,
  });
  const api = createApi(core);
  const server = await startTeamServer({ api, core, host: '127.0.0.1', port: 0, rendererDir: rendererDir ?? join(temp.path, 'no-renderer') });
  return {
    pg: postgres, dbUrl, core, api, server, clock, vaultDir: temp.path, origin: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.close();
      await core.close();
      temp.remove();
      if (ownServer) await postgres.stop();
    },
  };
}

export interface Answer {
  status: number;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  headers: Headers;
}

/** One API operation over HTTP, as the CLI calls it (Bearer token). */
export async function call(origin: string, token: string | null, name: string, payload: unknown): Promise<Answer> {
  const response = await fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(payload),
  });
  return { status: response.status, json: (await response.json()) as Answer['json'], headers: response.headers };
}

/** Signs in over HTTP; the token of the new session. */
export async function signIn(origin: string, user: string, password: string): Promise<string> {
  const answer = await call(origin, null, 'session.login', { user, password });
  if (!answer.json.ok) throw new Error(`sign-in of ${user} failed: ${answer.status} ${JSON.stringify(answer.json)}`);
  return (answer.json.value as { token: string }).token;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function selfSignedCertificate(dir: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath], { stdio: 'pipe' });
  return { certPath, keyPath };
}
