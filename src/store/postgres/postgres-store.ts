import pg from 'pg';
import { migratePostgres } from '../../db/postgres-migrate.js';
import type { Clock } from '../../util/clock.js';
import type { Repositories, Store } from '../repositories.js';
import { sqlRepositories } from '../sql-repositories.js';
import type { SqlDialect, SqlExecutor, SqlValue } from '../sql.js';
import { insideUnit, refuseNesting, scopedExecutor, UnitScope } from '../unit-scope.js';

/** PostgreSQL's spelling of what differs between the backends. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  jsonField: (column, key) => `(${column}::jsonb ->> '${key}')`,
  inIdList: (column) => `${column} IN (SELECT (jsonb_array_elements_text(?::jsonb))::bigint)`,
  // Appends read the case's head row locked: a second append to the case waits for the first to commit.
  lockRow: ' FOR UPDATE',
  claimRow: ' FOR UPDATE SKIP LOCKED',
};

/** `?` placeholders (the repositories' spelling) as PostgreSQL's `$1, $2...`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

// Ids, sizes and ledger positions are BIGINT: read as numbers (exact far beyond any case's size).
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function postgresExecutor(client: pg.PoolClient): SqlExecutor {
  const query = async <T>(sql: string, params: SqlValue[] = []) => client.query<T & pg.QueryResultRow>(numberPlaceholders(sql), params);
  return {
    dialect: postgresDialect,
    all: async <T>(sql: string, params?: SqlValue[]) => (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: SqlValue[]) => (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: SqlValue[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  };
}

// Deadlock and serialization failures: PostgreSQL undid the unit, which may simply run again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/**
 * The PostgreSQL backend: a pool of connections to a server a team shares. Each unit of work
 * takes one connection for BEGIN ... COMMIT; reads are REPEATABLE READ, READ ONLY (one
 * snapshot). A unit PostgreSQL undoes for a deadlock runs again (up to three times), so units
 * hold repository calls only, nothing that cannot be repeated.
 */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool, private readonly clock: Clock) {}

  /** Connects to `url` (postgres://USER@HOST/DB) and applies pending migrations. */
  static async open(url: string, clock: Clock, options: { maxConnections?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, types, max: options.maxConnections ?? 10 });
    // An idle connection the server dropped must not take the process down with it.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, clock);
  }

  withTransaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.unit('BEGIN', work);
  }

  read<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.unit('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work);
  }

  private async unit<T>(begin: string, work: (tx: Repositories) => Promise<T>): Promise<T> {
    refuseNesting(this);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(begin, work);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  private async once<T>(begin: string, work: (tx: Repositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const scope = new UnitScope();
    try {
      await client.query(begin);
      const result = await insideUnit(this, scope, () => work(sqlRepositories(scopedExecutor(postgresExecutor(client), scope), this.clock)));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      scope.end();
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
