// What the Edit case form sends: pure functions, tested without a browser (so the case and the
// request are spelt out here as plain shapes that the contract's types satisfy).

type Scene = { lat: number; lon: number; radiusM: number };

/** What the form reads of a case. */
export interface CaseRecord {
  title: string;
  reference: string | null;
  scene: Scene | null;
  incidentTime: string | null;
  timezone: string | null;
  window: { beforeMin: number; afterMin: number };
}

/** The fields of `case.update` the form may send (the case id is added by the caller). */
export interface CaseUpdateRequest {
  title?: string;
  reference?: string | null;
  scene?: Scene | null;
  incidentTime?: string | null;
  timezone?: string;
  window?: { beforeMin: number; afterMin: number };
}

/** The form's values as typed (the scene already read, or null when both fields are empty). */
export interface CaseFormValues {
  title: string;
  reference: string;
  scene: { lat: number; lon: number; radiusM: number } | null;
  /** The incident field (`YYYY-MM-DDTHH:mm[:ss]`, local at the scene), and what it showed at first. */
  incident: string;
  initialIncident: string;
  zone: string;
  before: number;
  after: number;
}

/**
 * An instant as a `datetime-local` value in a zone (`2026-07-01T21:15:00`): the incident time as
 * the scene's clocks showed it. Empty when there is no time; read in UTC when there is no zone.
 */
export function localInputValue(utc: string | null, zone: string | null): string {
  if (!utc) return '';
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) return '';
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: zone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  } catch {
    return '';
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields of `case.update` the form changed, and only those: a field sent with its old value
 * would still be checked (and an untouched local incident time would be read again in a new zone,
 * moving the instant). A problem the form can name before asking is returned as words.
 */
export function caseChanges(existing: CaseRecord, values: CaseFormValues): CaseUpdateRequest | { problem: string } {
  const changes: CaseUpdateRequest = {};
  if (values.title.trim() !== existing.title) changes.title = values.title;
  if (values.reference.trim() !== (existing.reference ?? '')) changes.reference = values.reference.trim() === '' ? null : values.reference;
  if (!same(values.scene, existing.scene)) changes.scene = values.scene;
  const zone = values.zone.trim();
  if (zone !== (existing.timezone ?? '')) {
    if (zone === '') return { problem: 'The time zone can be changed but not removed: camera times placed in it would be left without a zone.' };
    changes.timezone = zone;
  }
  if (values.incident !== values.initialIncident) {
    changes.incidentTime = values.incident === '' ? null : values.incident.length === 16 ? `${values.incident}:00` : values.incident;
  }
  if (!Number.isInteger(values.before) || !Number.isInteger(values.after) || values.before < 0 || values.after < 0) {
    return { problem: 'The window needs whole, non-negative numbers of minutes before and after the incident.' };
  }
  if (values.before !== existing.window.beforeMin || values.after !== existing.window.afterMin) changes.window = { beforeMin: values.before, afterMin: values.after };
  if (Object.keys(changes).length === 0) return { problem: 'Nothing to save: every field has the value the case already has.' };
  return changes;
}
