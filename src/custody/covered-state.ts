import type { Case } from '../domain/case.js';
import { UNTRIAGED, type Item, type ItemComment, type Triage } from '../domain/item.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { Watch, WatchRun } from '../watch/watch-types.js';

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
    // Absent from entries written before cases could be closed: read as null, which an open case is.
    closed: c.closed,
  };
}

/**
 * The fields of an item that the ledger covers: its identity and provenance in full, what
 * analysis concluded (event time, place, flags), the investigator's notes, tags and grading,
 * its withdrawal, its triage (status and assignee), and its attached files. Bulky JSON (metadata, post, capture record) is
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
    // Named only once the item has been triaged: an untriaged item's state is what entries written
    // before triage existed recorded, so their ledgers still verify (a missing field reads as none).
    ...(isUntriaged(item.triage) ? {} : { triage: { status: item.triage.status, assignee: item.triage.assignee } }),
    metadataSha256: digestOrNull(item.metadata),
    postSha256: digestOrNull(item.post),
    captureSha256: digestOrNull(item.capture),
    artifacts: [...item.artifacts]
      .sort((a, b) => (a.role + a.sha256 < b.role + b.sha256 ? -1 : 1))
      .map((a) => ({ role: a.role, sha256: a.sha256, size: a.size, mediaType: a.mediaType, derived: a.derived })),
  };
}

function isUntriaged(triage: Triage | undefined): boolean {
  return triage === undefined || (triage.status === UNTRIAGED.status && triage.assignee === null);
}

/** What the ledger keeps of a comment: who wrote it, when, and its text by SHA-256 (the row holds the text). */
export function commentState(comment: ItemComment): Record<string, unknown> {
  return { id: comment.id, itemId: comment.itemId, at: comment.at, author: comment.author, bodySha256: sha256Hex(comment.body) };
}

function digestOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : sha256Hex(canonicalJson(value));
}

/** The names of the top-level fields whose values differ between two states. */
export function changedFields(recorded: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(current)]);
  return [...keys].filter((key) => canonicalJson(recorded[key] ?? null) !== canonicalJson(current[key] ?? null)).sort();
}

/**
 * The fields of a watch that the ledger covers: what is watched, how often, until when, with which
 * settings (by their SHA-256: a proxy's user name stays out of the ledger), and its stop. The next
 * run time is a schedule, moved by every claim, and not evidence: it is left out.
 */
export function watchState(watch: Watch): Record<string, unknown> {
  return {
    id: watch.id,
    caseId: watch.caseId,
    url: watch.url,
    itemId: watch.itemId,
    everySeconds: watch.everySeconds,
    untilAt: watch.untilAt,
    settingsSha256: digestOrNull(watch.settings),
    state: watch.state,
    stopReason: watch.stopReason,
    stoppedAt: watch.stoppedAt,
    createdAt: watch.createdAt,
    createdBy: watch.createdBy,
  };
}

/** The fields of a watch run that the ledger covers: all of it, the verdict by its SHA-256. */
export function watchRunState(run: WatchRun): Record<string, unknown> {
  return {
    id: run.id,
    watchId: run.watchId,
    dueAt: run.dueAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    itemId: run.itemId,
    version: run.version,
    outcome: run.outcome,
    missed: run.missed,
    verdictSha256: digestOrNull(run.verdict),
    error: run.error,
  };
}
