import type { BrowserContext, Page, Route } from 'playwright-core';
import { errorMessage } from '../util/errors.js';
import { proxySetting } from './browser-launch.js';
import type { AddressCheck } from './guarded-request.js';
import { checkCaptureUrl } from './url-policy.js';

/** What a page's requests are held to: the capture's own private-address rule and proxy. */
export interface RequestPolicy {
  allowPrivate: boolean;
  /** With a proxy, names are left to it; only addresses written out (and `localhost`) are judged here. */
  proxy: string | null;
}

/** Requests the guard refused, in the order refused. */
export interface RefusedRequests {
  refused: { url: string; reason: string }[];
  /** A redirect of the page itself to a private address, which Chromium stopped. */
  mainRedirect: { from: string; to: string } | null;
  /**
   * The same rule for requests made outside the page (media downloads, stream segments: the
   * context's request API, which no route or URL block sees): judges each address, redirect hops
   * included, and records a refusal here.
   */
  allows: AddressCheck;
}

/** No guard: private addresses allowed (the capture's choice), nothing refused. */
export function unguarded(): RefusedRequests {
  return { refused: [], mainRedirect: null, allows: () => Promise.resolve(true) };
}

/**
 * URL patterns Chromium itself blocks (DevTools `Network.setBlockedURLs`): unlike a route, they
 * also stop a redirect hop, which Playwright's routes never see. Loopback, private, link-local
 * and carrier-grade NAT IPv4 ranges, `localhost`, and IPv6 forms that are or carry them.
 */
export const BLOCKED_URL_PATTERNS: string[] = [
  ...['0', '10', '127', '169.254', '192.168'].map((prefix) => `*://${prefix}.*`),
  ...Array.from({ length: 16 }, (_, i) => `*://172.${16 + i}.*`),
  ...Array.from({ length: 64 }, (_, i) => `*://100.${64 + i}.*`),
  '*://localhost/*', '*://localhost:*', '*://localhost./*', '*://localhost.:*', '*://*.localhost/*', '*://*.localhost:*',
  '*://[::*', '*://[fc*', '*://[fd*', '*://[fe8*', '*://[fe9*', '*://[fea*', '*://[feb*', '*://[64:ff9b:*', '*://[2002:*',
];

/**
 * Holds every request a page makes (subresources, frames, fetch and XHR, and redirect hops) to
 * the capture's private-address rule, in the browser: a page on a public address cannot make the
 * browser (or, through it, the investigator's proxy) reach this machine or a private network.
 * A route judges each request as it starts (names resolved here unless a proxy resolves them);
 * Chromium's own URL blocking stops redirect hops. Refusals are collected for the capture record.
 */
export async function guardRequests(context: BrowserContext, page: Page, policy: RequestPolicy): Promise<RefusedRequests> {
  const result = unguarded();
  if (policy.allowPrivate) return result;
  const verdicts = new Map<string, Promise<string | null>>();
  const refuse = (url: string, reason: string) => {
    if (!result.refused.some((r) => r.url === url)) result.refused.push({ url, reason });
  };
  const judge = (url: string) => {
    const origin = safeOrigin(url);
    if (origin === null) return Promise.resolve(null);
    let verdict = verdicts.get(origin);
    if (!verdict) {
      verdict = checkCaptureUrl(url, { proxy: policy.proxy }).then(() => null, (error: unknown) => errorMessage(error));
      verdicts.set(origin, verdict);
    }
    return verdict;
  };
  const isPrivate = (reason: string | null) => reason !== null && /loopback or private-network/.test(reason);
  result.allows = async (url, from) => {
    if (!/^https?:/i.test(url) || !isPrivate(await judge(url))) return true;
    refuse(url, `loopback or private-network address${from ? ` (redirected from ${from})` : ''}`);
    return false;
  };
  await page.route('**/*', async (route: Route) => {
    const url = route.request().url();
    const reason = /^https?:/i.test(url) ? await judge(url) : null;
    // Only the private-address rule refuses here; anything else (a name that does not resolve) is the browser's to fail.
    if (isPrivate(reason)) {
      refuse(url, 'loopback or private-network address');
      await route.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    await route.fallback().catch(() => undefined);
  });
  const session = await context.newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.setBlockedURLs', { urls: BLOCKED_URL_PATTERNS });
  // A blocked redirect hop fails under the address that redirected; DevTools saw where it was going.
  const hops = new Map<string, { url: string; from: string | null; type: string | undefined; frameId: string | undefined }>();
  let mainFrameId: string | undefined;
  /** A refused hop, named with the one that redirected to it; the page's own document redirected there ends the capture. */
  const refuseHop = (url: string, from: string | null, mainDocument: boolean) => {
    refuse(url, `loopback or private-network address${from ? ` (redirected from ${from})` : ''}`);
    if (from && mainDocument) result.mainRedirect ??= { from, to: url };
  };
  session.on('Network.requestWillBeSent', (event) => {
    if (event.type === 'Document') mainFrameId ??= event.frameId;
    // A redirect keeps its request id: the hop before is where it came from.
    hops.set(event.requestId, { url: event.request.url, from: hops.get(event.requestId)?.url ?? null, type: event.type, frameId: event.frameId });
  });
  // Neither a route nor Chromium's URL blocking sees a frame's navigation redirected to a private
  // address (Playwright lets redirect hops through; the block list skips navigations of subframes),
  // so document requests, every hop of them, are paused here and judged.
  session.on('Fetch.requestPaused', (event) => void judgeDocument(event.requestId, event.request.url, event.networkId, event.frameId));
  const judgeDocument = async (pausedId: string, url: string, networkId: string | undefined, frameId: string) => {
    const reason = /^https?:/i.test(url) ? await judge(url) : null;
    if (!isPrivate(reason)) {
      await session.send('Fetch.continueRequest', { requestId: pausedId }).catch(() => undefined);
      return;
    }
    const seen = networkId ? hops.get(networkId) : undefined;
    refuseHop(url, seen ? (seen.url === url ? seen.from : seen.url) : null, frameId === mainFrameId);
    await session.send('Fetch.failRequest', { requestId: pausedId, errorReason: 'BlockedByClient' }).catch(() => undefined);
  };
  // A document request paused here meets the proxy's password challenge here too (not in
  // Playwright's session, which would answer it): the investigator's proxy credentials are given
  // once, and any other challenge goes to the browser's default (no dialog: cancelled).
  const proxy = policy.proxy ? proxySetting(policy.proxy) : null;
  const answered = new Set<string>();
  session.on('Fetch.authRequired', (event) => {
    const first = !answered.has(event.requestId);
    answered.add(event.requestId);
    const response = event.authChallenge.source === 'Proxy' && proxy?.username !== undefined
      ? (first ? { response: 'ProvideCredentials' as const, username: proxy.username, password: proxy.password ?? '' } : { response: 'CancelAuth' as const })
      : { response: 'Default' as const };
    void session.send('Fetch.continueWithAuth', { requestId: event.requestId, authChallengeResponse: response }).catch(() => undefined);
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }], handleAuthRequests: true });
  session.on('Network.loadingFailed', (event) => {
    if (event.blockedReason !== 'inspector') return;
    const hop = hops.get(event.requestId);
    if (!hop) return;
    refuseHop(hop.url, hop.from, hop.type === 'Document' && hop.frameId === mainFrameId);
  });
  return result;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
