import type { Core } from '../../core.js';
import { GoldenHourError } from '../../util/errors.js';
import type { HandlerSet } from '../handler-types.js';

type BrowseOperation = 'browse.open' | 'browse.state' | 'browse.goto' | 'browse.capture' | 'browse.setAutoCapture' | 'browse.close';

export function browseHandlers(core: Pick<Core, 'browse' | 'defaultOperator'>): HandlerSet<BrowseOperation> {
  const { browse } = core;
  const require = (caseId: number) => {
    const session = browse.get(caseId);
    if (!session) throw new GoldenHourError('conflict', `The browser of case ${caseId} is not open: open it first (browse.open)`);
    return session;
  };
  return {
    'browse.open': async (req, context) => browse.open(req.caseId, {
      operator: req.operator ?? core.defaultOperator,
      headless: req.headless ?? false,
      proxy: req.proxy ?? null,
      allowPrivate: req.allowPrivate ?? false,
      autoCapture: req.autoCapture ?? false,
      onEvent: (event) => context.emit?.({ topic: String(event.topic), ...event }),
    }),
    'browse.state': async (req) => browse.state(req.caseId),
    'browse.goto': async (req) => {
      await require(req.caseId).goto(req.url);
      return browse.state(req.caseId);
    },
    'browse.capture': async (req) => require(req.caseId).capture(req.url ?? undefined),
    'browse.setAutoCapture': async (req) => {
      require(req.caseId).setAutoCapture(req.on);
      return browse.state(req.caseId);
    },
    'browse.close': async (req) => browse.close(req.caseId),
  };
}
