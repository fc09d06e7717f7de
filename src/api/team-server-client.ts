import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, linkSync, openAsBlob, renameSync, rmSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GoldenHourError, errorMessage, type ErrorCode } from '../util/errors.js';
import type { OperationName, ResponseOf } from './contract.js';
import type { ApiError as ApiResultError, ApiResult } from './operation.js';
import { isCertificateFailure, unreachableMessage } from './team-reach.js';

/**
 * A team server reached over HTTP with a session token: the same operations of the contract as
 * the in-process API (`call`), plus the two routes that move files, since the server cannot read
 * the caller's disk nor the caller the server's: uploads (files to import or push) and the
 * download of a bundle the server wrote. Used by the CLI's `--server` and the desktop app's
 * "Connect to a team server".
 */
export class TeamServerClient {
  /**
   * `server` is the origin (https://team.example:8443); `token` the session (null only to sign in);
   * `loginHint` what to do when the session has ended; `certificateHint` what to do about a
   * certificate this machine does not trust (the CLI's names NODE_EXTRA_CA_CERTS; the app's none).
   */
  constructor(
    readonly server: string,
    private readonly token: string | null,
    private readonly loginHint = 'sign in again',
    private readonly certificateHint = ' To trust the server\'s own certificate, run with NODE_EXTRA_CA_CERTS=CERT.pem.',
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) };
  }

  private async request(path: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    try {
      return await fetch(`${this.server}${path}`, init);
    } catch (error) {
      const hint = isCertificateFailure(error) ? this.certificateHint : '';
      throw new GoldenHourError('unavailable', `${unreachableMessage(this.server, error)}${hint}`);
    }
  }

  /**
   * A request to the server with the session, answered as it comes (a blob, the event stream):
   * for what a door passes on without reading. An unreachable server is a GoldenHourError in words.
   */
  async fetchRaw(path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('Authorization', `Bearer ${this.token}`);
    return this.request(path, { ...init, headers });
  }

  /**
   * Calls one operation and returns the server's answer as the in-process API does (`{ ok, value }`
   * or `{ ok: false, error }`) instead of throwing: what a door forwards to its page. An unreachable
   * server or an answer that is not a team server's is an `unavailable` error in words.
   */
  async invoke(name: string, payload: unknown): Promise<ApiResult<unknown> & { status: number }> {
    let response: Response;
    try {
      response = await this.request(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: this.headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(payload ?? {}),
      });
    } catch (error) {
      return { ok: false, status: 0, error: { code: 'unavailable', message: errorMessage(error) } };
    }
    let body: { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      return { ok: false, status: response.status, error: { code: 'unavailable', message: `${this.server} answered, but not as a Golden Hour team server does (status ${response.status}): check the address.` } };
    }
    if (body.ok === true) return { ok: true, status: response.status, value: body.value };
    const code = typeof body.error?.code === 'string' ? body.error.code : 'internal';
    const message = typeof body.error?.message === 'string' ? body.error.message : `status ${response.status}`;
    return { ok: false, status: response.status, error: { code: code as ApiResultError['code'], message } };
  }

  /** The server's answer as a value, or its error (code and message) as a GoldenHourError. */
  private async answer(response: Response, what: string): Promise<unknown> {
    let body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new GoldenHourError('unavailable', `${this.server} answered ${response.status} without the JSON a Golden Hour team server sends: is it one?`);
    }
    if (body.ok) return body.value;
    const code = (body.error?.code === 'unknown-operation' ? 'invalid-input' : body.error?.code ?? 'internal') as ErrorCode;
    const hint = code === 'unauthorized' && what !== 'session.login' ? `; ${this.loginHint}` : '';
    throw new GoldenHourError(code, `${this.server}: ${body.error?.message ?? `status ${response.status}`}${hint}`);
  }

  /** Calls one operation of the contract on the server. */
  async call<K extends OperationName>(name: K, payload: unknown): Promise<ResponseOf<K>> {
    const response = await this.request(`/api/${name}`, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(payload ?? {}),
    });
    return (await this.answer(response, name)) as ResponseOf<K>;
  }

  /**
   * Streams a local file to the server's upload folder for this user (`uploads/user-N/BATCH/NAME`)
   * and returns its path there, which `items.ingest` then imports (re-hashing it as it does any
   * file), with the SHA-256 the server computed as the bytes arrived. The same bytes sent again
   * under the same batch and name are answered with the file already there.
   */
  async upload(localPath: string, batch: string, name: string): Promise<{ path: string; sha256: string }> {
    const blob = await openAsBlob(localPath);
    const response = await this.request(`/api/upload?batch=${encodeURIComponent(batch)}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/octet-stream' }),
      body: blob,
    });
    return (await this.answer(response, 'upload')) as { path: string; sha256: string };
  }

  /**
   * Downloads a bundle the server wrote for this user (its exports folder) to `localPath`, hashing
   * it as it arrives: a file whose SHA-256 is not `expectedSha256` is deleted, not kept. An
   * existing `localPath` is never overwritten.
   */
  async downloadExport(fileName: string, localPath: string, expectedSha256: string): Promise<void> {
    const response = await this.request(`/api/exports/${encodeURIComponent(fileName)}`, { method: 'GET', headers: this.headers() });
    if (!response.ok || !response.body) await this.answer(response, 'download');
    const partial = `${localPath}.${process.pid}.part`;
    const hash = createHash('sha256');
    const hashing = new Transform({ transform(chunk: Buffer, _encoding, done) { hash.update(chunk); done(null, chunk); } });
    try {
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), hashing, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      const got = hash.digest('hex');
      if (got !== expectedSha256) throw new GoldenHourError('verification-failed', `The bundle downloaded from ${this.server} has SHA-256 ${got}, not the ${expectedSha256} the server exported: it was changed or cut short on the way, and was not kept`);
      placeWithoutOverwrite(partial, localPath);
    } catch (error) {
      rmSync(partial, { force: true });
      if (error instanceof GoldenHourError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new GoldenHourError('conflict', `${localPath} already exists: a bundle is never written over another file`);
      throw new GoldenHourError('unavailable', `Could not download the bundle from ${this.server} to ${localPath}: ${errorMessage(error)}`);
    }
    rmSync(partial, { force: true });
  }
}

/** A hard link places the file only if the name is still free; where links are not supported, a rename after a check. */
function placeWithoutOverwrite(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    if (existsSync(to)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    renameSync(from, to);
  }
}
