import { randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { BUNDLE_FILES } from './layout.js';
import type { SealTimestamp } from './seal.js';
import { sha256Hex } from '../../util/canonical-json.js';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const COMMON_NAME_OID = '2.5.4.3';

let engineReady = false;

/** pkijs needs a WebCrypto engine; Node's own is used (no extra dependency). */
export function usePkijsNodeEngine(): void {
  if (engineReady) return;
  type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
  pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as EngineCrypto }));
  engineReady = true;
}

const hex = (view: ArrayBuffer | Uint8Array) => Buffer.from(view instanceof Uint8Array ? view : new Uint8Array(view)).toString('hex');

function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(new Uint8Array(bytes).buffer);
  if (parsed.offset === -1) throw new Error(`${what} is not valid DER: ${parsed.result.error}`);
  return parsed.result;
}

/** The common name of a certificate's subject, when it has one. */
function commonName(certificate: pkijs.Certificate): string | null {
  const cn = certificate.subject.typesAndValues.find((tv) => tv.type === COMMON_NAME_OID);
  return cn ? String(cn.value.valueBlock.value) : null;
}

/** What a timestamp token says and whether it holds. */
export interface TimestampCheck {
  valid: boolean;
  genTime: string | null;
  serialNumber: string | null;
  policy: string | null;
  tsaName: string | null;
  certificates: number;
  /** The request nonce echoed by the authority (hex), if any. */
  nonce: string | null;
  /** Whether the authority's certificate chains to a root the reader gave; null when none was given. */
  chainTrusted: boolean | null;
  problems: string[];
}

/**
 * Checks an RFC 3161 token (a CMS SignedData over a TSTInfo): its message imprint must be the
 * SHA-256 of the manifest, and its signature must verify with the signer certificate it carries.
 * Whether that certificate belongs to an authority the reader trusts is for the reader to
 * decide (with `openssl ts -verify -CAfile`): the check says so rather than pretending.
 */
export async function checkTimestampToken(token: Uint8Array, manifest: Uint8Array, trustedRoots: pkijs.Certificate[] = []): Promise<TimestampCheck> {
  usePkijsNodeEngine();
  const manifestSha256 = sha256Hex(manifest);
  const result: TimestampCheck = { valid: false, genTime: null, serialNumber: null, policy: null, tsaName: null, certificates: 0, nonce: null, chainTrusted: null, problems: [] };
  try {
    const info = new pkijs.ContentInfo({ schema: parseDer(token, 'the timestamp token') });
    if (info.contentType !== SIGNED_DATA_OID) throw new Error(`the token is a ${info.contentType}, not CMS SignedData`);
    const signed = new pkijs.SignedData({ schema: info.content });
    if (signed.encapContentInfo.eContentType !== TST_INFO_OID) throw new Error('the token does not hold a TSTInfo');
    const content = signed.encapContentInfo.eContent;
    if (!content) throw new Error('the token holds no TSTInfo content');
    const tstDer = new Uint8Array(content.getValue());
    const tst = new pkijs.TSTInfo({ schema: parseDer(tstDer, 'the TSTInfo') });
    // pkijs reads a TSTInfo inside verify() from a primitive OCTET STRING only; the parser
    // hands back a constructed one, so give verify() the same bytes in the form it reads.
    signed.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tstDer.buffer });
    result.genTime = tst.genTime.toISOString();
    result.serialNumber = hex(tst.serialNumber.valueBlock.valueHexView);
    result.policy = tst.policy;
    result.nonce = tst.nonce ? hex(tst.nonce.valueBlock.valueHexView) : null;
    result.certificates = signed.certificates?.length ?? 0;
    const signer = signed.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    result.tsaName = signer ? commonName(signer) : null;
    if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) {
      result.problems.push(`the token's imprint uses ${tst.messageImprint.hashAlgorithm.algorithmId}, not SHA-256`);
    } else if (hex(tst.messageImprint.hashedMessage.valueBlock.valueHexView) !== manifestSha256) {
      result.problems.push(`the token stamps ${hex(tst.messageImprint.hashedMessage.valueBlock.valueHexView)}, not this manifest (${manifestSha256})`);
    }
    if (result.certificates === 0) result.problems.push('the token carries no certificate to check its signature with');
    else {
      // With a TSTInfo, pkijs also re-checks the imprint against the stamped data itself.
      const verified = await verifySigned(signed, manifest, false, []);
      if (verified !== null) result.problems.push(`the token's signature does not verify: ${verified}`);
      else if (trustedRoots.length > 0) {
        const chain = await verifySigned(signed, manifest, true, trustedRoots);
        result.chainTrusted = chain === null;
        if (chain !== null) result.problems.push(`the authority's certificate does not chain to the trusted root given (${chain})`);
      }
    }
  } catch (error) {
    result.problems.push(`the timestamp token is unreadable: ${errorMessage(error)}`);
  }
  result.valid = result.problems.length === 0;
  return result;
}

/** null when the CMS signature (and, with `checkChain`, the chain to `roots`) holds; else why not. */
async function verifySigned(signed: pkijs.SignedData, manifest: Uint8Array, checkChain: boolean, roots: pkijs.Certificate[]): Promise<string | null> {
  try {
    const verified = await signed.verify({ signer: 0, data: new Uint8Array(manifest).buffer, checkChain, trustedCerts: roots, extendedMode: true });
    if (!verified.signatureVerified) return verified.message || 'signature mismatch';
    if (checkChain && verified.signerCertificateVerified === false) return verified.message || 'certificate path not verified';
    return null;
  } catch (error) {
    return errorMessage(error) || 'verification failed';
  }
}

/** Certificates from PEM text (a `--tsa-ca` file), named by their position when one is unreadable. */
export function parsePemCertificates(text: string): pkijs.Certificate[] {
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new GoldenHourError('invalid-input', 'Expected PEM certificates (-----BEGIN CERTIFICATE-----) in the --tsa-ca file but found none');
  return blocks.map((block, index) => {
    try {
      return new pkijs.Certificate({ schema: parseDer(Buffer.from((block[1] ?? '').replace(/\s+/g, ''), 'base64'), 'the certificate') });
    } catch (error) {
      throw new GoldenHourError('invalid-input', `Certificate ${index + 1} in the --tsa-ca file is unreadable: ${errorMessage(error)}`);
    }
  });
}

/** A DER TimeStampReq for a SHA-256 digest, asking for the authority's certificate. */
export function timestampRequest(digestHex: string, nonce: Buffer): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(Buffer.from(digestHex, 'hex')).buffer }),
    }),
    nonce: new asn1js.Integer({ valueHex: new Uint8Array(nonce).buffer }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

/**
 * Asks the time-stamping authority at `url` (RFC 3161 over HTTP) to stamp a manifest digest.
 * Returns the token (stored as seal.tsr) once it has been checked against the digest.
 */
export async function requestTimestamp(url: string, manifest: Uint8Array): Promise<{ token: Buffer; info: SealTimestamp }> {
  usePkijsNodeEngine();
  const manifestSha256 = sha256Hex(manifest);
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
    if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new GoldenHourError('invalid-input', `Expected --tsa to be an http(s) URL of a time-stamping authority but received ${JSON.stringify(url)}`);
  }
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f; // a positive INTEGER
  let body: Buffer;
  try {
    const response = await fetch(parsedUrl, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' },
      body: timestampRequest(manifestSha256, nonce), signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new GoldenHourError('unavailable', `The time-stamping authority ${url} did not answer: ${errorMessage(error)}; nothing was exported`);
  }
  let response: pkijs.TimeStampResp;
  try {
    response = new pkijs.TimeStampResp({ schema: parseDer(body, 'the authority\'s response') });
  } catch (error) {
    throw new GoldenHourError('unavailable', `The time-stamping authority ${url} sent an unreadable response: ${errorMessage(error)}`);
  }
  if (response.status.status > 1 || !response.timeStampToken) {
    throw new GoldenHourError('unavailable', `The time-stamping authority ${url} refused the request (status ${response.status.status})`);
  }
  const token = Buffer.from(response.timeStampToken.toSchema().toBER(false));
  const check = await checkTimestampToken(token, manifest);
  if (!check.valid) throw new GoldenHourError('unavailable', `The token from ${url} does not hold: ${check.problems.join('; ')}`);
  // A replayed answer to someone else's request would carry another nonce.
  const strip = (value: string | null) => (value ?? '').replace(/^(00)+/, '');
  if (strip(check.nonce) !== strip(nonce.toString('hex'))) throw new GoldenHourError('unavailable', `The token from ${url} does not answer this request (nonce mismatch)`);
  return { token, info: { path: BUNDLE_FILES.timestamp, tsaUrl: url, genTime: check.genTime ?? '', serialNumber: check.serialNumber ?? '', policy: check.policy ?? '', tsaName: check.tsaName } };
}
