import type { Case } from '../domain/case.js';
import type { Item } from '../domain/item.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';

/**
 * The fields of a case that the ledger covers. Every change to them writes a custody entry
 * carrying the new state, and verification compares the database row with the last one.
 */
export function caseState(c: Case): Record<string, unknown> {
  return {
    uuid: c.uuid,
    title: c.title,
    reference: c.reference,
    scene: c.scene,
    incidentTime: c.incidentTime,
    timezone: c.timezone,
    window: c.window,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
  };
}

/**
 * The fields of an item that the ledger covers: its identity and provenance in full, what
 * analysis concluded (event time, place, flags), the investigator's notes, tags and grading,
 * its withdrawal, and its attached files. Bulky JSON (metadata, post, capture record) is
 * covered by its SHA-256.
 */
export function itemState(item: Item): Record<string, unknown> {
  return {
    uuid: item.uuid,
    caseId: item.caseId,
    kind: item.kind,
    sha256: item.sha256,
    size: item.size,
    mediaType: item.mediaType,
    originalName: item.originalName,
    sourcePath: item.sourcePath,
    sourceUrl: item.sourceUrl,
    parentId: item.parentId,
    acquiredAt: item.acquiredAt,
    acquiredBy: item.acquiredBy,
    title: item.title,
    eventTime: item.eventTime,
    location: item.location,
    flags: item.flags,
    notes: item.notes,
    tags: item.tags,
    grading: item.grading,
    withdrawn: item.withdrawn,
    metadataSha256: digestOrNull(item.metadata),
    postSha256: digestOrNull(item.post),
    captureSha256: digestOrNull(item.capture),
    artifacts: [...item.artifacts]
      .sort((a, b) => (a.role + a.sha256 < b.role + b.sha256 ? -1 : 1))
      .map((a) => ({ role: a.role, sha256: a.sha256, size: a.size, mediaType: a.mediaType, derived: a.derived })),
  };
}

function digestOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : sha256Hex(canonicalJson(value));
}

/** The names of the top-level fields whose values differ between two states. */
export function changedFields(recorded: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(current)]);
  return [...keys].filter((key) => canonicalJson(recorded[key] ?? null) !== canonicalJson(current[key] ?? null)).sort();
}
