import { useEffect, useState } from 'react';
import { useApi } from '../api/use-api';
import { useConnection } from './team-connection';

/** What the person at this screen may do with a case's triage, and whom items may be assigned to. */
export interface CaseAccess {
  /** False while not yet known (controls wait rather than flash and vanish). */
  known: boolean;
  /** On a team server: the user's role on the case; null on this computer's own data. */
  role: 'lead' | 'investigator' | 'reviewer' | null;
  /** Whether triage, comments and other changes are allowed (a reviewer reads only). */
  mayChange: boolean;
  /** On a team server, the case's members (the only people items may be assigned to); null locally, where any name goes. */
  members: string[] | null;
}

const UNKNOWN: CaseAccess = { known: false, role: null, mayChange: false, members: null };
const LOCAL: CaseAccess = { known: true, role: null, mayChange: true, members: null };

/**
 * Asks once per case whether the app works on a team server and, if so, the user's role and the
 * case's members: the screens offer a reviewer no control the server would refuse.
 */
export function useCaseAccess(caseId: number): CaseAccess {
  const api = useApi();
  const { status, settled } = useConnection();
  // On a team server: through a connection of this app, or on the server's own page.
  const team = status?.mode === 'team' || (status === null && api.teamPage);
  const [access, setAccess] = useState<CaseAccess>(UNKNOWN);
  useEffect(() => {
    // Asked only once the door has said where the app works: on this computer's data (or the demo) no one is signed in.
    if (!settled) return;
    if (!team) {
      setAccess(LOCAL);
      return;
    }
    let live = true;
    // A team server answers who is signed in and their role.
    const ask = async (): Promise<CaseAccess> => {
      let me;
      try {
        me = await api.call('session.whoami', {});
      } catch {
        // The session ended: the app says so and offers to sign in again; until then nothing is offered.
        return UNKNOWN;
      }
      const role = me.cases.find((c) => c.caseId === caseId)?.role ?? null;
      const members = await api.call('case.members', { caseId }).then((list) => list.map((m) => m.userName).sort(), () => []);
      return { known: true, role, mayChange: role !== null && role !== 'reviewer', members };
    };
    void ask().then((found) => live && setAccess(found));
    return () => {
      live = false;
    };
  }, [api, caseId, team, settled]);
  return access;
}
