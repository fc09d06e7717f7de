// Messages from the core and the browser, said in the investigator's words on screen: the GUI
// never tells anyone to pass a command-line flag, and never shows a library's raw error.

/** The label of the setting, the same on the capture and Browse screens. */
export const ALLOW_PRIVATE_LABEL = 'Allow addresses on this machine or the local network';

const NET_ERRORS: Record<string, string> = {
  ERR_UNSAFE_PORT: 'the browser refuses this port (it is kept for other services than web pages)',
  ERR_CONNECTION_REFUSED: 'nothing answers at this address (connection refused)',
  ERR_CONNECTION_RESET: 'the server broke off the connection',
  ERR_CONNECTION_CLOSED: 'the server closed the connection without answering',
  ERR_CONNECTION_TIMED_OUT: 'the server did not answer in time',
  ERR_TIMED_OUT: 'the server did not answer in time',
  ERR_EMPTY_RESPONSE: 'the server answered with nothing',
  ERR_ADDRESS_UNREACHABLE: 'the address cannot be reached from this machine',
  ERR_INTERNET_DISCONNECTED: 'this machine is not connected to the internet',
  ERR_NAME_NOT_RESOLVED: 'the host name does not exist (it does not resolve)',
  ERR_TOO_MANY_REDIRECTS: 'the page redirects in a loop',
  ERR_ABORTED: 'the browser stopped loading the page',
  ERR_BLOCKED_BY_CLIENT: 'the browser blocked the request',
  ERR_CERT_AUTHORITY_INVALID: 'the site’s certificate is not from a trusted authority',
  ERR_CERT_COMMON_NAME_INVALID: 'the site’s certificate is for another name',
  ERR_CERT_DATE_INVALID: 'the site’s certificate has expired or is not yet valid',
};

const REWRITES: [RegExp, (match: RegExpExecArray) => string][] = [
  [/;? ?pass --allow-private to capture it anyway/, () => `; tick “${ALLOW_PRIVATE_LABEL}” to capture it`],
  [/without --allow-private/, () => `unless “${ALLOW_PRIVATE_LABEL}” is ticked`],
  [/,? ?or give --timezone/, () => ', or set the case’s time zone'],
  // Playwright's "page.goto: net::ERR_X at URL" (and any other net:: code it passes on).
  [/(?:[a-zA-Z]+\.[a-zA-Z]+: )?(?:net::)?\b(ERR_[A-Z_]+)\b(?: at \S+)?/, (m) => NET_ERRORS[m[1] as string] ?? `the browser could not load the page (${(m[1] as string).toLowerCase().replace(/^err_/, '').replace(/_/g, ' ')})`],
  [/(?:[a-zA-Z]+\.[a-zA-Z]+: )?Timeout (\d+)ms exceeded\.?/, (m) => `no answer within ${Math.round(Number(m[1]) / 1000)} seconds`],
  [/\n=+ logs =+[\s\S]*$/, () => ''],
];

/** The message as the investigator should read it. */
export function plainMessage(message: string): string {
  let text = message;
  for (const [pattern, replace] of REWRITES) {
    const match = pattern.exec(text);
    if (match) text = text.slice(0, match.index) + replace(match) + text.slice(match.index + match[0].length);
  }
  return text;
}
