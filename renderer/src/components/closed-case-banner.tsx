import { useCaseChanges, useOperation } from '../api/use-api';
import { formatUtc } from '../format';
import { routeHref } from '../router';

/** On every screen of a closed case: it is closed and read-only, since when, by whom and why. */
export function ClosedCaseBanner({ caseId }: { caseId: number }) {
  const c = useOperation('case.get', { caseId });
  useCaseChanges(caseId, c.reload);
  const closed = c.data?.closed;
  if (!closed) return null;
  return (
    <p className="notice closed" role="note" data-testid="closed-case">
      <strong>This case is closed and read-only</strong> (closed {formatUtc(closed.at)} by {closed.by}: {closed.reason}).
      {' '}Nothing can be captured, imported or changed; it can still be exported and verified.
      {' '}Its lead can <a href={routeHref({ screen: 'edit', caseId })}>reopen it</a>.
    </p>
  );
}
