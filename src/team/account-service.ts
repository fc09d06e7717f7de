import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/repositories.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './password-hash.js';
import { caseRoles, type Account, type CaseMember, type CaseRole } from './team-types.js';

/** How sign-in guards itself against guessing. */
export interface LoginPolicy {
  /** How long a session lasts from sign-in. */
  sessionHours: number;
  /** Wrong passwords in a row answered at once; after these, each one makes the next wait 1, 2, 4... seconds. */
  freeAttempts: number;
  /** Wrong passwords in a row that lock the account... */
  lockAfter: number;
  /** ...for this long (or until an admin unlocks it). */
  lockMinutes: number;
}

export const defaultLoginPolicy: LoginPolicy = { sessionHours: 12, freeAttempts: 3, lockAfter: 10, lockMinutes: 15 };

export const MIN_PASSWORD_LENGTH = 12;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A new session: the token goes to the client once; only its SHA-256 is stored. */
export interface SignedIn {
  token: string;
  account: Account;
  expiresAt: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const later = (from: Date, ms: number) => isoUtc(new Date(from.getTime() + ms));

/** Why a user name cannot be used, or null. */
export function userNameProblem(name: string): string | null {
  return USER_NAME.test(name) ? null : `Expected a user name of 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit) but received ${JSON.stringify(name.slice(0, 80))}`;
}

/** Reads a role given at a door. */
export function parseCaseRole(value: string): CaseRole {
  if ((caseRoles as readonly string[]).includes(value)) return value as CaseRole;
  throw invalidInput(`Expected a role of ${caseRoles.join(', ')} but received ${JSON.stringify(value.slice(0, 80))}`);
}

/**
 * The accounts of a team server: adding users, signing in (scrypt, with slow-down and lock
 * after wrong passwords), sessions that expire, and who holds which role on which case.
 */
export class AccountService {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly policy: LoginPolicy = defaultLoginPolicy) {}

  async addUser(name: string, password: string, admin: boolean): Promise<Account> {
    const problem = userNameProblem(name);
    if (problem) throw invalidInput(problem);
    checkPassword(password);
    const hash = await hashPassword(password);
    return this.store.withTransaction((tx) => tx.team.addUser(name, hash, admin, isoUtc(this.clock.now())));
  }

  /** Sets a new password; the user's sessions end and a lock is lifted. */
  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password);
    await this.store.withTransaction(async (tx) => tx.team.setPassword((await this.known(tx.team.user(name), name)).id, hash));
  }

  /** Lifts a lock (and the wait) that wrong passwords put on an account. */
  async unlock(name: string): Promise<void> {
    await this.store.withTransaction(async (tx) => tx.team.clearLoginFailures((await this.known(tx.team.user(name), name)).id));
  }

  users(): Promise<Account[]> {
    return this.store.read((tx) => tx.team.users());
  }

  /**
   * Signs in. Wrong passwords in a row beyond `freeAttempts` make the next attempt wait (1, 2,
   * 4... seconds); `lockAfter` of them lock the account for `lockMinutes`. An attempt made
   * during a wait or a lock is refused without checking the password. The user's row is locked
   * while it is judged, so attempts at once take turns and every one counts.
   */
  async login(name: string, password: string): Promise<SignedIn> {
    const now = this.clock.now();
    const at = isoUtc(now);
    const outcome = await this.store.withTransaction(async (tx) => {
      const user = await tx.team.userLogin(name);
      if (!user) {
        // As long as a wrong password, so timing does not tell which names exist.
        await verifyPassword(password, UNKNOWN_USER_HASH);
        return { refused: wrongPassword() };
      }
      if (user.lockedUntil && user.lockedUntil > at) {
        return { refused: new GoldenHourError('rate-limited', `The account ${name} is locked after ${user.failedLogins} wrong passwords until ${user.lockedUntil} (UTC); an administrator can unlock it sooner`, { retryAfter: user.lockedUntil }) };
      }
      if (user.retryAfter && user.retryAfter > at) {
        return { refused: new GoldenHourError('rate-limited', `Too many wrong passwords for ${name}: wait ${secondsUntil(now, user.retryAfter)} s before trying again`, { retryAfter: user.retryAfter }) };
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const failed = user.failedLogins + 1;
        if (failed >= this.policy.lockAfter) {
          const until = later(now, this.policy.lockMinutes * 60_000);
          await tx.team.recordLoginFailure(user.id, failed, null, until);
          return { refused: new GoldenHourError('rate-limited', `Wrong password; the account ${name} is now locked after ${failed} wrong passwords until ${until} (UTC)`, { retryAfter: until }) };
        }
        const waitMs = failed >= this.policy.freeAttempts ? 1000 * 2 ** (failed - this.policy.freeAttempts) : 0;
        await tx.team.recordLoginFailure(user.id, failed, waitMs > 0 ? later(now, waitMs) : null, null);
        return { refused: wrongPassword(waitMs > 0 ? ` (wait ${waitMs / 1000} s before the next attempt)` : '') };
      }
      await tx.team.clearLoginFailures(user.id);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = later(now, this.policy.sessionHours * 3_600_000);
      await tx.team.createSession(tokenHash(token), user.id, at, expiresAt);
      await tx.team.deleteExpiredSessions(at);
      return { signedIn: { token, expiresAt, account: { id: user.id, name: user.name, admin: user.admin, createdAt: user.createdAt } } };
    });
    // Thrown after the unit of work commits, so the failure it counted stays counted.
    if ('refused' in outcome) throw outcome.refused;
    return outcome.signedIn;
  }

  /** The account a session token belongs to, or null when it is unknown or has expired. */
  authenticate(token: string): Promise<Account | null> {
    return this.store.read((tx) => tx.team.sessionAccount(tokenHash(token), isoUtc(this.clock.now())));
  }

  /** Ends a session. */
  async logout(token: string): Promise<void> {
    await this.store.withTransaction((tx) => tx.team.deleteSession(tokenHash(token)));
  }

  /**
   * Gives `userName` a role on a case, recorded in the case's custody ledger (`case shared`, by
   * `by`) in the same unit of work.
   */
  share(caseId: number, userName: string, role: CaseRole, by: string): Promise<CaseMember[]> {
    return this.store.withTransaction(async (tx) => {
      const user = await this.known(tx.team.user(userName), userName);
      await tx.cases.get(caseId);
      const previous = await tx.team.role(caseId, user.id);
      await tx.team.setMember(caseId, user.id, role, by, isoUtc(this.clock.now()));
      await tx.ledger.append({ caseId, operator: by, action: 'case shared', details: { user: user.name, role, previousRole: previous } });
      return tx.team.members(caseId);
    });
  }

  role(caseId: number, userId: number): Promise<CaseRole | null> {
    return this.store.read((tx) => tx.team.role(caseId, userId));
  }

  memberCaseIds(userId: number): Promise<number[]> {
    return this.store.read((tx) => tx.team.memberCaseIds(userId));
  }

  members(caseId: number): Promise<CaseMember[]> {
    return this.store.read((tx) => tx.team.members(caseId));
  }

  casesHoldingBlob(sha256: string): Promise<number[]> {
    return this.store.read((tx) => tx.team.casesHoldingBlob(sha256));
  }

  caseOfItem(itemId: number): Promise<number | null> {
    return this.store.read((tx) => tx.team.caseOfItem(itemId));
  }

  private async known(found: Promise<Account | null>, name: string): Promise<Account> {
    const user = await found;
    if (!user) throw new GoldenHourError('not-found', `No user named ${JSON.stringify(name.slice(0, 80))} on this server`);
    return user;
  }
}

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw invalidInput(`Expected a password of at least ${MIN_PASSWORD_LENGTH} characters but received one of ${[...password].length}`);
  if (password.length > 1024) throw invalidInput('Expected a password of at most 1024 characters');
}

function wrongPassword(extra = ''): GoldenHourError {
  return new GoldenHourError('unauthorized', `Wrong user name or password${extra}`);
}

function secondsUntil(now: Date, iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
}
