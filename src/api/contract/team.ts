import { z } from 'zod';
import { caseRoles } from '../../team/team-types.js';
import { idSchema, operation } from '../operation.js';

const memberSchema = z.strictObject({
  caseId: z.number(), userId: z.number(), userName: z.string(), role: z.enum(caseRoles), grantedBy: z.string(), grantedAt: z.string(),
});

const userName = z.string().trim().min(1, 'give a user name').max(64, 'a user name is at most 64 characters');

/** Signing in to a team server and sharing its cases. */
export const teamOperations = {
  'session.login': operation(
    'Sign in to a team server with a user name and password; the session token expires',
    z.strictObject({ user: userName, password: z.string().min(1, 'give the password').max(1024) }),
    z.strictObject({ user: z.string(), admin: z.boolean(), token: z.string(), expiresAt: z.string() }),
  ),
  'session.logout': operation('End this session on the team server', z.strictObject({}), z.strictObject({ ended: z.boolean() })),
  'session.whoami': operation(
    'The signed-in user of a team server and their role on each case',
    z.strictObject({}),
    z.strictObject({ user: z.string(), admin: z.boolean(), cases: z.array(z.strictObject({ caseId: z.number(), role: z.enum(caseRoles) })) }),
  ),
  'case.share': operation(
    "Give a user of the team server a role on a case (lead, investigator or reviewer), recorded in the case's custody ledger",
    z.strictObject({ caseId: idSchema, user: userName, role: z.enum(caseRoles, `expected a role of ${caseRoles.join(', ')}`) }),
    z.array(memberSchema),
  ),
  'case.members': operation('Who holds which role on a case of the team server', z.strictObject({ caseId: idSchema }), z.array(memberSchema)),
};
