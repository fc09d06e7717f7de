import type { ServerResponse } from 'node:http';
import type { Api } from '../api/api.js';
import type { ApiEvent } from '../api/handler-types.js';

/**
 * `GET /api/events`: progress of running operations (ingest, capture, export) as Server-Sent
 * Events, one JSON object per event, until the page goes away.
 */
export function streamEvents(api: Pick<Api, 'subscribe'>, response: ServerResponse, admit?: (event: ApiEvent) => Promise<boolean>): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const send = (event: ApiEvent) => response.write(`data: ${JSON.stringify(event)}\n\n`);
  // On a team server each event is first checked against the listener's cases; one chain keeps them in order.
  let queue = Promise.resolve();
  const unsubscribe = api.subscribe(admit
    ? (event) => {
      queue = queue.then(async () => {
        if (await admit(event)) send(event);
      }).catch(() => undefined);
    }
    : send);
  // A comment now and then keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 15_000);
  heartbeat.unref();
  response.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
