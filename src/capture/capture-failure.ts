/** Why a page could not be captured; `retryable` when trying again later may work. */
export class CaptureFailure extends Error {
  constructor(message: string, readonly retryable: boolean, readonly reason: string) {
    super(message);
    this.name = 'CaptureFailure';
  }
}

/** Turns a navigation error from the browser into a failure an investigator can act on. */
export function navigationFailure(url: string, error: Error, timeoutMs: number): CaptureFailure {
  const message = error.message;
  if (/ERR_TOO_MANY_REDIRECTS/.test(message)) return new CaptureFailure(`${url} redirects in a loop (the browser gave up after too many redirects)`, false, 'redirect-loop');
  if (/ERR_CERT_|ERR_SSL_|SSL_ERROR/.test(message)) {
    const code = /net::(ERR_[A-Z_]+)/.exec(message)?.[1] ?? 'certificate error';
    return new CaptureFailure(`${url} failed its TLS certificate check (${code}); certificate errors are not ignored`, false, 'certificate');
  }
  if (/ERR_NAME_NOT_RESOLVED/.test(message)) return new CaptureFailure(`${url}: the host name does not resolve`, true, 'dns');
  if (/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED/.test(message)) {
    return new CaptureFailure(`${url}: ${/net::(ERR_[A-Z_]+)/.exec(message)?.[1] ?? 'connection failed'}`, true, 'connection');
  }
  if (/ERR_PROXY|ERR_TUNNEL|ERR_SOCKS/.test(message)) return new CaptureFailure(`${url}: the proxy failed (${/net::(ERR_[A-Z_]+)/.exec(message)?.[1]})`, true, 'proxy');
  if (/Timeout .* exceeded/i.test(message)) return new CaptureFailure(`${url}: no response within ${Math.round(timeoutMs / 1000)} s`, true, 'timeout');
  return new CaptureFailure(`${url}: ${message.split('\n')[0]}`, true, 'navigation');
}
