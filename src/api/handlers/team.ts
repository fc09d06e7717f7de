import type { Core } from '../../core.js';
import { GoldenHourError } from '../../util/errors.js';
import type { HandlerContext, HandlerSet } from '../handler-types.js';

type TeamOperation = 'session.login' | 'session.logout' | 'session.whoami' | 'case.share' | 'case.members';

function signedIn(context: HandlerContext) {
  if (!context.actor) throw new GoldenHourError('unauthorized', 'Sign in to a team server first: this is not one, or the session has ended');
  return context.actor;
}

export function teamHandlers(core: Pick<Core, 'accounts'>): HandlerSet<TeamOperation> {
  return {
    'session.login': async (req) => {
      const session = await core.accounts.login(req.user, req.password);
      return { user: session.account.name, admin: session.account.admin, token: session.token, expiresAt: session.expiresAt };
    },
    'session.logout': async (_req, context) => {
      if (!context.sessionToken) return { ended: false };
      await core.accounts.logout(context.sessionToken);
      return { ended: true };
    },
    'session.whoami': async (_req, context) => {
      const actor = signedIn(context);
      const cases = [];
      for (const caseId of await core.accounts.memberCaseIds(actor.userId)) {
        const role = await core.accounts.role(caseId, actor.userId);
        if (role) cases.push({ caseId, role });
      }
      return { user: actor.name, admin: actor.admin, cases };
    },
    'case.share': async (req, context) => core.accounts.share(req.caseId, req.user, req.role, signedIn(context).name),
    'case.members': async (req) => core.accounts.members(req.caseId),
  };
}
