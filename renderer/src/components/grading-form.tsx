import { useEffect, useState } from 'react';
import type { ResponseOf } from '@api/contract';

type Grading = NonNullable<ResponseOf<'item.detail'>['item']['grading']>;

const SOURCES = [['1', '1 — reliable'], ['2', '2 — untested'], ['3', '3 — not reliable']] as const;
const INTELLIGENCE = [
  ['A', 'A — known directly'], ['B', 'B — known indirectly, corroborated'], ['C', 'C — known indirectly'],
  ['D', 'D — not known'], ['E', 'E — suspected false'],
] as const;
const HANDLING = [['P', 'P — lawful sharing permitted'], ['C', 'C — conditions apply']] as const;

/** The UK 3x5x2 grading of one item; saving records a 'grading changed' custody entry. */
export function GradingForm({ grading, onSave }: { grading: Grading | null; onSave: (grading: Grading | null) => Promise<void> }) {
  const [source, setSource] = useState(grading?.source ?? '');
  const [intelligence, setIntelligence] = useState(grading?.intelligence ?? '');
  const [handling, setHandling] = useState(grading?.handling ?? '');
  const [conditions, setConditions] = useState(grading?.conditions ?? '');
  useEffect(() => {
    setSource(grading?.source ?? '');
    setIntelligence(grading?.intelligence ?? '');
    setHandling(grading?.handling ?? '');
    setConditions(grading?.conditions ?? '');
  }, [grading]);
  const complete = source && intelligence && handling;
  return (
    <form className="grading" aria-label="3x5x2 grading" onSubmit={(e) => {
      e.preventDefault();
      if (complete) void onSave({ source: source as Grading['source'], intelligence: intelligence as Grading['intelligence'], handling: handling as Grading['handling'], conditions: handling === 'C' ? conditions || null : null });
    }}>
      <label>Source evaluation
        <select value={source} onChange={(e) => setSource(e.target.value as Grading['source'])}><option value="">—</option>{SOURCES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
      </label>
      <label>Intelligence assessment
        <select value={intelligence} onChange={(e) => setIntelligence(e.target.value as Grading['intelligence'])}><option value="">—</option>{INTELLIGENCE.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
      </label>
      <label>Handling code
        <select value={handling} onChange={(e) => setHandling(e.target.value as Grading['handling'])}><option value="">—</option>{HANDLING.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
      </label>
      {handling === 'C' ? <label>Conditions<input value={conditions} onChange={(e) => setConditions(e.target.value)} /></label> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!complete}>Save grading</button>
        {grading ? <button type="button" onClick={() => void onSave(null)}>Clear grading</button> : null}
      </div>
    </form>
  );
}
