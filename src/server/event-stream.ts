import type { ServerResponse } from 'node:http';
import type { Api } from '../api/api.js';

/**
 * `GET /api/events`: progress of running operations (ingest, capture, export) as Server-Sent
 * Events, one JSON object per event, until the page goes away.
 */
export function streamEvents(api: Api, response: ServerResponse): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = api.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  // A comment now and then keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 15_000);
  heartbeat.unref();
  response.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
