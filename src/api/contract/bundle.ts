import { z } from 'zod';
import { custodyEntrySchema } from '../../custody/chain.js';
import { caseSchema } from '../../domain/case.js';
import { reviewItemSchema, unreadableItemSchema } from '../../bundle/verify/review.js';
import { manifestSchema } from '../../bundle/format/manifest.js';
import { sealTimestampSchema } from '../../bundle/format/seal.js';
import { idSchema, operation, operatorField } from '../operation.js';

const problemSchema = z.strictObject({ path: z.string(), problem: z.string() });

const timestampReportSchema = z.union([
  z.strictObject({ present: z.literal(false) }),
  z.strictObject({
    present: z.literal(true), valid: z.boolean(), genTime: z.string().nullable(), serialNumber: z.string().nullable(), policy: z.string().nullable(),
    tsaName: z.string().nullable(), tsaUrl: z.string().nullable(), certificates: z.number(), nonce: z.string().nullable(), chainTrusted: z.boolean().nullable(),
    problems: z.array(z.string()),
  }),
]);

/** The verdict on a bundle (what `goldenhour verify --json` prints). */
export const bundleVerificationSchema = z.strictObject({
  ok: z.boolean(),
  problems: z.array(problemSchema),
  signature: z.strictObject({
    present: z.boolean(), valid: z.boolean(), algorithm: z.string().nullable(), fingerprint: z.string().nullable(),
    fingerprintGrouped: z.string().nullable(), signedAt: z.string().nullable(), manifestSha256: z.string().nullable(), timestamp: timestampReportSchema,
  }),
  files: z.number(),
  case: z.strictObject({ uuid: z.string(), title: z.string() }).nullable(),
  exportedAt: z.string().nullable(),
  exporter: z.string().nullable(),
});

const timelineRowSchema = z.strictObject({
  itemId: z.number(), kind: z.string(), name: z.string().nullable(), sha256: z.string(), eventTimeUtc: z.string().nullable(), eventTimeSource: z.string(),
  acquiredAt: z.string(), lat: z.number().nullable(), lon: z.number().nullable(), distanceM: z.number().nullable(), withinWindow: z.boolean().nullable(),
  flags: z.array(z.string()), sourceUrl: z.string().nullable(),
});

/**
 * The largest bundle browser mode takes for review (`POST /api/upload-bundle`): the page cannot
 * hand the server a path, so the file is copied to the data folder first. The desktop app reads a
 * bundle where it is, whatever its size.
 */
export const REVIEW_UPLOAD_LIMIT_BYTES = 16 * 1024 ** 3;

const isoField = z.string().trim().min(1).optional();
const sha256Field = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const bundleOperations = {
  'bundle.export': operation(
    "Write a sealed bundle of a case's items (all, or by event time and/or ids) to a new zip; recorded in the case's custody ledger",
    z.strictObject({
      caseId: idSchema,
      out: z.string().trim().min(1, 'give the path of the .zip to write'),
      from: isoField,
      to: isoField,
      items: z.array(idSchema).optional(),
      tsa: z.string().trim().min(1).optional(),
      operator: operatorField,
    }),
    z.strictObject({
      path: z.string(), sha256: z.string(), size: z.number(), files: z.number(), itemIds: z.array(z.number()), manifestSha256: z.string(),
      fingerprint: z.string(), exportedAt: z.string(), timestamp: sealTimestampSchema.nullable(), custodySeq: z.number(),
    }),
  ),
  'bundle.verify': operation(
    'Verify a bundle file without extracting it (optionally requiring a signing-key fingerprint, and a TSA chaining to given PEM roots)',
    z.strictObject({ path: z.string().trim().min(1), expectedFingerprint: z.string().trim().min(1).optional(), tsaCaPem: z.string().min(1).optional() }),
    bundleVerificationSchema,
  ),
  'bundle.open': operation(
    "Open a bundle read-only for review: its verification, case, items (each with what is wrong with its files), custody ledger, timeline and map data; a file with nothing to review (not a zip, cut short, not a Golden Hour bundle) is an error saying which",
    z.strictObject({ path: z.string().trim().min(1, 'choose a bundle file (.zip) to open') }),
    z.strictObject({
      verification: bundleVerificationSchema,
      manifest: manifestSchema.pick({ exportedAt: true, exporter: true, selection: true, tool: true, custody: true, files: true }),
      case: caseSchema,
      items: z.array(reviewItemSchema),
      /** Items the sealed manifest lists whose record is missing or cannot be read: shown marked, never left out. */
      unreadableItems: z.array(unreadableItemSchema),
      custody: z.array(custodyEntrySchema),
      timeline: z.array(timelineRowSchema),
      geojson: z.unknown(),
    }),
  ),
  'bundle.choose': operation(
    "Ask the person at the desktop app to choose a bundle (.zip) in the system's open dialog: its path, or null when they cancel. Only the desktop app has the dialog; a browser page uploads the file instead",
    z.strictObject({}),
    z.strictObject({ path: z.string().nullable() }),
  ),
  'bundle.file': operation(
    'Read one file of a bundle by its SHA-256 (checked before it is returned), e.g. a thumbnail for review',
    z.strictObject({ path: z.string().trim().min(1), sha256: sha256Field, maxBytes: z.number().int().positive().optional() }),
    z.strictObject({ path: z.string(), sha256: z.string(), size: z.number(), mediaType: z.string(), base64: z.string() }),
  ),
  'key.show': operation(
    "This installation's bundle-signing key (made on first use): its fingerprint and public key",
    z.strictObject({}),
    z.strictObject({ algorithm: z.literal('Ed25519'), fingerprint: z.string(), fingerprintGrouped: z.string(), publicKeyPem: z.string(), publicKeyRaw: z.string(), path: z.string() }),
  ),
};
