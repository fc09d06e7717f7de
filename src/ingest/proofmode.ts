import { readFile, stat } from 'node:fs/promises';
import * as openpgp from 'openpgp';
import type { SafeZipReader, ZipEntryInfo } from '../zip/safe-zip-reader.js';
import { errorMessage } from '../util/errors.js';

/**
 * ProofMode (Guardian Project / WITNESS) proof bundles: the zip a ProofMode phone exports. Per
 * media file it holds the proof the phone wrote when the photo or video was taken
 * (`NAME.proof.csv` and/or `.proof.json`: hash, time, place, device, network), OpenPGP detached
 * signatures made with the phone's key (`NAME.asc` for the media, `NAME.proof.*.asc` for the
 * proof), often the phone's public key (`pubkey.asc`), OpenTimestamps proofs (`.ots`) and
 * SafetyNet / Play Integrity tokens (`.gst`). Older bundles name files after the media
 * (`IMG_1.jpg.proof.csv`), newer ones after its SHA-256 (`<sha256>.proof.json`).
 *
 * The signatures are checked with OpenPGP.js; the OpenTimestamps and SafetyNet files are kept
 * and named but not checked here (that needs the Bitcoin chain and Google's keys, neither
 * available offline), which the provenance says.
 */

/** The OpenPGP implementation and version, recorded with every check it made. */
export const PROOFMODE_VERIFIER = `OpenPGP.js ${openpgp.config.versionString.replace(/^OpenPGP\.js\s*/, '')}`;

/** Media above this size are not signature-checked (OpenPGP.js holds the signed data in memory); that is said. */
export const PROOFMODE_MAX_SIGNED_BYTES = 512 * 1024 * 1024;

/** The most a proof, signature or key file may hold (they are a few kilobytes). */
const SMALL_FILE_LIMIT = 4 * 1024 * 1024;

/** What one OpenPGP signature check found. */
export interface ProofModeSignature {
  /** The signature file in the bundle. */
  file: string;
  /** `valid`: made by the bundle's key over exactly these bytes; `invalid`: it is not; `no-key`: no key in the bundle to check it with; `not-checked`: see `detail`. */
  status: 'valid' | 'invalid' | 'no-key' | 'not-checked';
  /** The signing key's id as the signature names it (16 hex digits). */
  keyId: string | null;
  /** When the signature says it was made. */
  signedAt: string | null;
  detail: string | null;
}

/** A media file's provenance from its ProofMode bundle, kept in the item's metadata (`proofMode`). */
export interface ProofModeProvenance {
  /** One sentence for the investigator. */
  summary: string;
  verifier: string;
  /** The bundle: its item, its name, and the entry this media came from. */
  bundle: { itemId: number; name: string; entry: string };
  proofFiles: string[];
  /** The proof's fields as the phone wrote them (every field, unchanged). */
  fields: Record<string, string>;
  /** The media hash the proof states, and whether the media's own hash is that one. */
  statedSha256: string | null;
  hashMatches: boolean | null;
  /** When the proof says it was generated, and the file's own times, as UTC. */
  proofGeneratedAt: string | null;
  /** The place the phone recorded, when the proof has one. */
  location: { lat: number; lon: number; accuracyM: number | null; provider: string | null } | null;
  device: string | null;
  mediaSignature: ProofModeSignature | null;
  proofSignatures: ProofModeSignature[];
  /** The public key in the bundle that the signatures were checked with. */
  publicKey: { file: string; fingerprint: string; userIds: string[] } | null;
  /** Files kept but not checked here, with the reason. */
  notChecked: { file: string; reason: string }[];
}

/** Flags on a media item whose bundle contradicts it. */
export const PROOFMODE_FLAGS = { signatureInvalid: 'proofmode-signature-invalid', hashMismatch: 'proofmode-hash-mismatch' } as const;

/** A bundle's entries sorted into what they are. */
export interface ProofModeLayout {
  media: ZipEntryInfo[];
  proofs: ZipEntryInfo[];
  signatures: ZipEntryInfo[];
  publicKeys: ZipEntryInfo[];
  timestamps: ZipEntryInfo[];
  integrity: ZipEntryInfo[];
  other: ZipEntryInfo[];
}

/** Whether a zip's entries are those of a ProofMode bundle (it holds at least one proof file). */
export function isProofModeBundle(entries: readonly ZipEntryInfo[]): boolean {
  return entries.some((entry) => !entry.isDirectory && /\.proof\.(csv|json)$/i.test(entry.name));
}

/** Sorts a bundle's entries; entries the zip reader refuses (unsafe names, links, bombs) go to `other`. */
export function layoutOf(entries: readonly ZipEntryInfo[]): ProofModeLayout {
  const layout: ProofModeLayout = { media: [], proofs: [], signatures: [], publicKeys: [], timestamps: [], integrity: [], other: [] };
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    const name = baseName(entry.name).toLowerCase();
    if (entry.refusal) layout.other.push(entry);
    else if (/\.proof\.(csv|json)$/.test(name)) layout.proofs.push(entry);
    else if (name === 'pubkey.asc' || name.endsWith('.pubkey.asc')) layout.publicKeys.push(entry);
    else if (name.endsWith('.asc') || name.endsWith('.sig')) layout.signatures.push(entry);
    else if (name.endsWith('.ots')) layout.timestamps.push(entry);
    else if (name.endsWith('.gst') || name.endsWith('.jwt')) layout.integrity.push(entry);
    else if (/\.(txt|md|html?)$/.test(name)) layout.other.push(entry);
    else layout.media.push(entry);
  }
  return layout;
}

/** Everything but the media, read once per bundle. */
export interface ProofModeSideFiles {
  layout: ProofModeLayout;
  text: Map<string, Buffer>;
  keys: { file: string; key: openpgp.Key }[];
  /** Public key files that could not be read, with why. */
  badKeys: { file: string; reason: string }[];
}

export async function readSideFiles(zip: SafeZipReader): Promise<ProofModeSideFiles> {
  const layout = layoutOf(zip.entries);
  const text = new Map<string, Buffer>();
  for (const entry of [...layout.proofs, ...layout.signatures, ...layout.publicKeys]) {
    text.set(entry.name, await zip.readEntry(entry, SMALL_FILE_LIMIT));
  }
  const keys: ProofModeSideFiles['keys'] = [];
  const badKeys: ProofModeSideFiles['badKeys'] = [];
  for (const entry of layout.publicKeys) {
    try {
      for (const key of await openpgp.readKeys({ armoredKeys: text.get(entry.name)!.toString('utf8') })) keys.push({ file: entry.name, key });
    } catch (error) {
      badKeys.push({ file: entry.name, reason: `not an OpenPGP public key: ${errorMessage(error)}` });
    }
  }
  return { layout, text, keys, badKeys };
}

/** The provenance of one media file of the bundle, whose bytes are at `storedPath` with this hash. */
export async function provenanceOf(side: ProofModeSideFiles, media: ZipEntryInfo, sha256: string, storedPath: string, bundle: { itemId: number; name: string }): Promise<ProofModeProvenance> {
  const mediaName = media.name;
  // Older bundles name a media file's proof after the file, newer ones after its SHA-256; a file
  // changed since has another hash, so a proof whose stated path ends in this name belongs too.
  const named = (entry: ZipEntryInfo, stems: string[], suffixes: string[]) =>
    suffixes.some((suffix) => stems.some((stem) => entry.name === `${stem}${suffix}` || baseName(entry.name).toLowerCase() === `${stem.toLowerCase()}${suffix}`));
  let proofs = side.layout.proofs.filter((entry) => named(entry, [mediaName, sha256], ['.proof.csv', '.proof.json']));
  if (proofs.length === 0) {
    proofs = side.layout.proofs.filter((entry) => {
      const stated = parseProof(entry.name, side.text.get(entry.name)!);
      const statedPath = stated['File Path'] ?? stated.File ?? '';
      return statedPath !== '' && baseName(statedPath) === baseName(mediaName);
    });
  }
  const fields: Record<string, string> = {};
  for (const proof of proofs) Object.assign(fields, parseProof(proof.name, side.text.get(proof.name)!));
  const statedSha256 = (fields['File Hash SHA256'] ?? fields.SHA256 ?? fields.FileHash ?? '').toLowerCase() || null;
  const hashMatches = statedSha256 ? statedSha256 === sha256 : null;
  const stems = [mediaName, sha256, ...(statedSha256 ? [statedSha256] : [])];

  const mediaSignatureFile = side.layout.signatures.find((entry) => named(entry, stems, ['.asc', '.sig']));
  const mediaSignature = mediaSignatureFile ? await checkSignature(side, mediaSignatureFile, { path: storedPath }) : null;
  const proofSignatures: ProofModeSignature[] = [];
  for (const proof of proofs) {
    const signature = side.layout.signatures.find((entry) => entry.name === `${proof.name}.asc` || entry.name === `${proof.name}.sig`);
    if (signature) proofSignatures.push(await checkSignature(side, signature, { bytes: side.text.get(proof.name)! }));
  }
  const ownFiles = (entries: ZipEntryInfo[]) => entries.filter((entry) => stems.some((stem) => baseName(entry.name).toLowerCase().startsWith(stem.toLowerCase()) || entry.name.startsWith(stem)));
  const notChecked = [
    ...ownFiles(side.layout.timestamps).map((entry) => ({ file: entry.name, reason: 'OpenTimestamps proof: kept; checking it needs the Bitcoin block chain, which is not consulted offline' })),
    ...ownFiles(side.layout.integrity).map((entry) => ({ file: entry.name, reason: 'SafetyNet / Play Integrity token: kept; checking it needs Google\'s keys, which are not consulted offline' })),
    ...side.badKeys.map((bad) => ({ file: bad.file, reason: bad.reason })),
  ];
  const key = side.keys[0];
  const provenance: ProofModeProvenance = {
    summary: '',
    verifier: PROOFMODE_VERIFIER,
    bundle: { ...bundle, entry: mediaName },
    proofFiles: proofs.map((entry) => entry.name),
    fields,
    statedSha256,
    hashMatches,
    proofGeneratedAt: proofTime(fields),
    location: proofLocation(fields),
    device: [fields.Manufacturer, fields.Hardware ?? fields.Model].filter(Boolean).join(' ') || null,
    mediaSignature,
    proofSignatures,
    publicKey: key ? { file: key.file, fingerprint: key.key.getFingerprint().toUpperCase(), userIds: key.key.getUserIDs() } : null,
    notChecked,
  };
  provenance.summary = summarise(provenance);
  return provenance;
}

/** The flags a media item gets from its provenance. */
export function provenanceFlags(provenance: ProofModeProvenance): string[] {
  const flags: string[] = [];
  const signatures = [provenance.mediaSignature, ...provenance.proofSignatures].filter((s): s is ProofModeSignature => s !== null);
  if (signatures.some((s) => s.status === 'invalid')) flags.push(PROOFMODE_FLAGS.signatureInvalid);
  if (provenance.hashMatches === false) flags.push(PROOFMODE_FLAGS.hashMismatch);
  return flags;
}

function summarise(p: ProofModeProvenance): string {
  const parts: string[] = [];
  if (p.proofFiles.length === 0) parts.push('ProofMode bundle, but no proof names this file');
  else if (p.hashMatches === true) parts.push('ProofMode proof states this file\'s exact SHA-256');
  else if (p.hashMatches === false) parts.push(`ProofMode proof states a different SHA-256 (${p.statedSha256}): this is not the file the phone recorded`);
  else parts.push('ProofMode proof states no hash for this file');
  const signature = p.mediaSignature;
  if (!signature) parts.push('no signature of the file');
  else if (signature.status === 'valid') parts.push(`the file's signature is valid (key ${signature.keyId}${p.publicKey ? `, fingerprint ${p.publicKey.fingerprint}` : ''})`);
  else if (signature.status === 'invalid') parts.push(`the file's signature does NOT verify: ${signature.detail}`);
  else if (signature.status === 'no-key') parts.push(`the file is signed by key ${signature.keyId}, but the bundle holds no public key to check it with`);
  else parts.push(`the file's signature was not checked: ${signature.detail}`);
  const badProof = p.proofSignatures.find((s) => s.status === 'invalid');
  if (badProof) parts.push(`the proof's signature does NOT verify (${badProof.file})`);
  return `${parts.join('; ')}.`;
}

/** Checks a detached OpenPGP signature over a file or bytes; never throws for what the bundle holds. */
async function checkSignature(side: ProofModeSideFiles, signatureFile: ZipEntryInfo, signed: { path: string } | { bytes: Buffer }): Promise<ProofModeSignature> {
  const result: ProofModeSignature = { file: signatureFile.name, status: 'not-checked', keyId: null, signedAt: null, detail: null };
  const raw = side.text.get(signatureFile.name)!;
  let signature: openpgp.Signature;
  try {
    signature = raw.toString('latin1').includes('-----BEGIN PGP SIGNATURE-----')
      ? await openpgp.readSignature({ armoredSignature: raw.toString('utf8') })
      : await openpgp.readSignature({ binarySignature: new Uint8Array(raw) });
  } catch (error) {
    return { ...result, detail: `not an OpenPGP signature: ${errorMessage(error)}` };
  }
  const packet = signature.packets[0];
  result.keyId = signature.getSigningKeyIDs()[0]?.toHex().toUpperCase() ?? null;
  result.signedAt = packet?.created ? packet.created.toISOString() : null;
  if (side.keys.length === 0) return { ...result, status: 'no-key', detail: 'the bundle holds no public key' };
  let bytes: Uint8Array;
  if ('path' in signed) {
    const { size } = await stat(signed.path);
    if (size > PROOFMODE_MAX_SIGNED_BYTES) return { ...result, detail: `the file is ${size} bytes, more than the ${PROOFMODE_MAX_SIGNED_BYTES} bytes checked in memory` };
    bytes = new Uint8Array(await readFile(signed.path));
  } else bytes = new Uint8Array(signed.bytes);
  try {
    const verification = await openpgp.verify({
      message: await openpgp.createMessage({ binary: bytes }),
      signature,
      verificationKeys: side.keys.map((k) => k.key),
      expectSigned: false,
    });
    const first = verification.signatures[0];
    if (!first) return { ...result, status: 'invalid', detail: 'the signature file holds no signature' };
    await first.verified;
    return { ...result, status: 'valid' };
  } catch (error) {
    const message = errorMessage(error);
    if (/could not find signing key/i.test(message)) return { ...result, status: 'no-key', detail: `the bundle's public key is not the key that signed (key ${result.keyId})` };
    return { ...result, status: 'invalid', detail: message.replace(/^Signed digest did not match$/, 'the signed bytes differ from these bytes') };
  }
}

/** A proof file's fields: JSON (an object) or CSV (a header row and a value row, or key,value rows). */
export function parseProof(name: string, bytes: Buffer): Record<string, string> {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (name.toLowerCase().endsWith('.json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      const object = Array.isArray(parsed) ? parsed[0] : parsed;
      if (!object || typeof object !== 'object') return {};
      return Object.fromEntries(Object.entries(object as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      return { 'proof file unreadable': `${name} is not valid JSON` };
    }
  }
  const rows = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => splitCsvLine(line));
  if (rows.length === 0) return {};
  const [header, ...values] = rows;
  if (header!.length > 2 && values[0]) {
    // ProofMode writes one header row and one row of values (newer versions: one row per event; the last is kept).
    const last = values[values.length - 1]!;
    return Object.fromEntries(header!.map((key, index) => [key, last[index] ?? '']).filter(([key]) => key !== ''));
  }
  return Object.fromEntries(rows.filter((row) => row.length >= 2).map((row) => [row[0]!, row.slice(1).join(',')]));
}

/** ProofMode replaces commas inside values with spaces, so a plain split is its own reading. */
function splitCsvLine(line: string): string[] {
  const cells = line.split(',').map((cell) => cell.trim());
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** The proof's own time as UTC: "Proof Generated" (newer bundles) or CurrentDateTime0GMT (2016-era, seconds). */
function proofTime(fields: Record<string, string>): string | null {
  const generated = fields['Proof Generated'];
  if (generated) {
    const time = Date.parse(generated);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  const seconds = Number(fields.CurrentDateTime0GMT);
  if (fields.CurrentDateTime0GMT && Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000).toISOString();
  return null;
}

function proofLocation(fields: Record<string, string>): ProofModeProvenance['location'] {
  const lat = Number(fields['Location.Latitude']);
  const lon = Number(fields['Location.Longitude']);
  if (!fields['Location.Latitude'] || !fields['Location.Longitude'] || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  const accuracy = Number(fields['Location.Accuracy']);
  return { lat, lon, accuracyM: fields['Location.Accuracy'] && Number.isFinite(accuracy) ? accuracy : null, provider: fields['Location.Provider'] || null };
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
