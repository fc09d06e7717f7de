import { randomUUID } from 'node:crypto';
import { DEFAULT_RADIUS_M, DEFAULT_WINDOW, type Case, type GoldenHourWindow, type Scene } from '../domain/case.js';
import { GENESIS_HASH } from '../custody/chain.js';
import { caseState } from '../custody/covered-state.js';
import type { CaseRepository, CustodyLedger } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';
import { canonicalJson } from '../util/canonical-json.js';

/** The error for a case id that names no case (also what a team server answers for a case the user is not on). */
export function noSuchCase(id: number): GoldenHourError {
  return new GoldenHourError('not-found', `No case with id ${id}: see \`goldenhour case list\``);
}

/** What creating a case takes (already parsed and validated). */
export interface NewCase {
  title: string;
  reference?: string | null;
  scene?: { lat: number; lon: number; radiusM?: number | null } | null;
  incidentTime?: string | null;
  timezone?: string | null;
  window?: GoldenHourWindow | null;
}

/**
 * What changing a case may set (already parsed and validated): a field left out stays as it is,
 * `null` clears it. The time zone cannot be cleared once set (camera times placed in it would be
 * left with no zone), nor can the title.
 */
export interface CaseChanges {
  title?: string;
  reference?: string | null;
  scene?: Scene | null;
  incidentTime?: string | null;
  timezone?: string;
  window?: GoldenHourWindow;
}

/** The fields a case update can change, in the order their ledger entries are written. */
export const CASE_FIELDS = ['title', 'reference', 'scene', 'incidentTime', 'timezone', 'window'] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

/** One field changed, as its `case updated` entry records it. */
export interface CaseFieldChange {
  field: CaseField;
  from: unknown;
  to: unknown;
}

interface CaseRow {
  id: number;
  uuid: string;
  title: string;
  reference: string | null;
  scene_lat: number | null;
  scene_lon: number | null;
  scene_radius_m: number | null;
  incident_time: string | null;
  timezone: string | null;
  window_before_min: number;
  window_after_min: number;
  created_at: string;
  created_by: string;
  closed_at: string | null;
  closed_by: string | null;
  closed_reason: string | null;
}

/** Cases in SQL (both backends); creating one opens its custody ledger in the same unit of work. */
export class SqlCaseRepository implements CaseRepository {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly ledger: CustodyLedger,
    private readonly clock: Clock,
  ) {}

  async create(input: NewCase, operator: string): Promise<Case> {
    const title = input.title.trim();
    if (title === '') throw invalidInput('Expected a non-empty title for the case but received an empty one');
    const window = input.window ?? DEFAULT_WINDOW;
    const scene = input.scene ? { ...input.scene, radiusM: input.scene.radiusM ?? DEFAULT_RADIUS_M } : null;
    const inserted = await this.sql.get<{ id: number }>(
      `INSERT INTO cases (uuid, title, reference, scene_lat, scene_lon, scene_radius_m, incident_time, timezone,
         window_before_min, window_after_min, created_at, created_by, ledger_seq, ledger_head)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id`,
      [randomUUID(), title, input.reference?.trim() || null, scene?.lat ?? null, scene?.lon ?? null, scene?.radiusM ?? null,
        input.incidentTime ?? null, input.timezone ?? null, window.beforeMin, window.afterMin,
        isoUtc(this.clock.now()), operator, GENESIS_HASH]);
    const created = await this.get(Number(inserted!.id));
    await this.ledger.append({ caseId: created.id, operator, action: 'case created', details: { state: caseState(created) } });
    return created;
  }

  /**
   * Changes a case. Each field that really changes gets its own `case updated` entry with the old
   * and new value and the case's covered state after it (so the last entry matches the row).
   * Fields given with their current value change nothing and write nothing.
   */
  async update(id: number, changes: CaseChanges, operator: string): Promise<{ case: Case; changes: CaseFieldChange[] }> {
    const before = await this.get(id);
    let after: Case = { ...before };
    if (changes.title !== undefined) {
      const title = changes.title.trim();
      if (title === '') throw invalidInput('Expected a non-empty title for the case but received an empty one');
      after.title = title;
    }
    if (changes.reference !== undefined) after.reference = changes.reference?.trim() || null;
    if (changes.scene !== undefined) after.scene = changes.scene;
    if (changes.incidentTime !== undefined) after.incidentTime = changes.incidentTime;
    if (changes.timezone !== undefined) after.timezone = changes.timezone;
    if (changes.window !== undefined) after.window = changes.window;

    const changed: CaseFieldChange[] = CASE_FIELDS
      .filter((field) => canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null))
      .map((field) => ({ field, from: before[field], to: after[field] }));
    if (changed.length === 0) return { case: before, changes: [] };

    let state: Case = before;
    for (const change of changed) {
      state = { ...state, [change.field]: change.to };
      await this.ledger.append({ caseId: id, operator, action: 'case updated', details: { field: change.field, from: change.from, to: change.to, state: caseState(state) } });
    }
    after = state;
    await this.sql.run(
      `UPDATE cases SET title = ?, reference = ?, scene_lat = ?, scene_lon = ?, scene_radius_m = ?, incident_time = ?, timezone = ?,
         window_before_min = ?, window_after_min = ? WHERE id = ?`,
      [after.title, after.reference, after.scene?.lat ?? null, after.scene?.lon ?? null, after.scene?.radiusM ?? null, after.incidentTime,
        after.timezone, after.window.beforeMin, after.window.afterMin, id]);
    return { case: await this.get(id), changes: changed };
  }

  /** Closes a case: it becomes read-only (the ledger refuses changes) until reopened. */
  async close(id: number, reason: string, operator: string): Promise<Case> {
    const before = await this.get(id);
    if (before.closed) throw closedAlready(before);
    const closed = { at: isoUtc(this.clock.now()), by: operator, reason };
    await this.ledger.append({ caseId: id, operator, action: 'case closed', details: { reason, state: caseState({ ...before, closed }) } });
    await this.sql.run('UPDATE cases SET closed_at = ?, closed_by = ?, closed_reason = ? WHERE id = ?', [closed.at, closed.by, closed.reason, id]);
    return this.get(id);
  }

  /** Reopens a closed case, recording who reopened it and why, and when and why it had been closed. */
  async reopen(id: number, reason: string, operator: string): Promise<Case> {
    const before = await this.get(id);
    if (!before.closed) throw new GoldenHourError('conflict', `Case ${id} (${JSON.stringify(before.title)}) is not closed: there is nothing to reopen`);
    await this.ledger.append({ caseId: id, operator, action: 'case reopened', details: { reason, wasClosed: before.closed, state: caseState({ ...before, closed: null }) } });
    await this.sql.run('UPDATE cases SET closed_at = NULL, closed_by = NULL, closed_reason = NULL WHERE id = ?', [id]);
    return this.get(id);
  }

  async get(id: number): Promise<Case> {
    const row = await this.sql.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [id]);
    if (!row) throw noSuchCase(id);
    return rowToCase(row);
  }

  async list(): Promise<Case[]> {
    return (await this.sql.all<CaseRow>('SELECT * FROM cases ORDER BY id DESC')).map(rowToCase);
  }
}

function closedAlready(c: Case): GoldenHourError {
  return new GoldenHourError('conflict', `Case ${c.id} (${JSON.stringify(c.title)}) is already closed (since ${c.closed?.at}, by ${c.closed?.by})`);
}

function rowToCase(row: CaseRow): Case {
  return {
    id: row.id,
    uuid: row.uuid,
    title: row.title,
    reference: row.reference,
    scene: row.scene_lat !== null && row.scene_lon !== null
      ? { lat: row.scene_lat, lon: row.scene_lon, radiusM: row.scene_radius_m ?? DEFAULT_RADIUS_M }
      : null,
    incidentTime: row.incident_time,
    timezone: row.timezone,
    window: { beforeMin: row.window_before_min, afterMin: row.window_after_min },
    createdAt: row.created_at,
    createdBy: row.created_by,
    closed: row.closed_at !== null ? { at: row.closed_at, by: row.closed_by ?? '', reason: row.closed_reason ?? '' } : null,
  };
}
