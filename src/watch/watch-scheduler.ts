import type { CaseRepository, WatchRepository } from '../store/repositories.js';
import type { Clock } from '../util/clock.js';

/** A running scheduler and how to stop it (waits for a run under way to finish). */
export interface WatchScheduler {
  stop(): Promise<void>;
}

/**
 * Runs watches while the app is open (desktop or browser mode): every `tickMs` it calls `runDue`
 * for each case that has a due watch, one case after another. The doors pass the API's
 * `watch.runDue`, so each run is pushed to the open windows as a `watch.run` event (the alert when
 * a watched post changes). Never two passes at once; a failing case is tried again next tick.
 */
export function startWatchScheduler(deps: { runDue: (caseId: number) => Promise<unknown>; cases: CaseRepository; watches: WatchRepository; clock: Clock }, tickMs = 15_000): WatchScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = async () => {
    const now = deps.clock.now().getTime();
    for (const c of await deps.cases.list()) {
      if (stopped) return;
      const due = (await deps.watches.list(c.id)).some((w) => w.state === 'active' && (Date.parse(w.nextRunAt) <= now || (w.untilAt !== null && Date.parse(w.untilAt) <= now)));
      if (due) await deps.runDue(c.id);
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = pass().catch(() => undefined).finally(() => (running = null));
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
