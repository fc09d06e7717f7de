/** The roles a user can hold on one case of a team server. */
export const caseRoles = ['lead', 'investigator', 'reviewer'] as const;
export type CaseRole = (typeof caseRoles)[number];

/** An account of a team server, as the services see it (never its password hash). */
export interface Account {
  id: number;
  name: string;
  admin: boolean;
  createdAt: string;
}

/** What the login checks read and write besides the account. */
export interface AccountLogin extends Account {
  passwordHash: string;
  failedLogins: number;
  /** The next attempt is refused before this instant (ISO UTC); null when it may come at once. */
  retryAfter: string | null;
  /** Every attempt is refused before this instant (ISO UTC). */
  lockedUntil: string | null;
}

/** One user's role on one case. */
export interface CaseMember {
  caseId: number;
  userId: number;
  userName: string;
  role: CaseRole;
  grantedBy: string;
  grantedAt: string;
}

/** The user a request acts as, established by the door from a session. */
export interface Actor {
  userId: number;
  name: string;
  admin: boolean;
}
