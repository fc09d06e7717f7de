import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repositories, UnitOfWork } from './repositories.js';
import type { SqlExecutor } from './sql.js';

/** The lifetime of one unit of work: what it handed out works only while it is open. */
export class UnitScope {
  private open = true;

  get isOpen(): boolean {
    return this.open;
  }

  end(): void {
    this.open = false;
  }
}

const active = new AsyncLocalStorage<{ store: object; scope: UnitScope }>();

/** Runs `work` as a unit of work of `store`, so that `refuseNesting` can tell it is inside one. */
export function insideUnit<T>(store: object, scope: UnitScope, work: () => Promise<T>): Promise<T> {
  return active.run({ store, scope }, work);
}

/**
 * Refuses to open a unit of work of `store` inside another one still open: on SQLite it would
 * wait for itself for ever, and on PostgreSQL it would split what must be one transaction.
 * (Work merely started from inside a unit that has since ended is free to open its own.)
 */
export function refuseNesting(store: object): void {
  const outer = active.getStore();
  if (outer?.store === store && outer.scope.isOpen) {
    throw new Error('A unit of work was opened inside another: use the repositories the outer unit of work was given');
  }
}

/** An executor that works only while its unit of work is open. */
export function scopedExecutor(exec: SqlExecutor, scope: UnitScope): SqlExecutor {
  const check = () => {
    if (!scope.isOpen) throw new Error('A repository was used after its unit of work ended: keep repositories inside withTransaction');
  };
  return {
    dialect: exec.dialect,
    all: (sql, params) => (check(), exec.all(sql, params)),
    get: (sql, params) => (check(), exec.get(sql, params)),
    run: (sql, params) => (check(), exec.run(sql, params)),
  };
}

type WriteMethods = { [K in keyof Repositories]: readonly (keyof Repositories[K] & string)[] };

/** The methods that write: each call runs in a read-write unit; every other method in a read-only one. */
const WRITES: WriteMethods = {
  cases: ['create', 'update', 'close', 'reopen'],
  items: ['insert', 'insertMany', 'insertFromSource', 'update', 'setTriage', 'withdraw'],
  comments: ['add'],
  ledger: ['append', 'appendMany'],
  captureQueue: ['enqueue', 'requeue', 'recoverInterrupted', 'claimNext', 'claim', 'countAttempt', 'markCaptured', 'markFailed'],
  review: [],
  watches: ['create', 'setFirstItem', 'claimDue', 'recordRun', 'stop'],
  team: ['addUser', 'setPassword', 'userLogin', 'recordLoginFailure', 'clearLoginFailures', 'createSession', 'deleteSession', 'deleteExpiredSessions', 'setMember'],
  captureJobs: ['addWorker', 'touchWorker', 'addJob', 'claim', 'heldJob', 'renewLease', 'endJob', 'reserveHostSlot'],
};

/**
 * Repositories whose every call is a unit of work of its own: for callers with one thing to
 * do. Work that must be atomic across calls uses `withTransaction` and the repositories it gives.
 */
export function autoCommitRepositories(store: UnitOfWork): Repositories {
  const repository = <K extends keyof Repositories>(key: K): Repositories[K] => {
    const writes = new Set<string>(WRITES[key]);
    return new Proxy({} as Repositories[K], {
      get: (_target, method) => {
        // Not a thenable, and no symbol-keyed members: only the interface's methods exist.
        if (typeof method !== 'string' || method === 'then') return undefined;
        const unit = writes.has(method) ? store.withTransaction.bind(store) : store.read.bind(store);
        return (...args: unknown[]) =>
          unit((tx) => (tx[key] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args));
      },
    });
  };
  return { cases: repository('cases'), items: repository('items'), comments: repository('comments'), ledger: repository('ledger'), captureQueue: repository('captureQueue'), review: repository('review'),
    watches: repository('watches'), team: repository('team'), captureJobs: repository('captureJobs') };
}
