import type { Page, Request, Response } from 'playwright-core';

/** TLS details of a response, as the browser saw them. */
export interface TlsDetails {
  protocol: string | null;
  subject: string | null;
  issuer: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** One request and (when it came) its response, as the browser exchanged them. */
export interface RecordedExchange {
  url: string;
  method: string;
  resourceType: string;
  requestHeaders: [string, string][];
  requestBody: Buffer | null;
  requestedAt: Date;
  response: {
    status: number;
    statusText: string;
    headers: [string, string][];
    receivedAt: Date;
    serverIp: string | null;
    serverPort: number | null;
    tls: TlsDetails | null;
  } | null;
  /** The decoded body; null when none was read (redirect, failed, still loading, too large). */
  body: Buffer | null;
  /** Why the body is missing or incomplete: 'time' (never finished), 'length' (over the limit), or a failure. */
  truncated: 'time' | 'length' | null;
  failure: string | null;
  redirectedFrom: string | null;
}

export interface NetworkRecorderOptions {
  /** Bodies larger than this are recorded as truncated rather than held in memory. */
  maxBodyBytes: number;
  now?: () => Date;
}

/**
 * Records every request and response of a page, with bodies, for the WARC. Listeners go on
 * before navigation; `stop()` returns what was seen, marking what never finished as truncated.
 */
export class NetworkRecorder {
  private readonly exchanges = new Map<Request, RecordedExchange>();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;
  /** Requests sent and not yet finished or failed, and when the network last did anything. */
  private readonly inFlight = new Set<Request>();
  private lastActivity = Date.now();
  private readonly now: () => Date;

  constructor(private readonly page: Page, private readonly options: NetworkRecorderOptions) {
    this.now = options.now ?? (() => new Date());
    page.on('request', this.onRequest);
    page.on('response', this.onResponse);
    page.on('requestfinished', this.onFinished);
    page.on('requestfailed', this.onFailed);
  }

  private readonly onRequest = (request: Request) => {
    if (this.stopped || !/^https?:/.test(request.url())) return;
    this.inFlight.add(request);
    this.lastActivity = Date.now();
    this.exchanges.set(request, {
      url: request.url(), method: request.method(), resourceType: request.resourceType(), requestHeaders: [],
      requestBody: request.postDataBuffer(), requestedAt: this.now(), response: null, body: null, truncated: 'time',
      failure: null, redirectedFrom: request.redirectedFrom()?.url() ?? null,
    });
    this.track(request.headersArray().then((headers) => {
      const exchange = this.exchanges.get(request);
      if (exchange) exchange.requestHeaders = headers.map((h) => [h.name, h.value]);
    }));
  };

  private readonly onResponse = (response: Response) => {
    const exchange = this.exchanges.get(response.request());
    if (!exchange || this.stopped) return;
    const receivedAt = this.now();
    this.track((async () => {
      const [headers, server, security] = await Promise.all([
        response.headersArray(), response.serverAddr().catch(() => null), response.securityDetails().catch(() => null),
      ]);
      exchange.response = {
        status: response.status(), statusText: response.statusText(), headers: headers.map((h) => [h.name, h.value]), receivedAt,
        serverIp: server?.ipAddress ?? null, serverPort: server?.port ?? null, tls: security && (security.protocol || security.subjectName) ? tlsDetails(security) : null,
      };
      // Redirects carry no body; the exchange is complete as it stands.
      if (response.status() >= 300 && response.status() < 400) exchange.truncated = null;
    })());
  };

  private readonly onFinished = (request: Request) => {
    this.settle(request);
    const exchange = this.exchanges.get(request);
    if (!exchange || this.stopped) return;
    this.track((async () => {
      const response = await request.response();
      if (!response || (response.status() >= 300 && response.status() < 400)) {
        exchange.truncated = null;
        return;
      }
      const declared = Number(response.headers()['content-length'] ?? '0');
      if (declared > this.options.maxBodyBytes) {
        exchange.truncated = 'length';
        return;
      }
      const body = await response.body().catch(() => null);
      if (body && body.length > this.options.maxBodyBytes) exchange.truncated = 'length';
      else {
        exchange.body = body ?? Buffer.alloc(0);
        exchange.truncated = null;
      }
    })());
  };

  private readonly onFailed = (request: Request) => {
    this.settle(request);
    const exchange = this.exchanges.get(request);
    if (!exchange) return;
    exchange.failure = request.failure()?.errorText ?? 'failed';
    exchange.truncated = null;
  };

  private settle(request: Request): void {
    this.inFlight.delete(request);
    this.lastActivity = Date.now();
  }

  /**
   * Resolves once nothing has been in flight for `quietMs`, or after `maxMs` (a resource that
   * never ends keeps the network busy: the page is then taken as it stands). Like Playwright's
   * `networkidle`, with a shorter quiet period since we see every request ourselves.
   */
  async waitForQuiet(quietMs: number, maxMs: number): Promise<boolean> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      if (this.inFlight.size === 0 && Date.now() - this.lastActivity >= quietMs) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  private track(task: Promise<void>): void {
    const guarded = task.catch(() => undefined);
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }

  /** Stops listening and returns every exchange seen, after waiting up to `graceMs` for bodies being read. */
  async stop(graceMs = 2000): Promise<RecordedExchange[]> {
    await Promise.race([Promise.all([...this.pending]), new Promise((resolve) => setTimeout(resolve, graceMs))]);
    this.stopped = true;
    this.page.off('request', this.onRequest);
    this.page.off('response', this.onResponse);
    this.page.off('requestfinished', this.onFinished);
    this.page.off('requestfailed', this.onFailed);
    return [...this.exchanges.values()];
  }
}

function tlsDetails(security: { protocol?: string; subjectName?: string; issuer?: string; validFrom?: number; validTo?: number }): TlsDetails {
  const time = (seconds?: number) => (seconds === undefined || seconds <= 0 ? null : new Date(seconds * 1000).toISOString());
  return {
    protocol: security.protocol ?? null,
    subject: security.subjectName ?? null,
    issuer: security.issuer ?? null,
    validFrom: time(security.validFrom),
    validTo: time(security.validTo),
  };
}
