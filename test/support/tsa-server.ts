import { createHash, webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { usePkijsNodeEngine } from '../../src/bundle/format/tsa-client.js';

const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

const buffer = (bytes: Uint8Array | Buffer) => new Uint8Array(bytes).buffer;

/** WebCrypto keys as pkijs types them (DOM CryptoKey; Node's is the same object). */
type PkiPrivateKey = Parameters<pkijs.Certificate['sign']>[0];
type PkiPublicKey = Parameters<pkijs.PublicKeyInfo['importKey']>[0];

function name(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) })] });
}

async function makeCertificate(options: { subject: string; issuer: string; serial: number; publicKey: webcrypto.CryptoKey; signingKey: webcrypto.CryptoKey; ca: boolean }): Promise<pkijs.Certificate> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: options.serial });
  certificate.subject = name(options.subject);
  certificate.issuer = name(options.issuer);
  certificate.notBefore.value = new Date(Date.now() - 3_600_000);
  certificate.notAfter.value = new Date(Date.now() + 86_400_000);
  certificate.extensions = options.ca
    ? [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false) })]
    : [new pkijs.Extension({ extnID: '2.5.29.37', critical: true, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.8'] }).toSchema().toBER(false) })];
  await certificate.subjectPublicKeyInfo.importKey(options.publicKey as unknown as PkiPublicKey);
  await certificate.sign(options.signingKey as unknown as PkiPrivateKey, 'SHA-256');
  return certificate;
}

/** A running local time-stamping authority. */
export interface TestTsa {
  url: string;
  /** The authority's root certificate, PEM (what a reader would trust with `openssl ts -verify -CAfile`). */
  caPem: string;
  /** How many requests it has answered. */
  requests: number;
  close(): Promise<void>;
}

function pem(certificate: pkijs.Certificate): string {
  const base64 = Buffer.from(certificate.toSchema().toBER(false)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Starts an RFC 3161 time-stamping authority on 127.0.0.1 for one test: a CA and a TSA
 * certificate (extended key usage timeStamping, critical) made now with WebCrypto, and tokens
 * signed with the signed attributes RFC 3161 and RFC 5816 require (content type, message
 * digest, ESS signing-certificate-v2), so OpenSSL accepts them too. `now` sets the time it
 * stamps (a test that plays out hours of work in seconds).
 */
export async function startTestTsa(options: { now?: () => Date } = {}): Promise<TestTsa> {
  usePkijsNodeEngine();
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const tsaKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const ca = await makeCertificate({ subject: 'Golden Hour Test Root CA', issuer: 'Golden Hour Test Root CA', serial: 1, publicKey: caKeys.publicKey, signingKey: caKeys.privateKey, ca: true });
  const tsaCert = await makeCertificate({ subject: 'Golden Hour Test TSA', issuer: 'Golden Hour Test Root CA', serial: 2, publicKey: tsaKeys.publicKey, signingKey: caKeys.privateKey, ca: false });
  let serial = 1000;
  const state = { requests: 0 };

  async function answer(body: Buffer): Promise<Buffer> {
    const request = new pkijs.TimeStampReq({ schema: asn1js.fromBER(buffer(body)).result });
    serial += 1;
    const tst = new pkijs.TSTInfo({
      version: 1,
      policy: '1.3.6.1.4.1.99999.1',
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ value: serial }),
      genTime: options.now?.() ?? new Date(),
      ordering: false,
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const tstDer = tst.toSchema().toBER(false);
    const certHash = createHash('sha256').update(Buffer.from(tsaCert.toSchema().toBER(false))).digest();
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: [
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: TST_INFO_OID })] }),
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: buffer(createHash('sha256').update(Buffer.from(tstDer)).digest()) })] }),
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.47', values: [
        new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buffer(certHash) })] })] })] }),
      ] }),
    ] });
    const signed = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: TST_INFO_OID, eContent: new asn1js.OctetString({ valueHex: tstDer }) }),
      signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }), signedAttrs })],
      certificates: request.certReq ? [tsaCert] : [],
    });
    await signed.sign(tsaKeys.privateKey as unknown as PkiPrivateKey, 0, 'SHA-256');
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: new pkijs.ContentInfo({ contentType: SIGNED_DATA_OID, content: signed.toSchema(true) }),
    });
    return Buffer.from(response.toSchema().toBER(false));
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(Buffer.concat(chunks)).then((body) => {
        state.requests += 1;
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
      }, (error: unknown) => res.writeHead(400).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem: pem(ca),
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
