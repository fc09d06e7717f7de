import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/repositories.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import { packageRoot } from '../../src/version.js';
import { startTestPostgres, type TestPostgres } from './postgres-server.js';
import { makeTempDir } from './temp-dir.js';

/** One backend the repository contract suite runs against, on a real database. */
export interface BackendUnderTest {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated database (a new one per call), with where another process finds it. */
  open(clock?: Clock): Promise<{ store: Store; location: string }>;
  /** Closes what the backend started (databases, a throwaway server). */
  stop(): Promise<void>;
}

/** SQLite: a file per database in a temporary folder. */
export function sqliteBackend(): BackendUnderTest {
  const temp = makeTempDir('goldenhour-store-');
  let next = 0;
  return {
    name: 'sqlite',
    open: async (clock = systemClock) => {
      const location = join(temp.path, `case-${++next}.sqlite`);
      return { store: SqliteStore.open(location, clock), location };
    },
    stop: async () => temp.remove(),
  };
}

/**
 * PostgreSQL: a database per call on a throwaway cluster started on first use (or on the server
 * `GOLDENHOUR_TEST_PG` names), all dropped at the end.
 */
export function postgresBackend(): BackendUnderTest {
  let server: Promise<TestPostgres> | null = null;
  return {
    name: 'postgres',
    open: async (clock = systemClock) => {
      server ??= startTestPostgres();
      const location = await (await server).createDatabase();
      return { store: await PostgresStore.open(location, clock), location };
    },
    stop: async () => {
      if (server) await (await server).stop();
    },
  };
}

/** The backends the contract suite runs against, each on a real database. */
export function backendsUnderTest(): [BackendUnderTest['name'], () => BackendUnderTest][] {
  return [['sqlite', sqliteBackend], ['postgres', postgresBackend]];
}

/**
 * Appends `count` custody entries to a case from another thread with its own connection (the
 * built store in dist/: run `npm run build` first), resolving when all are committed.
 */
export function appendFromAnotherThread(backend: BackendUnderTest['name'], location: string, caseId: number, count: number, operator: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ledger-writer-worker.mjs', import.meta.url), {
      workerData: { backend, location, caseId, count, operator, distRoot: join(packageRoot, 'dist') },
    });
    worker.once('message', (result: { ok: boolean; error?: string }) => (result.ok ? resolve() : reject(new Error(result.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the writer thread exited with ${code}`)));
  });
}

/** What a test on one backend works with: a fresh migrated store per test, and where it lives. */
export interface StoreUnderTest {
  readonly name: BackendUnderTest['name'];
  readonly store: Store;
  readonly location: string;
}

/**
 * Runs `body` once per backend (`title` takes the backend's name for `%s`), each test with a
 * fresh migrated store that is closed after it; the backend's server is stopped at the end.
 */
export function describeOnEachBackend(title: string, body: (db: StoreUnderTest) => void): void {
  describe.each(backendsUnderTest())(title, (name, make) => {
    let backend: BackendUnderTest;
    let opened: { store: Store; location: string } | null = null;
    const opening = () => {
      if (!opened) throw new Error('the store is opened for each test: use it inside a test or hook');
      return opened;
    };
    beforeAll(() => {
      backend = make();
    });
    afterAll(async () => backend.stop());
    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(async () => {
      await opened?.store.close();
      opened = null;
    });
    body({ name, get store() { return opening().store; }, get location() { return opening().location; } });
  });
}
