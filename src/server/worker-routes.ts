import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { captureReportSchema, type CaptureJobService } from '../api/worker-door.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { presentedToken, statusForError } from './door-guard.js';
import { readJson, sendJson } from './http-common.js';

const leaseSchema = z.strictObject({ queueId: z.number().int().positive(), leaseId: z.string().min(1).max(100) });
const failSchema = leaseSchema.extend({ error: z.string().min(1).max(4000) });

/**
 * `/worker/...`: what capture workers call with their worker token (never a user's session;
 * a worker token opens nothing under `/api/`). `claim` takes the next job, `renew` keeps its
 * lease, `blob/SHA256?queueId=&leaseId=` uploads one artifact (hashed on arrival), `complete`
 * reports the capture for the server to record, `fail` says it could not be captured.
 */
export async function routeWorker(jobs: CaptureJobService, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const token = presentedToken(request.headers, new URL(url.pathname, url));
  const worker = token ? await jobs.authenticate(token) : null;
  if (!worker) {
    return sendJson(response, 401, { ok: false, error: { code: 'unauthorized', message: 'This needs a capture worker token (from goldenhour server worker-token); a user\'s sign-in is not one' } });
  }
  const path = url.pathname.slice('/worker/'.length);
  try {
    if (request.method === 'PUT' && path.startsWith('blob/')) {
      const lease = leaseSchema.safeParse({ queueId: Number(url.searchParams.get('queueId')), leaseId: url.searchParams.get('leaseId') ?? '' });
      if (!lease.success) throw new GoldenHourError('invalid-input', `Expected ?queueId=N&leaseId=ID with the upload: ${z.prettifyError(lease.error)}`);
      const value = await jobs.receiveBlob(worker, lease.data.queueId, lease.data.leaseId, path.slice('blob/'.length), request as AsyncIterable<Buffer>);
      return sendJson(response, 200, { ok: true, value });
    }
    if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Worker calls are POST (PUT for an artifact)' } });
    const body = await readJson(request);
    if (!body.ok) return sendJson(response, body.status, { ok: false, error: { code: 'invalid-input', message: body.message } });
    const parse = <T>(schema: z.ZodType<T>): T => {
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) throw new GoldenHourError('invalid-input', `Invalid worker request ${path}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    };
    let value: unknown;
    switch (path) {
      case 'claim': value = { worker: worker.name, job: await jobs.claim(worker) }; break;
      case 'renew': { const lease = parse(leaseSchema); value = await jobs.renew(worker, lease.queueId, lease.leaseId); break; }
      case 'complete': {
        const done = await jobs.complete(worker, parse(captureReportSchema));
        value = { itemId: done.page.id, media: done.media.map((item) => item.id), notes: done.notes };
        break;
      }
      case 'fail': { const failed = parse(failSchema); value = await jobs.fail(worker, failed.queueId, failed.leaseId, failed.error); break; }
      default: return sendJson(response, 404, { ok: false, error: { code: 'unknown-operation', message: `Unknown worker call ${JSON.stringify(path.slice(0, 80))}` } });
    }
    sendJson(response, 200, { ok: true, value });
  } catch (error) {
    const code = error instanceof GoldenHourError ? error.code : 'internal';
    if (!response.headersSent) sendJson(response, statusForError(code), { ok: false, error: { code, message: errorMessage(error) } });
  }
}
