import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** A plain HTTP forward proxy for tests: every request goes to one upstream, whatever host it names. */
export interface TestProxy {
  url: string;
  /** The hosts browsers asked the proxy for (proof that traffic and name resolution went through it). */
  requestedHosts: string[];
  close(): Promise<void>;
}

/**
 * Starts a forward proxy on 127.0.0.1 that sends every request to `upstreamOrigin`: so a
 * browser using it can reach `http://x.com/...` with no DNS at all, as through a real proxy.
 */
export async function startTestProxy(upstreamOrigin: string, credentials?: { user: string; password: string }): Promise<TestProxy> {
  const upstream = new URL(upstreamOrigin);
  const requestedHosts: string[] = [];
  // With credentials, a request without the right Proxy-Authorization is answered 407 (as a real proxy would).
  const expected = credentials ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` : null;
  const refused = (req: import('node:http').IncomingMessage) => expected !== null && req.headers['proxy-authorization'] !== expected;
  const server: Server = createServer((req, res) => {
    if (refused(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '/', `http://${req.headers.host ?? 'unknown'}`);
    requestedHosts.push(target.host);
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: `${target.pathname}${target.search}`, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  // CONNECT tunnels (how most clients send even plain-HTTP requests through a proxy) end at the upstream too.
  const tunnels = new Set<import('node:net').Socket>();
  server.on('connect', (req, client: import('node:net').Socket) => {
    if (refused(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    requestedHosts.push(req.url ?? '');
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const socket = connect(Number(upstream.port), upstream.hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      socket.pipe(client);
      client.pipe(socket);
    });
    socket.on('error', () => client.destroy());
    client.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requestedHosts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      for (const tunnel of tunnels) tunnel.destroy();
      server.close(() => resolve());
    }),
  };
}
