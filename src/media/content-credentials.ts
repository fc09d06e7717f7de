import { readFileSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Asset } from '@trustnxt/c2pa-ts/asset';
import type { ActionAssertion, Manifest, ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';
import { errorMessage } from '../util/errors.js';
import { failureInWords, parseErrorInWords } from './c2pa-words.js';

/** The validator's name and version, recorded with every reading it made. */
export const C2PA_VALIDATOR = 'c2pa-ts 0.9.4 (@trustnxt/c2pa-ts)';

/**
 * The validator keeps the whole asset in memory (its hash bindings are computed over a buffer),
 * so files above this size are not checked, and that is said on the item.
 */
export const C2PA_MAX_BYTES = 256 * 1024 * 1024;
/** Segments walked in a JPEG's header before giving up and reading the whole file (real headers have tens). */
const MAX_JPEG_HEADER_SEGMENTS = 4096;

/** What the C2PA check found in one file, as recorded in the item's metadata (`contentCredentials`). */
export interface ContentCredentials {
  /**
   * `valid`: a manifest whose signature, claim and hash binding all hold; `invalid`: a manifest
   * that fails one of them (see `failures`); `absent`: no manifest; `not-checked`: the file could
   * not be checked (format or size), see `reason`.
   */
  status: 'valid' | 'invalid' | 'absent' | 'not-checked';
  /** One sentence for the investigator. */
  summary: string;
  validator: string;
  reason?: string;
  signer?: string | null;
  issuer?: string | null;
  signedAt?: string | null;
  claimGenerator?: string | null;
  title?: string | null;
  actions?: { action: string; softwareAgent: string | null; reason: string | null; digitalSourceType: string | null }[];
  /** Every failing check, as C2PA status codes with the validator's explanation. */
  failures?: string[];
  /** The same failures in words, each with its C2PA code (what the item and the summary show). */
  findings?: string[];
  /** The validator's own message when it could not parse the manifest, kept for an expert. */
  validatorMessage?: string;
  /** Every check that passed, as C2PA status codes. */
  passed?: string[];
  manifests?: number;
}

/** Flag set on an item whose manifest fails validation. */
export const C2PA_INVALID_FLAG = 'c2pa-invalid';

/** Reads and validates an item's C2PA manifest; never throws for what the file contains. */
export interface ContentCredentialsReader {
  read(path: string, kind: 'photo' | 'video'): Promise<ContentCredentials>;
}

/**
 * The C2PA check: photos (JPEG, PNG and HEIF/HEIC by content) with c2pa-ts; videos (MP4 and
 * QuickTime MOV, detected by their C2PA box) with c2pa-rs, the C2PA reference implementation, as
 * WebAssembly (c2pa-ts 0.9 reads no video container).
 */
export class C2paTsReader implements ContentCredentialsReader {
  constructor(
    private readonly maxBytes = C2PA_MAX_BYTES,
    private readonly videos = new C2paRsVideoValidator(),
  ) {}

  async read(path: string, kind: 'photo' | 'video'): Promise<ContentCredentials> {
    const validator = kind === 'video' ? this.videos.name() : C2PA_VALIDATOR;
    try {
      const { size } = await stat(path);
      // A video is only loaded when its top-level boxes say it carries a manifest; a JPEG when
      // its header has an APP11 segment, where JPEG carries a manifest (most photos have none:
      // reading and parsing the whole file found that at about 10 ms a megabyte).
      if (kind === 'video' && !(await bmffHasC2paBox(path))) return absent(validator);
      if (kind === 'photo' && (await jpegHeaderWithoutApp11(path))) return absent();
      if (size > this.maxBytes) {
        return notChecked(`the file is ${size} bytes, more than the ${this.maxBytes} bytes the validator can hold in memory`, validator);
      }
      const bytes = new Uint8Array(await readFile(path));
      if (kind === 'video') return await this.videos.validate(bytes);
      const c2pa = await loadC2paTs();
      const assetType = [c2pa.JPEG, c2pa.PNG, c2pa.BMFF].find((type) => type.canRead(bytes));
      if (!assetType) return absentOrUnsupported(bytes);
      const asset = new assetType(bytes);
      const jumbf = asset.getManifestJUMBF();
      return jumbf ? await validate(c2pa, asset, jumbf) : absent();
    } catch (error) {
      const message = errorMessage(error);
      return kind === 'photo' ? unreadable(parseErrorInWords(message), validator, message) : unreadable(message, validator);
    }
  }
}

type C2paTs = typeof import('@trustnxt/c2pa-ts/asset') & typeof import('@trustnxt/c2pa-ts/jumbf') & typeof import('@trustnxt/c2pa-ts/manifest');
let c2paTs: Promise<C2paTs> | undefined;

/** c2pa-ts and its certificate libraries are loaded on the first photo checked, not with the core (a fifth of every command's start). */
function loadC2paTs(): Promise<C2paTs> {
  c2paTs ??= Promise.all([import('@trustnxt/c2pa-ts/asset'), import('@trustnxt/c2pa-ts/jumbf'), import('@trustnxt/c2pa-ts/manifest')])
    .then(([asset, jumbf, manifest]) => ({ ...asset, ...jumbf, ...manifest }));
  return c2paTs;
}

async function validate(c2pa: C2paTs, asset: Asset, jumbf: Uint8Array): Promise<ContentCredentials> {
  const { ManifestStore, SuperBox, ValidationResult } = c2pa;
  let store: ManifestStore | undefined;
  let result: ValidationResult;
  let validatorMessage: string | undefined;
  try {
    store = ManifestStore.read(SuperBox.fromBuffer(new Uint8Array(jumbf)));
    result = await store.validate(asset);
  } catch (error) {
    result = ValidationResult.fromError(error as Error);
    validatorMessage = errorMessage(error);
  }
  const manifest = store?.getActiveManifest();
  const failures = result.statusEntries.filter((e) => !e.success).map((e) => (e.explanation ? `${e.code}: ${e.explanation}` : e.code));
  const passed = result.statusEntries.filter((e) => e.success).map((e) => e.code);
  const valid = result.isValid && failures.length === 0;
  const described = manifest ? describeManifest(manifest, c2pa.ActionAssertion) : {};
  return {
    ...verdict(valid, described.signer ?? null, failures),
    validator: C2PA_VALIDATOR,
    ...described,
    failures,
    findings: failures.map(failureInWords),
    passed: [...new Set(passed)],
    manifests: store?.manifests.length ?? 0,
    ...(validatorMessage ? { validatorMessage } : {}),
  };
}

function describeManifest(manifest: Manifest, ActionAssertionClass: C2paTs['ActionAssertion']): Partial<ContentCredentials> {
  const certificate = manifest.signature?.signatureData.certificate;
  const claim = manifest.claim;
  const generator = claim ? [claim.claimGeneratorName, claim.claimGeneratorVersion].filter(Boolean).join(' ') || claim.claimGeneratorInfo || null : null;
  const actions = (manifest.assertions?.assertions ?? [])
    .filter((a): a is ActionAssertion => a instanceof ActionAssertionClass)
    .flatMap((a) => a.actions)
    .slice(0, 50)
    .map((a) => ({
      action: String(a.action),
      softwareAgent: agentName(a.softwareAgent),
      reason: typeof a.reason === 'string' ? a.reason : null,
      digitalSourceType: typeof a.digitalSourceType === 'string' ? a.digitalSourceType : null,
    }));
  const signedAt = manifest.signature?.signatureData.timestamp;
  return {
    signer: certificate?.subject ?? null,
    issuer: certificate?.issuer ?? null,
    signedAt: signedAt ? signedAt.toISOString() : null,
    claimGenerator: generator,
    title: claim?.title ?? null,
    actions,
  };
}

function agentName(agent: unknown): string | null {
  if (typeof agent === 'string') return agent;
  if (agent && typeof agent === 'object' && 'name' in agent && typeof agent.name === 'string') return agent.name;
  return null;
}

function absent(validator = C2PA_VALIDATOR): ContentCredentials {
  return { status: 'absent', summary: 'no Content Credentials (C2PA manifest) in this file', validator };
}

function notChecked(reason: string, validator = C2PA_VALIDATOR): ContentCredentials {
  return { status: 'not-checked', summary: `Content Credentials not checked: ${reason}`, validator, reason };
}

function unreadable(reason: string, validator: string, validatorMessage?: string): ContentCredentials {
  const failure = `manifest could not be read: ${reason}`;
  return {
    status: 'invalid', summary: 'Content Credentials present but unreadable', validator, failures: [failure], findings: [failure],
    ...(validatorMessage ? { validatorMessage } : {}),
  };
}

/** The status and the one sentence the investigator reads, from the failures the validator found. */
function verdict(valid: boolean, signer: string | null, failures: string[]): Pick<ContentCredentials, 'status' | 'summary'> {
  return valid
    ? { status: 'valid', summary: `Content Credentials valid: signed by ${signer ?? 'an unknown signer'}; signature, claim and hash binding hold (the signer's certificate is not checked against a trust list)` }
    : { status: 'invalid', summary: `Content Credentials INVALID: ${failures.map(failureInWords).join('; ') || 'the manifest failed validation'}` };
}

/** A photo format the validator cannot parse (TIFF, WebP, GIF...): said only if a manifest label is in it. */
function absentOrUnsupported(bytes: Uint8Array): ContentCredentials {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.includes('jumb') && view.includes('c2pa')
    ? notChecked(`this file seems to carry a C2PA manifest, but ${C2PA_VALIDATOR} cannot validate its format (it reads JPEG, PNG and HEIF/HEIC)`)
    : absent();
}

/** The UUID of the top-level `uuid` box that holds a C2PA manifest in ISO BMFF files (C2PA 2.1, A.5). */
const C2PA_BOX_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');
const MAX_TOP_LEVEL_BOXES = 10_000;

/**
 * True when the file is a JPEG whose header (its segments up to the first scan) holds no APP11
 * segment, the only place JPEG carries a C2PA manifest (JUMBF): then it has none. Reads only the
 * segments' markers and lengths. False for anything else (not a JPEG, a header it cannot walk,
 * an APP11 segment): the whole file is then read and checked as before.
 */
export async function jpegHeaderWithoutApp11(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const marker = Buffer.alloc(4);
    if ((await file.read(marker, 0, 2, 0)).bytesRead < 2 || marker[0] !== 0xff || marker[1] !== 0xd8) return false;
    let offset = 2;
    for (let n = 0; n < MAX_JPEG_HEADER_SEGMENTS && offset + 4 <= size; n++) {
      if ((await file.read(marker, 0, 4, offset)).bytesRead < 4 || marker.readUInt8(0) !== 0xff) return false;
      const code = marker.readUInt8(1);
      // Fill bytes (0xFF) may stand before a marker.
      if (code === 0xff) {
        offset += 1;
        continue;
      }
      if (code === 0xeb) return false; // APP11: may be a manifest
      if (code === 0xda) return true; // start of scan: the header is over
      if (code === 0xd8 || code === 0xd9 || (code >= 0xd0 && code <= 0xd7) || code === 0x01) return false; // not where a header has them
      const length = marker.readUInt16BE(2);
      if (length < 2) return false;
      offset += 2 + length;
    }
    return false;
  } finally {
    await file.close();
  }
}

/**
 * Walks the top-level boxes of an MP4/MOV reading only their headers, to tell without loading
 * the video whether it carries a C2PA manifest (c2pa-ts has no streaming reader).
 */
export async function bmffHasC2paBox(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(32);
    let offset = 0;
    for (let n = 0; n < MAX_TOP_LEVEL_BOXES && offset + 8 <= size; n++) {
      const { bytesRead } = await file.read(header, 0, 32, offset);
      if (bytesRead < 8) return false;
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        if (bytesRead < 16) return false;
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < headerSize) return false;
      if (type === 'uuid' && bytesRead >= headerSize + 16 && header.subarray(headerSize, headerSize + 16).equals(C2PA_BOX_UUID)) return true;
      offset += boxSize;
    }
    return false;
  } finally {
    await file.close();
  }
}

type C2paWasm = typeof import('@contentauth/c2pa-wasm');

/** The ISO BMFF brands c2pa-rs is told the video is; QuickTime files are read as such. */
function videoFormat(bytes: Uint8Array): string {
  const brand = bytes.length >= 12 && Buffer.from(bytes.buffer, bytes.byteOffset + 8, 4).toString('latin1');
  return brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
}

/**
 * Validates the C2PA manifest of an MP4/MOV with c2pa-rs (the C2PA reference implementation) built
 * as WebAssembly (@contentauth/c2pa-wasm): signature, claim, every assertion's hashed URI and the
 * BMFF hash binding over the file. Nothing is fetched: remote manifests and OCSP are off, and no
 * trust list is configured, so the signer's certificate is reported but not judged.
 */
export class C2paRsVideoValidator {
  private wasm: C2paWasm | undefined;
  private label: string | undefined;

  name(): string {
    if (!this.label) {
      const require = createRequire(import.meta.url);
      const { version } = JSON.parse(readFileSync(require.resolve('@contentauth/c2pa-wasm/package.json'), 'utf8')) as { version: string };
      this.label = `c2pa-rs (@contentauth/c2pa-wasm ${version})`;
    }
    return this.label;
  }

  private async load(): Promise<C2paWasm> {
    if (!this.wasm) {
      const wasm = await import('@contentauth/c2pa-wasm');
      const require = createRequire(import.meta.url);
      wasm.initSync({ module: await readFile(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
      this.wasm = wasm;
    }
    return this.wasm;
  }

  async validate(bytes: Uint8Array): Promise<ContentCredentials> {
    const validator = this.name();
    const { WasmReader } = await this.load();
    let reader: Awaited<ReturnType<C2paWasm['WasmReader']['fromBytes']>>;
    try {
      reader = await WasmReader.fromBytes(videoFormat(bytes), bytes, JSON.stringify({ verify: { remote_manifest_fetch: false, ocsp_fetch: false } }));
    } catch (error) {
      return unreadable(rsErrorInWords(errorMessage(error)), validator);
    }
    try {
      return describeStore(JSON.parse(reader.json()) as RsStore, validator);
    } finally {
      reader.free();
    }
  }
}

/**
 * c2pa-rs errors arrive as Rust debug text (`C2pa(C2PAValidation("C2PA box present without a
 * readable manifest"))`): the sentence inside is kept, the error's name said in words otherwise.
 */
export function rsErrorInWords(message: string): string {
  const sentence = /^C2pa\(\w+\("(.+)"\)\)$/s.exec(message)?.[1];
  if (sentence) return sentence;
  const name = /^C2pa\((\w+)\)$/.exec(message)?.[1];
  if (name === 'JumbfNotFound') return 'the C2PA box holds no manifest store';
  if (name) return `c2pa-rs reports ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
  return message;
}

interface RsStatus { code: string; explanation?: string }
interface RsManifest {
  claim_generator?: string;
  claim_generator_info?: { name?: string; version?: string }[];
  title?: string;
  signature_info?: { issuer?: string; common_name?: string; time?: string };
  assertions?: { label: string; data?: { actions?: Record<string, unknown>[] } }[];
}
interface RsStore {
  active_manifest?: string;
  manifests?: Record<string, RsManifest>;
  validation_state?: string;
  validation_results?: { activeManifest?: { success?: RsStatus[]; failure?: RsStatus[] } };
}

/** Signing certificates are not judged against a trust list (none is configured), as for photos. */
const NOT_JUDGED = new Set(['signingCredential.untrusted']);

function describeStore(store: RsStore, validator: string): ContentCredentials {
  const manifest = store.active_manifest ? store.manifests?.[store.active_manifest] : undefined;
  const active = store.validation_results?.activeManifest ?? {};
  const failures = (active.failure ?? []).filter((e) => !NOT_JUDGED.has(e.code)).map((e) => (e.explanation ? `${e.code}: ${e.explanation}` : e.code));
  const passed = [...new Set((active.success ?? []).map((e) => e.code))];
  if (!manifest) failures.push('no active manifest in the manifest store');
  const valid = failures.length === 0 && store.validation_state !== 'Invalid';
  const info = manifest?.claim_generator_info?.[0];
  const claimGenerator = manifest?.claim_generator ?? (info ? [info.name, info.version].filter(Boolean).join(' ') : null);
  const actions = (manifest?.assertions ?? [])
    .filter((a) => /^c2pa\.actions(\.v\d+)?$/.test(a.label))
    .flatMap((a) => a.data?.actions ?? [])
    .slice(0, 50)
    .map((a) => ({
      action: String(a.action),
      softwareAgent: agentName(a.softwareAgent),
      reason: typeof a.reason === 'string' ? a.reason : null,
      digitalSourceType: typeof a.digitalSourceType === 'string' ? a.digitalSourceType : null,
    }));
  const signer = manifest?.signature_info?.common_name ?? null;
  return {
    ...verdict(valid, signer, failures),
    validator,
    signer,
    issuer: manifest?.signature_info?.issuer ?? null,
    signedAt: manifest?.signature_info?.time ? new Date(manifest.signature_info.time).toISOString() : null,
    claimGenerator,
    title: manifest?.title ?? null,
    actions,
    failures,
    findings: failures.map(failureInWords),
    passed,
    manifests: Object.keys(store.manifests ?? {}).length,
  };
}
