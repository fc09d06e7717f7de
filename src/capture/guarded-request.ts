import type { APIResponse, BrowserContext } from 'playwright-core';

/**
 * Judges one address that a request made outside the page (a media download, a stream segment)
 * is about to reach, `redirectedFrom` naming the hop before it: false refuses it (and the judge
 * records why). See `RefusedRequests.allows` in request-guard.ts.
 */
export type AddressCheck = (url: string, redirectedFrom: string | null) => Promise<boolean>;

/** A request refused by the private-address rule before it left this machine. */
export class RefusedAddress extends Error {}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A request through the page's browser context (its cookies and proxy) whose every address,
 * redirect hops included, is judged before it is asked for. Playwright's own redirect following
 * would reach a private address a public one points to, and its requests pass no page route and
 * no DevTools URL block: here redirects are followed one hop at a time, each hop checked first.
 */
export async function guardedRequest(context: BrowserContext, method: 'GET' | 'HEAD', url: string,
  options: { headers?: Record<string, string>; timeout: number; maxRedirects?: number }, allows: AddressCheck | null): Promise<APIResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = url;
  let from: string | null = null;
  for (let hop = 0; ; hop += 1) {
    if (allows && !(await allows(current, from))) {
      throw new RefusedAddress(`${current}${from ? ` (redirected from ${from})` : ''} is a loopback or private-network address: refused`);
    }
    const response = await context.request.fetch(current, { method, headers: options.headers, timeout: options.timeout, failOnStatusCode: false, maxRedirects: 0 });
    const location = response.headers().location;
    if (!REDIRECT_STATUSES.has(response.status()) || !location) return response;
    await response.dispose().catch(() => undefined);
    if (hop >= maxRedirects) throw new Error(`${url}: more than ${maxRedirects} redirects`);
    from = current;
    current = new URL(location, current).href;
  }
}
