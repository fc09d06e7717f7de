/**
 * Where things live inside a sealed bundle (which entries are stored rather than deflated: see
 * export/entry-compression.ts).
 * Shared by the exporter, the verifier and the reviewer so they can never disagree.
 */

/** Fixed top-level files, in the order they are written (after evidence/, derived/ and items/). */
export const BUNDLE_FILES = {
  custody: 'custody.jsonl',
  timeline: 'timeline.csv',
  geojson: 'locations.geojson',
  kml: 'locations.kml',
  caseJsonLd: 'case.jsonld',
  report: 'report.html',
  verifyText: 'VERIFY.txt',
  sums: 'SHA256SUMS',
  manifest: 'manifest.json',
  seal: 'seal.json',
  timestamp: 'seal.tsr',
} as const;

/** Entries that are about the sealed content rather than part of it: not listed in the manifest. */
export const SEAL_FILES: readonly string[] = [BUNDLE_FILES.sums, BUNDLE_FILES.manifest, BUNDLE_FILES.seal, BUNDLE_FILES.timestamp];

/** The folder for originals and capture artifacts, and the one for derived working copies. */
export const EVIDENCE_DIR = 'evidence/';
export const DERIVED_DIR = 'derived/';
export const ITEMS_DIR = 'items/';

/** Where each of an item's files lands in the bundle (listed in items/<id>.json and report.html). */
export interface ItemFileRef {
  role: string;
  path: string;
  sha256: string;
  size: number;
  mediaType: string;
  derived: boolean;
}

/**
 * Every entry gets this modification time, so the bytes of a bundle never depend on when or
 * where (which time zone) it was written. The real export time is in manifest.json.
 */
export const FIXED_ENTRY_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'image/tiff': 'tif',
  'image/bmp': 'bmp',
  'image/svg+xml': 'svg',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'video/x-msvideo': 'avi',
  'video/3gpp': '3gp',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'application/json': 'json',
  'application/ld+json': 'jsonld',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/wacz': 'wacz',
  'application/x-mimearchive': 'mhtml',
  'multipart/related': 'mhtml',
  'application/warc': 'warc',
  'application/gzip': 'gz',
};

/** A fitting file extension for a media type (`bin` when unknown). */
export function extensionFor(mediaType: string): string {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSIONS[base] ?? 'bin';
}

/** The path of an original or artifact inside the bundle: named by its SHA-256. */
export function blobPath(sha256: string, mediaType: string, derived: boolean): string {
  return `${derived ? DERIVED_DIR : EVIDENCE_DIR}${sha256}.${extensionFor(mediaType)}`;
}

/** The media type of a bundle document, by its path. */
export function documentMediaType(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.jsonl')) return 'application/jsonl';
  if (path.endsWith('.jsonld')) return 'application/ld+json';
  if (path.endsWith('.geojson')) return 'application/geo+json';
  if (path.endsWith('.kml')) return 'application/vnd.google-earth.kml+xml';
  if (path.endsWith('.csv')) return 'text/csv';
  if (path.endsWith('.html')) return 'text/html';
  return 'text/plain';
}
