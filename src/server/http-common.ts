import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What the browser-mode server and the team server answer alike. */

/** The most JSON an API request may carry. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Headers on every response: no sniffing, no referrer, no framing, no use from other origins. */
export function setCommonHeaders(response: ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** A JSON response that no cache keeps. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** Reads a JSON request body, bounded; an empty body is `{}`. */
export async function readJson(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: `Request body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: 'Request body is not valid JSON' };
  }
}

/**
 * Reads an API operation call (`POST /api/NAME` with a JSON body): its name and arguments, or
 * the error already sent. Both servers answer malformed calls the same way.
 */
export async function readOperationCall(path: string, request: IncomingMessage, response: ServerResponse): Promise<{ name: string; args: unknown } | null> {
  const refuse = (status: number, message: string): null => {
    sendJson(response, status, { ok: false, error: { code: 'invalid-input', message } });
    return null;
  };
  if (request.method !== 'POST') return refuse(405, 'API operations are called with POST');
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'Expected Content-Type application/json');
  const body = await readJson(request);
  if (!body.ok) return refuse(body.status, body.message);
  try {
    return { name: decodeURIComponent(path), args: body.value };
  } catch {
    return refuse(400, `The operation name in ${JSON.stringify(path.slice(0, 200))} is not valid percent-encoding`);
  }
}

/** Stops listening and drops open connections (event streams would hold it open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
