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
  /**
   * Why the body is missing or incomplete (WARC-Truncated): 'time' (not finished when recording
   * stopped), 'length' (over the limit), 'unspecified' (the browser could not hand it over).
   */
  truncated: 'time' | 'length' | 'unspecified' | null;
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
  /** Requests sent and not yet finished or failed, each with when it was sent. */
  private readonly inFlight = new Map<Request, number>();
  /** The latest request sent or ended, with when the request ending was sent. */
  private readonly activity: { sent: number; at: number }[] = [];
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
    const now = Date.now();
    this.inFlight.set(request, now);
    this.noteActivity(now, now);
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
      // A body the browser could not hand over is not an empty one.
      if (body === null) exchange.truncated = 'unspecified';
      else if (body.length > this.options.maxBodyBytes) exchange.truncated = 'length';
      else {
        exchange.body = body;
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
    const sent = this.inFlight.get(request);
    if (sent === undefined) return;
    this.inFlight.delete(request);
    this.noteActivity(sent, Date.now());
  }

  private noteActivity(sent: number, at: number): void {
    this.activity.push({ sent, at });
    if (this.activity.length > 1000) this.activity.splice(0, 500);
  }

  /**
   * Resolves once none of the page's requests sent since `since` (all of them by default) has
   * been in flight, or sent or ended, for `quietMs` (counted from `since` at the earliest), or
   * after `maxMs` (a resource that never ends keeps the network busy: the page is then taken
   * as it stands). Like Playwright's `networkidle`, with a shorter quiet period since we see
   * every request ourselves; `since` lets a scroll step wait for what it started without
   * waiting on a stream or a long poll that was running before it.
   */
  async waitForQuiet(quietMs: number, maxMs: number, since = Number.NEGATIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const now = Date.now();
      if (this.quietSince(since) <= now - quietMs) return true;
      if (now >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** When the requests sent since `since` were last active; +Infinity while one is in flight. */
  private quietSince(since: number): number {
    for (const sent of this.inFlight.values()) if (sent >= since) return Number.POSITIVE_INFINITY;
    for (let i = this.activity.length - 1; i >= 0; i -= 1) {
      const { sent, at } = this.activity[i]!;
      if (at <= since) break;
      if (sent >= since) return at;
    }
    return since;
  }

  private track(task: Promise<void>): void {
    const guarded = task.catch(() => undefined);
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }

  /**
   * Stops listening and returns every exchange seen, after waiting up to `graceMs` for the
   * responses under way to finish (a player's segment, headers in and body coming) and for the
   * bodies being read, those of responses that finish meanwhile included. What is returned is a
   * copy, fixed at this moment: a body read still going on, or failing once the page is closed,
   * cannot change it afterwards, so the WARC holds what the stream fetcher and the rest of the
   * capture saw (a response not finished by now is 'time'-truncated, as it says).
   */
  async stop(graceMs = 2000): Promise<RecordedExchange[]> {
    const deadline = Date.now() + graceMs;
    while (this.pending.size > 0 || this.responding()) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      // A timer, not only the reads: with none pending, Promise.all([]) would never let the event that ends a response in.
      const tick = new Promise((resolve) => setTimeout(resolve, Math.min(left, 25)));
      await (this.pending.size > 0 ? Promise.race([Promise.all([...this.pending]), tick]) : tick);
    }
    this.stopped = true;
    this.page.off('request', this.onRequest);
    this.page.off('response', this.onResponse);
    this.page.off('requestfinished', this.onFinished);
    this.page.off('requestfailed', this.onFailed);
    return [...this.exchanges.values()].map((e) => ({
      ...e, requestHeaders: [...e.requestHeaders], response: e.response ? { ...e.response, headers: [...e.response.headers] } : null,
    }));
  }

  /** Whether a request in flight has its response under way (headers in, body still coming). */
  private responding(): boolean {
    for (const request of this.inFlight.keys()) if (this.exchanges.get(request)?.response) return true;
    return false;
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
