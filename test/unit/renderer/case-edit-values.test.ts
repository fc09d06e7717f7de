import { describe, expect, it } from 'vitest';
import { caseChanges, localInputValue, type CaseFormValues } from '../../../renderer/src/screens/case-edit-values.js';

const existing = {
  id: 3, uuid: 'u', title: 'Bridge fire', reference: 'CR/1', scene: { lat: 50.0875, lon: 14.4213, radiusM: 300 },
  incidentTime: '2026-07-01T19:15:00.000Z', timezone: 'Europe/Prague', window: { beforeMin: 60, afterMin: 120 },
  createdAt: '2026-07-01T20:00:00.000Z', createdBy: 'alice', closed: null,
};
const initialIncident = localInputValue(existing.incidentTime, existing.timezone);
const unchanged: CaseFormValues = {
  title: 'Bridge fire', reference: 'CR/1', scene: { lat: 50.0875, lon: 14.4213, radiusM: 300 }, incident: initialIncident, initialIncident,
  zone: 'Europe/Prague', before: 60, after: 120,
};

describe('the Edit case form', () => {
  it('shows the incident time as the scene clocks showed it', () => {
    expect(initialIncident).toBe('2026-07-01T21:15:00');
    expect(localInputValue(null, 'Europe/Prague')).toBe('');
    expect(localInputValue('2026-07-01T19:15:00.000Z', null)).toBe('2026-07-01T19:15:00');
  });

  it('sends only what changed: a new zone alone keeps the incident instant', () => {
    expect(caseChanges(existing, { ...unchanged, zone: 'Europe/London' })).toEqual({ timezone: 'Europe/London' });
    expect(caseChanges(existing, { ...unchanged, incident: '2026-07-01T21:30' })).toEqual({ incidentTime: '2026-07-01T21:30:00' });
    expect(caseChanges(existing, { ...unchanged, incident: '' })).toEqual({ incidentTime: null });
    expect(caseChanges(existing, { ...unchanged, title: 'Renamed', reference: '', scene: null, before: 30 })).toEqual({
      title: 'Renamed', reference: null, scene: null, window: { beforeMin: 30, afterMin: 120 },
    });
  });

  it('names what it cannot send', () => {
    expect(caseChanges(existing, unchanged)).toEqual({ problem: expect.stringContaining('Nothing to save') });
    expect(caseChanges(existing, { ...unchanged, zone: ' ' })).toEqual({ problem: expect.stringContaining('can be changed but not removed') });
    expect(caseChanges(existing, { ...unchanged, before: Number('') - 1 })).toEqual({ problem: expect.stringContaining('whole, non-negative') });
  });
});
