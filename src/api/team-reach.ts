import { errorMessage } from '../util/errors.js';

/**
 * Why a team server could not be reached, in words a user can act on, from the error Node's
 * `fetch` throws (its `cause` carries the system's or TLS library's code). The library's own
 * message is never the whole answer: only an unknown failure quotes it, after saying what failed.
 */
export function unreachableMessage(server: string, error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = String((cause as { code?: unknown }).code ?? '');
  const host = hostOf(server);
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing is answering at ${server}: the team server may be stopped, or the port in the address is wrong.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `No computer named ${host} could be found: check the address, and that this computer is on the network.`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${server} did not answer in time: the server may be down, or a firewall or the network is in the way.`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `The connection to ${server} was cut before it answered: the server may have stopped, or the address may be a plain http:// one.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return `The team server at ${server} showed a certificate that this computer does not trust (it is self-signed, or from an authority this computer does not know), so nothing was sent to it. Ask the server's administrator to give it a certificate from a recognised authority.`;
    case 'CERT_HAS_EXPIRED':
      return `The team server at ${server} showed a certificate that has expired, so nothing was sent to it. Ask the server's administrator to renew it (or check this computer's date and time).`;
    case 'CERT_NOT_YET_VALID':
      return `The team server at ${server} showed a certificate that is not valid yet, so nothing was sent to it: check this computer's date and time.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The team server's certificate is not made out to ${host}, so nothing was sent to it: check the address, or ask the server's administrator for a certificate that names it.`;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${server} did not answer with an encrypted (TLS) connection: it may be a plain http:// address, or not a Golden Hour team server.`;
    default:
      if (/certificate/i.test(errorMessage(cause))) return `The team server at ${server} showed a certificate that could not be checked, so nothing was sent to it (${errorMessage(cause)}).`;
      return `Could not reach the team server ${server} (${errorMessage(cause)}).`;
  }
}

/** Whether the failure is the server's TLS certificate (so a CLI may say how to trust one). */
export function isCertificateFailure(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = String((cause as { code?: unknown }).code ?? '');
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) || /certificate/i.test(errorMessage(cause));
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname;
  } catch {
    return server;
  }
}
