import { randomUUID } from 'node:crypto';
import { DEFAULT_RADIUS_M, DEFAULT_WINDOW, type Case, type GoldenHourWindow } from '../domain/case.js';
import { GENESIS_HASH } from '../custody/chain.js';
import { caseState } from '../custody/covered-state.js';
import type { CaseRepository, CustodyLedger } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';

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

  async get(id: number): Promise<Case> {
    const row = await this.sql.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [id]);
    if (!row) throw noSuchCase(id);
    return rowToCase(row);
  }

  async list(): Promise<Case[]> {
    return (await this.sql.all<CaseRow>('SELECT * FROM cases ORDER BY id DESC')).map(rowToCase);
  }
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
  };
}
