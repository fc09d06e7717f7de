import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { GoldenHourError } from '../util/errors.js';

/** What a capture may be asked to visit. */
export interface UrlPolicyOptions {
  /** Allow loopback and private-network addresses (tests and intranet investigations). */
  allowPrivate?: boolean;
  /** With a proxy, the proxy resolves names: the tool never looks the target up itself. */
  proxy?: string | null;
  /** Name resolution, injected so tests need no DNS. */
  resolve?: (host: string) => Promise<string[]>;
}

const refusedSchemes = new Map([
  ['file:', 'it would read files on this computer'],
  ['chrome:', 'it is a browser-internal page'],
  ['about:', 'it is a browser-internal page'],
  ['javascript:', 'it would run a script instead of fetching a page'],
  ['data:', 'its content is in the link itself, not on a server'],
  ['blob:', 'it only exists inside another page'],
]);

/** Loopback, private, link-local, carrier-grade NAT and other non-public ranges. */
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) nonPublic.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is loopback, private or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return nonPublic.check(address, 'ipv4');
  if (family === 6) {
    // An IPv4 address carried inside an IPv6 one reaches that IPv4 host: judge it as such.
    const embedded = embeddedIpv4(address);
    if (embedded) return nonPublic.check(embedded, 'ipv4');
    return nonPublic.check(address, 'ipv6');
  }
  return false;
}

/**
 * The IPv4 address inside an IPv6 one that carries it: IPv4-mapped (::ffff:0:0/96), the old
 * IPv4-compatible form (::/96, which Chromium reads from `[::127.0.0.1]`), NAT64 (64:ff9b::/96 and
 * 64:ff9b:1::/48) and 6to4 (2002::/16).
 */
function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroTo = (end: number) => groups.slice(0, end).every((g) => g === 0);
  if (zeroTo(5) && (g5 === 0xffff || g5 === 0) && (g6 !== 0 || g7 > 1)) return v4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && (g2 === 1 || (g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0))) return v4(g6, g7);
  if (g0 === 0x2002) return v4(g1, g2);
  return null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...front, ...Array<number>(missing).fill(0), ...back];
}

/** Longest web address captured; longer ones are refused rather than sent (servers commonly stop at 8 KB). */
export const MAX_URL_CHARS = 8192;

/**
 * Parses and checks a URL given for capture: only http(s), well formed, and (unless allowed)
 * not pointing at this machine or a private network. Returns the normalised URL.
 */
export function parseCaptureUrl(raw: string): URL {
  const text = raw.trim();
  if (text.length > MAX_URL_CHARS) {
    throw new GoldenHourError('invalid-input', `Refusing a web address of ${text.length} characters: addresses over ${MAX_URL_CHARS} characters are not captured (it starts ${JSON.stringify(text.slice(0, 80))})`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const hint = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i.test(text) ? `; did you mean https://${text}?` : '';
    throw new GoldenHourError('invalid-input', `Expected a web address starting with http:// or https:// but received ${JSON.stringify(raw)} (not a valid URL)${hint}`);
  }
  const refused = refusedSchemes.get(url.protocol);
  if (refused) throw new GoldenHourError('invalid-input', `Refusing ${JSON.stringify(raw)}: ${url.protocol} addresses are not captured because ${refused}; give an http:// or https:// address`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GoldenHourError('invalid-input', `Expected an http:// or https:// address but received ${JSON.stringify(raw)} (scheme ${url.protocol})`);
  }
  if (url.hostname === '') throw new GoldenHourError('invalid-input', `Expected a web address with a host name but received ${JSON.stringify(raw)}`);
  if (url.username || url.password) {
    throw new GoldenHourError('invalid-input', `Refusing ${JSON.stringify(redact(url))}: addresses with a user name or password would put credentials into the evidence record`);
  }
  return url;
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Checks a URL against the policy. Without a proxy the host is resolved here to refuse private
 * targets (a public name may point at 127.0.0.1); with a proxy nothing is resolved locally,
 * because the investigator's proxy must be the only thing that touches the target.
 */
export async function checkCaptureUrl(raw: string, options: UrlPolicyOptions = {}): Promise<URL> {
  const url = parseCaptureUrl(raw);
  if (options.allowPrivate) return url;
  // `localhost.` is `localhost`: a trailing dot only says the name is complete.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const literal = isIP(host) !== 0;
  if (literal || host === 'localhost' || host.endsWith('.localhost')) {
    if (!literal || isNonPublicAddress(host)) throw privateRefusal(raw, host);
    return url;
  }
  if (options.proxy) return url;
  let addresses: string[];
  try {
    addresses = await (options.resolve ?? defaultResolve)(host);
  } catch (error) {
    throw new GoldenHourError('invalid-input', `Could not resolve the host ${host} of ${JSON.stringify(raw)}: ${(error as Error).message}`);
  }
  const privateAddress = addresses.find(isNonPublicAddress);
  if (privateAddress) throw privateRefusal(raw, `${host} (${privateAddress})`);
  return url;
}

function privateRefusal(raw: string, where: string): GoldenHourError {
  return new GoldenHourError('invalid-input', `Refusing ${JSON.stringify(raw)}: ${where} is a loopback or private-network address; pass --allow-private to capture it anyway`);
}

/** Checks a --proxy value: http, https or socks5 with a host and port. */
export function parseProxy(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GoldenHourError('invalid-input', `Expected --proxy as a URL such as socks5://127.0.0.1:9050 or http://proxy:8080 but received ${JSON.stringify(raw)}`);
  }
  if (url.protocol === 'socks4:') {
    // Chromium speaks SOCKS4 without the 4a extension: it would look the target up itself.
    throw new GoldenHourError('invalid-input', 'Refusing a socks4:// --proxy: SOCKS4 cannot carry host names, so this computer would resolve every target itself; use socks5:// (names resolved by the proxy)');
  }
  if (!['http:', 'https:', 'socks5:'].includes(url.protocol)) {
    throw new GoldenHourError('invalid-input', `Expected --proxy with scheme http, https or socks5 but received ${JSON.stringify(url.protocol)}`);
  }
  if (!url.hostname) throw new GoldenHourError('invalid-input', `Expected --proxy with a host but received ${JSON.stringify(raw)}`);
  return raw;
}
