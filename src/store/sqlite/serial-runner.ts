/**
 * Runs work one piece at a time, in the order asked. better-sqlite3 has one synchronous
 * connection: a transaction that awaits between its statements must not let another piece of
 * work run statements on that connection meanwhile (they would join its transaction, or read
 * what it has not committed). Every unit of work of a SQLite store goes through one runner.
 */
export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after everything asked before it has finished (whether it succeeded or not). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything asked so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
