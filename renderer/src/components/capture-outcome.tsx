import { plainMessage } from '../plain-message';

/** What one capture run returned, as the screen reports it. */
export interface CaptureRunSummary {
  kind: 'capture' | 'retry';
  /** Pages (and downloaded files) captured: items with no parent; their media are counted apart. */
  pages: number;
  media: number;
  alreadyCaptured: number;
  /** Lines that were not captured, each with its reason: not an address, refused, or failed. */
  errors: { url: string; error: string }[];
  /** On a team server with no capture worker connected: the addresses wait in the queue. */
  waitingForWorkers: boolean;
}

/** Counts a run's items by what an investigator asked for: pages, not the media they brought. */
export function summariseRun(kind: CaptureRunSummary['kind'], result: { items: { parentId: number | null }[]; errors: { url: string; error: string }[]; alreadyCaptured: unknown[]; waitingForWorkers?: boolean }): CaptureRunSummary {
  const pages = result.items.filter((item) => item.parentId === null).length;
  return { kind, pages, media: result.items.length - pages, alreadyCaptured: result.alreadyCaptured.length, errors: result.errors, waitingForWorkers: result.waitingForWorkers === true };
}

/** A failure said without repeating the address the row already shows ("URL: URL: reason"). */
export function failureReason(url: string, error: string): string {
  const plain = plainMessage(error);
  return url && plain.startsWith(`${url}: `) ? plain.slice(url.length + 2) : plain;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The run's outcome: green only when nothing failed; every line not captured listed with its reason. */
export function CaptureOutcome({ summary }: { summary: CaptureRunSummary }) {
  const parts = [
    `${plural(summary.pages, 'page', 'pages')} captured${summary.media ? ` (with ${plural(summary.media, 'media item', 'media items')})` : ''}`,
    summary.errors.length ? `${summary.errors.length} not captured` : null,
    summary.alreadyCaptured ? `${summary.alreadyCaptured} already in the case` : null,
  ].filter(Boolean);
  const text = `${summary.kind === 'retry' ? 'Retried: ' : ''}${parts.join(', ')}.`;
  return (
    <div className={summary.errors.length ? 'error' : 'status'} role={summary.errors.length ? 'alert' : 'status'} data-testid="capture-outcome">
      <p>{text}</p>
      {summary.waitingForWorkers ? (
        <p data-testid="capture-waiting">No capture worker is connected to the team server, so nothing is being captured yet: the addresses wait in the queue and are captured as soon as a worker connects. Ask the server's administrator to start one.</p>
      ) : null}
      {summary.errors.length ? (
        <ul className="capture-errors">
          {summary.errors.map((e, i) => <li key={i}><span className="value">{e.url || '(empty line)'}</span>: {failureReason(e.url, e.error)}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
