import type { ItemView } from '../../items/item-view.js';

/** One field of an item as item detail shows it. */
export interface ItemField {
  group: string;
  name: string;
  value: string;
  source: string;
}

const MAX_DEPTH = 4;

/** Metadata keys written by Golden Hour's own analysis (not read from the file), and what made them. */
const ANALYSIS_KEYS: Record<string, string> = {
  kind: 'analysis', width: 'decoded by analysis', height: 'decoded by analysis', format: 'decoded by analysis',
  perceptualHash: 'computed by analysis', extractor: 'tool that read the metadata', decoder: 'tool that decoded the picture',
  frameExtractor: 'tool that extracted video frames', notes: 'analysis', raw: 'as found in the file',
};
const MAX_FIELDS = 400;
const MAX_VALUE = 2_000;

/** What each event-time source means, for the investigator reading item detail. */
const EVENT_SOURCE_LABEL: Record<string, string> = {
  'exif-offset': 'EXIF date with its offset',
  gps: 'GPS date and time (UTC)',
  'exif-local': "EXIF local time read in the case's time zone (inferred)",
  container: 'video container time (may be local)',
  post: "the platform's published time",
  none: 'no time found',
};

/**
 * Every field of an item, flattened for display, each with where it came from: the file as
 * acquired, analysis of its content, the capture record, the post read from a page, or people.
 */
export function describeFields(item: ItemView): ItemField[] {
  const fields: ItemField[] = [];
  const add = (group: string, name: string, value: unknown, source: string) => {
    if (fields.length >= MAX_FIELDS || value === null || value === undefined || value === '') return;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    fields.push({ group, name, value: text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text, source });
  };
  add('Identity', 'SHA-256', item.sha256, 'computed on acquisition');
  add('Identity', 'Size (bytes)', item.size, 'computed on acquisition');
  add('Identity', 'Media type', item.mediaType, 'sniffed from the content');
  add('Identity', 'Original name', item.originalName, 'file system');
  add('Identity', 'Source path', item.sourcePath, 'file system');
  add('Identity', 'Source URL', item.sourceUrl, 'capture request');
  add('Identity', 'Acquired', `${item.acquiredAt} by ${item.acquiredBy}`, 'Golden Hour');
  if (item.eventTime) {
    add('Time', 'Event time (UTC)', item.eventTime.utc ?? 'unknown', EVENT_SOURCE_LABEL[item.eventTime.source] ?? item.eventTime.source);
    add('Time', 'Confidence', item.eventTime.confidence, 'analysis');
    add('Time', 'Read from', item.eventTime.raw, 'as found in the content');
  } else add('Time', 'Event time', 'not analysed', 'none');
  if (item.location) {
    add('Place', 'Latitude, longitude', `${item.location.lat}, ${item.location.lon}`, item.location.source);
    add('Place', 'Altitude (m)', item.location.altitudeM, item.location.source);
    add('Place', 'Accuracy (m)', item.location.accuracyM, item.location.source);
  }
  if (item.scene) add('Place', 'From the scene', `${Math.round(item.scene.distanceM)} m, bearing ${item.scene.bearingDeg}°`, 'computed from the case scene');
  if (item.post) for (const [name, value] of Object.entries(item.post)) add('Post', name, value, 'read from the captured page');
  flatten(item.capture, 'Capture', '', 'capture record', add, 0);
  describeCredentials(item.metadata?.contentCredentials, add);
  for (const [key, value] of Object.entries(item.metadata ?? {})) if (key !== 'contentCredentials') flatten(value, 'Metadata', key, ANALYSIS_KEYS[key] ?? 'read from the file', add, 1);
  return fields;
}

/** C2PA Content Credentials as the investigator reads them: the verdict first, then who signed what. */
function describeCredentials(value: unknown, add: (g: string, n: string, v: unknown, s: string) => void): void {
  if (!value || typeof value !== 'object') return;
  const c = value as Record<string, unknown>;
  const group = 'Content Credentials (C2PA)';
  const source = typeof c.validator === 'string' ? `validated by ${c.validator}` : 'C2PA validation';
  add(group, 'Verdict', c.summary ?? c.status, source);
  add(group, 'Signed by', c.signer, 'manifest signature certificate');
  add(group, 'Certificate issuer', c.issuer, 'manifest signature certificate');
  add(group, 'Signed at', c.signedAt, 'manifest signature timestamp');
  add(group, 'Claim generator', c.claimGenerator, 'manifest claim');
  add(group, 'Title', c.title, 'manifest claim');
  if (Array.isArray(c.actions)) {
    for (const [i, a] of c.actions.entries()) {
      const action = a as Record<string, unknown>;
      const parts = [action.action, action.softwareAgent ? `by ${String(action.softwareAgent)}` : null, action.digitalSourceType ? `(${String(action.digitalSourceType)})` : null];
      add(group, `Action ${i + 1}`, parts.filter(Boolean).join(' '), 'manifest actions assertion');
    }
  }
  // Failures in words (older readings have only the validator's codes and explanations).
  const failed = Array.isArray(c.findings) ? c.findings : c.failures;
  if (Array.isArray(failed) && failed.length > 0) add(group, 'Failed checks', failed.join('; '), source);
  if (Array.isArray(c.passed) && c.passed.length > 0) add(group, 'Passed checks', c.passed.join(', '), source);
}

function flatten(value: unknown, group: string, prefix: string, source: string, add: (g: string, n: string, v: unknown, s: string) => void, depth: number): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value) || depth >= MAX_DEPTH) {
    add(group, prefix || group, value, source);
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    flatten(inner, group, prefix ? `${prefix}.${key}` : key, source, add, depth + 1);
  }
}
