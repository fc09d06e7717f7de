/**
 * Stable error codes that cross every door (CLI exit codes, IPC, HTTP).
 * - `invalid-input`: the caller gave something wrong (exit code 2).
 * - `not-found`: a named case, item or file does not exist (exit code 2).
 * - `conflict`: the request clashes with what is stored (exit code 2).
 * - `unavailable`: a needed external program or browser is missing (exit code 2).
 * - `verification-failed`: a check ran and found problems (exit code 1).
 * - `unauthorized`: a team server was asked without a valid session, or with a wrong password.
 * - `forbidden`: the signed-in user's role on the case does not allow the operation.
 * - `rate-limited`: too many wrong passwords: wait, or the account is locked for a while.
 * - `internal`: a bug or an unexpected failure of the machine.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'verification-failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'internal';

/** An error whose message is meant for the investigator and whose code is stable. */
export class GoldenHourError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'GoldenHourError';
  }
}

/** Shorthand for the most common error: a bad argument, naming what was expected and received. */
export function invalidInput(message: string): GoldenHourError {
  return new GoldenHourError('invalid-input', message);
}

/** Describes a received value for an error message: `"abc" (string)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} (${typeof value})`;
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
