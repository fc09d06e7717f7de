import type { Statement } from 'better-sqlite3';
import { openDatabase, type CaseDatabase } from '../../db/database.js';
import type { Clock } from '../../util/clock.js';
import type { Repositories, Store } from '../repositories.js';
import { sqlRepositories } from '../sql-repositories.js';
import type { SqlDialect, SqlExecutor, SqlValue } from '../sql.js';
import { insideUnit, refuseNesting, scopedExecutor, UnitScope } from '../unit-scope.js';
import { SerialRunner } from './serial-runner.js';

/** SQLite's spelling of what differs between the backends. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  jsonField: (column, key) => `json_extract(${column}, '$.${key}')`,
  inIdList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  // A write transaction is BEGIN IMMEDIATE: it holds the database's one writer lock throughout.
  lockRow: '',
  claimRow: '',
};

/** Statements prepared once per connection and kept (the same few dozen run all day). */
function sqliteExecutor(db: CaseDatabase): SqlExecutor {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: sqliteDialect,
    all: async <T>(sql: string, params: SqlValue[] = []) => prepared(sql).all(...params) as T[],
    get: async <T>(sql: string, params: SqlValue[] = []) => prepared(sql).get(...params) as T | undefined,
    run: async (sql: string, params: SqlValue[] = []) => {
      const statement = prepared(sql);
      // A statement with RETURNING answers rows; run through `all` so its changes are counted all the same.
      if (statement.reader) return { changes: statement.all(...params).length };
      return { changes: statement.run(...params).changes };
    },
  };
}

/**
 * The SQLite backend: one better-sqlite3 connection to the data folder's case database. Units
 * of work run one after another through a serial runner (see `SerialRunner`); a read-write unit
 * is BEGIN IMMEDIATE, so another process writing the same file waits for it (busy timeout).
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly runner = new SerialRunner();
  private readonly sql: SqlExecutor;
  private closed = false;

  constructor(private readonly db: CaseDatabase, private readonly clock: Clock) {
    this.sql = sqliteExecutor(db);
  }

  /** Opens (creating and migrating) the case database file. */
  static open(file: string, clock: Clock): SqliteStore {
    return new SqliteStore(openDatabase(file), clock);
  }

  withTransaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.unit('BEGIN IMMEDIATE', work);
  }

  read<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    // Deferred: the snapshot is taken at the first read and held to the end.
    return this.unit('BEGIN DEFERRED', work);
  }

  private async unit<T>(begin: string, work: (tx: Repositories) => Promise<T>): Promise<T> {
    refuseNesting(this);
    return this.runner.run(async () => {
      if (this.closed) throw new Error('The case database is closed');
      const scope = new UnitScope();
      this.db.exec(begin);
      try {
        const result = await insideUnit(this, scope, () => work(sqlRepositories(scopedExecutor(this.sql, scope), this.clock)));
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        scope.end();
      }
    });
  }

  async close(): Promise<void> {
    await this.runner.idle();
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
