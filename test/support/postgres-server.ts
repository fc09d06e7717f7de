import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server for tests: databases made on demand, all removed at the end. */
export interface TestPostgres {
  /** A new empty database on the server; its connection URL. */
  createDatabase(): Promise<string>;
  /** Drops the databases made, and stops and removes the server if this started it. */
  stop(): Promise<void>;
}

/** Debian's PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`), the newest version installed. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`PostgreSQL is not installed (no ${root}/*/bin/initdb): install Debian's postgresql package, or set GOLDENHOUR_TEST_PG to a server's URL`);
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The server named by `GOLDENHOUR_TEST_PG` (a URL whose user may create databases), else a
 * throwaway cluster in a temporary folder: `initdb` and `pg_ctl` on a free loopback port, run as
 * the `postgres` user when we are root (initdb refuses root), stopped and removed by `stop`.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.GOLDENHOUR_TEST_PG;
  let adminUrl: string;
  let shutdown = async () => undefined as void;
  if (given) adminUrl = given;
  else {
    const bin = findPostgresBin();
    const dir = mkdtempSync(join(tmpdir(), 'goldenhour-pg-'));
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const run = (tool: string, args: string[]) =>
      asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
    if (asRoot) {
      const { uid, gid } = postgresUser();
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const port = await freePort();
    try {
      run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Could not start a throwaway PostgreSQL in ${dir}: ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`);
    }
    adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    shutdown = async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const made: string[] = [];
  return {
    async createDatabase() {
      const name = `goldenhour_test_${process.pid}_${made.length + 1}_${Date.now().toString(36)}`;
      await admin.query(`CREATE DATABASE ${name}`);
      made.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      try {
        for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      } finally {
        await shutdown();
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}
