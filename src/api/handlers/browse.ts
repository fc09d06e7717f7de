import { BrowseSession } from '../../browse/browse-session.js';
import type { Core } from '../../core.js';
import { GoldenHourError } from '../../util/errors.js';
import type { HandlerSet } from '../handler-types.js';

/** Open case browsers, one per case and core (shared by the doors of one running app). */
const sessions = new WeakMap<Core, Map<number, BrowseSession>>();

function sessionsOf(core: Core): Map<number, BrowseSession> {
  let map = sessions.get(core);
  if (!map) {
    map = new Map();
    sessions.set(core, map);
  }
  return map;
}

/** Closes every case browser of a core (when a door shuts down). */
export async function closeBrowseSessions(core: Core): Promise<void> {
  const map = sessionsOf(core);
  await Promise.all([...map.values()].map((session) => session.close()));
  map.clear();
}

type BrowseOperation = 'browse.open' | 'browse.state' | 'browse.goto' | 'browse.capture' | 'browse.setAutoCapture' | 'browse.close';

export function browseHandlers(core: Core): HandlerSet<BrowseOperation> {
  const map = sessionsOf(core);
  const state = (caseId: number) => {
    const session = map.get(caseId);
    return { open: Boolean(session), caseId, currentUrl: session?.currentUrl() ?? null, autoCapture: session?.auto ?? false, visits: session ? [...session.visits] : [] };
  };
  const require = (caseId: number) => {
    const session = map.get(caseId);
    if (!session) throw new GoldenHourError('conflict', `The browser of case ${caseId} is not open: open it first (browse.open)`);
    return session;
  };
  return {
    'browse.open': async (req, context) => {
      core.cases.get(req.caseId);
      if (!map.has(req.caseId)) {
        const session = await BrowseSession.open(core, req.caseId, {
          operator: req.operator ?? core.defaultOperator,
          headless: req.headless ?? false,
          proxy: req.proxy ?? null,
          allowPrivate: req.allowPrivate ?? false,
          autoCapture: req.autoCapture ?? false,
          onEvent: (event) => context.emit?.({ topic: String(event.topic), ...event }),
        });
        map.set(req.caseId, session);
      }
      return state(req.caseId);
    },
    'browse.state': async (req) => state(req.caseId),
    'browse.goto': async (req) => {
      await require(req.caseId).goto(req.url);
      return state(req.caseId);
    },
    'browse.capture': async (req) => require(req.caseId).capture(req.url ?? undefined),
    'browse.setAutoCapture': async (req) => {
      require(req.caseId).setAutoCapture(req.on);
      return state(req.caseId);
    },
    'browse.close': async (req) => {
      await map.get(req.caseId)?.close();
      map.delete(req.caseId);
      return state(req.caseId);
    },
  };
}
