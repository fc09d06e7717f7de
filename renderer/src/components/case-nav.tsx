import { useCaseChanges, useOperation } from '../api/use-api';
import { routeHref } from '../router';

const SECTIONS = [
  ['evidence', 'Evidence'],
  ['timeline', 'Timeline'],
  ['map', 'Map'],
  ['capture', 'Capture'],
  ['browse', 'Browse'],
  ['import', 'Import'],
  ['export', 'Export'],
  ['changes', 'Changes'],
  ['edit', 'Edit case'],
] as const;

/** The case's title and its sections. */
export function CaseNav({ caseId, current }: { caseId: number; current: string }) {
  const c = useOperation('case.get', { caseId });
  useCaseChanges(caseId, c.reload);
  return (
    <nav aria-label="Case" className="case-nav">
      <span className="case-title" title={c.data?.reference ?? undefined}>
        {c.data ? c.data.title : c.error ? 'Case not found' : '…'}
        {c.data?.closed ? <span className="muted"> (closed)</span> : null}
      </span>
      {SECTIONS.map(([screen, label]) => (
        <a key={screen} href={routeHref({ screen, caseId })} aria-current={current === screen || (current === 'item' && screen === 'evidence') ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
