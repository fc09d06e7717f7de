/** A value bound to a `?` placeholder: both backends take these as they are. */
export type SqlValue = string | number | null;

/**
 * What one backend's SQL differs in. The repositories write one statement for both backends and
 * ask the dialect only where SQLite and PostgreSQL spell a thing differently.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * A string field of a JSON text column. SQLite's spelling must stay `json_extract(col, '$.key')`:
   * the covering index items_summary (migration 0003) is built on that exact expression.
   */
  jsonField(column: string, key: string): string;
  /** `column` is one of the ids bound, as a JSON array text, to the next `?`. */
  inIdList(column: string): string;
  /** Appended to a SELECT that reads a row the transaction is about to change (SQLite: its writer lock is enough). */
  readonly lockRow: string;
  /** Appended to a SELECT that claims a row: other connections' claimed rows are passed over. */
  readonly claimRow: string;
}

/**
 * SQL run on one connection inside one unit of work. Statements use `?` placeholders;
 * statements ending in `RETURNING ...` answer through `get`/`all`.
 */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; `changes` counts the rows it inserted, updated or deleted. */
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
}

/** Rows a multi-row INSERT carries at most (500 rows of 22 values stay under SQLite's 32,766 and PostgreSQL's 65,535 bound values). */
export const ROWS_PER_STATEMENT = 500;

/** Encodes a JSON column's value (null stays SQL NULL). */
export function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Decodes a JSON column's text (SQL NULL stays null). */
export function parseJsonText<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
