import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { SocksClient } from 'socks';
import type { AddressCheck } from '../guarded-request.js';

/** A forward proxy on loopback that holds another program's requests to the capture's private-address rule. */
export interface GuardProxy {
  /** `http://127.0.0.1:PORT`, to hand to the program. */
  url: string;
  close(): Promise<void>;
}

const REFUSED_BODY = 'Refused by Golden Hour: a loopback or private-network address (the capture was not allowed private addresses)\n';

/**
 * Starts a forward proxy for a program the capture runs (yt-dlp), which follows links and
 * redirects of its own where no page route sees them. Every request and tunnel it asks for is
 * judged by `allows` (the page's own rule, which records each refusal) before anything is sent,
 * and refused with 403 when it names loopback or a private network; the rest goes on through the
 * investigator's proxy (`upstream`: http, https or socks5) or, without one, straight to the host.
 * Written here rather than taken from a library: the proxies on npm judge clients, not where the
 * client wants to go, and none answers a refused destination before connecting.
 */
export async function startGuardProxy(allows: AddressCheck, upstream: string | null): Promise<GuardProxy> {
  const via = upstream ? new URL(upstream) : null;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void forwardRequest(req, res));

  const forwardRequest = async (req: IncomingMessage, res: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Expected an absolute http:// address\n');
      return;
    }
    if (!(await allows(target.href, null))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(REFUSED_BODY);
      return;
    }
    const port = Number(target.port || 80);
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const viaHttp = via && via.protocol !== 'socks5:';
    let socks: Socket | null = null;
    try {
      socks = via?.protocol === 'socks5:' ? await openTunnel(via, target.hostname, port) : null;
    } catch {
      res.writeHead(502).end();
      return;
    }
    const outgoing = (via?.protocol === 'https:' ? httpsRequest : httpRequest)({
      method: req.method,
      headers: viaHttp ? { ...headers, ...proxyAuthorization(via) } : headers,
      ...(viaHttp
        ? { host: via.hostname, port: proxyPort(via), path: target.href }
        : { host: target.hostname, port, path: `${target.pathname}${target.search}` }),
      ...(socks ? { createConnection: () => socks } : {}),
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    outgoing.on('error', () => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
    req.pipe(outgoing);
  };

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    void (async () => {
      const [host, portText] = splitHostPort(req.url ?? '');
      if (!host || !(await allows(`https://${req.url}/`, null))) {
        client.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(REFUSED_BODY)}\r\n\r\n${REFUSED_BODY}`);
        return;
      }
      const port = Number(portText || 443);
      try {
        const tunnel = await openTunnel(via, host, port);
        sockets.add(tunnel);
        tunnel.on('close', () => sockets.delete(tunnel));
        tunnel.on('error', () => client.destroy());
        client.on('close', () => tunnel.destroy());
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) tunnel.write(head);
        tunnel.pipe(client);
        client.pipe(tunnel);
      } catch {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function splitHostPort(authority: string): [string, string] {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(authority);
  if (bracketed) return [bracketed[1]!, bracketed[2]!];
  const at = authority.lastIndexOf(':');
  return at > 0 ? [authority.slice(0, at), authority.slice(at + 1)] : [authority, ''];
}

/** The investigator's proxy's port, or its scheme's default. */
function proxyPort(via: URL): number {
  return Number(via.port || (via.protocol === 'socks5:' ? 1080 : via.protocol === 'https:' ? 443 : 80));
}

function proxyAuthorization(via: URL): Record<string, string> {
  if (!via.username) return {};
  const credentials = `${decodeURIComponent(via.username)}:${decodeURIComponent(via.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A socket to host:port: straight, through an HTTP proxy's CONNECT, or through SOCKS5 (names resolved by the proxy). */
async function openTunnel(via: URL | null, host: string, port: number): Promise<Socket> {
  if (!via) {
    return new Promise((resolve, reject) => {
      const socket: Socket = connect(port, host, () => resolve(socket));
      socket.once('error', reject);
    });
  }
  if (via.protocol === 'socks5:') {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: via.hostname, port: proxyPort(via), type: 5, userId: via.username ? decodeURIComponent(via.username) : undefined, password: via.password ? decodeURIComponent(via.password) : undefined },
      command: 'connect',
      destination: { host, port },
    });
    return socket;
  }
  return new Promise((resolve, reject) => {
    const ask = (via.protocol === 'https:' ? httpsRequest : httpRequest)({ host: via.hostname, port: proxyPort(via), method: 'CONNECT', path: `${host}:${port}`, headers: { host: `${host}:${port}`, ...proxyAuthorization(via) } });
    ask.once('connect', (answer, socket) => {
      if (answer.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`the proxy answered ${answer.statusCode ?? '?'} to CONNECT`));
      }
    });
    ask.once('error', reject);
    ask.end();
  });
}
