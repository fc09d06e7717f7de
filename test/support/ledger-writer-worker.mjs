// A second writer on its own thread and connection, running the built store (dist/): appends
// `count` custody entries to one case at once, each in its own unit of work.
import { parentPort, workerData } from 'node:worker_threads';

const { backend, location, caseId, count, operator, distRoot } = workerData;
const clock = { now: () => new Date() };
const store = backend === 'sqlite'
  ? (await import(`${distRoot}/src/store/sqlite/sqlite-store.js`)).SqliteStore.open(location, clock)
  : await (await import(`${distRoot}/src/store/postgres/postgres-store.js`)).PostgresStore.open(location, clock);
try {
  await Promise.all(Array.from({ length: count }, (_, n) =>
    store.withTransaction((tx) => tx.ledger.append({ caseId, operator, action: 'verification', details: { n } }))));
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
} finally {
  await store.close();
}
