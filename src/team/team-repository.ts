import type { TeamRepository } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { GoldenHourError } from '../util/errors.js';
import type { Account, AccountLogin, CaseMember, CaseRole } from './team-types.js';

interface UserRow {
  id: number;
  name: string;
  password_hash: string;
  admin: number;
  created_at: string;
  failed_logins: number;
  retry_after: string | null;
  locked_until: string | null;
}

const account = (row: UserRow): Account => ({ id: Number(row.id), name: row.name, admin: Number(row.admin) === 1, createdAt: row.created_at });
const login = (row: UserRow): AccountLogin => ({
  ...account(row), passwordHash: row.password_hash, failedLogins: Number(row.failed_logins), retryAfter: row.retry_after, lockedUntil: row.locked_until,
});

/** Accounts, sessions and case membership in SQL (both backends). */
export class SqlTeamRepository implements TeamRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async addUser(name: string, passwordHash: string, admin: boolean, at: string): Promise<Account> {
    const taken = await this.sql.get<{ id: number }>('SELECT id FROM users WHERE name = ?', [name]);
    if (taken) throw new GoldenHourError('conflict', `There is already a user named ${JSON.stringify(name)}`);
    const row = await this.sql.get<UserRow>(
      'INSERT INTO users (name, password_hash, admin, created_at) VALUES (?, ?, ?, ?) RETURNING *', [name, passwordHash, admin ? 1 : 0, at]);
    return account(row!);
  }

  async setPassword(userId: number, passwordHash: string): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ?, failed_logins = 0, retry_after = NULL, locked_until = NULL WHERE id = ?', [passwordHash, userId]);
    await this.sql.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
  }

  async userLogin(name: string): Promise<AccountLogin | null> {
    const row = await this.sql.get<UserRow>(`SELECT * FROM users WHERE name = ?${this.sql.dialect.lockRow}`, [name]);
    return row ? login(row) : null;
  }

  async user(name: string): Promise<Account | null> {
    const row = await this.sql.get<UserRow>('SELECT * FROM users WHERE name = ?', [name]);
    return row ? account(row) : null;
  }

  async users(): Promise<Account[]> {
    return (await this.sql.all<UserRow>('SELECT * FROM users ORDER BY name')).map(account);
  }

  async recordLoginFailure(userId: number, failedLogins: number, retryAfter: string | null, lockedUntil: string | null): Promise<void> {
    await this.sql.run('UPDATE users SET failed_logins = ?, retry_after = ?, locked_until = ? WHERE id = ?', [failedLogins, retryAfter, lockedUntil, userId]);
  }

  async clearLoginFailures(userId: number): Promise<void> {
    await this.sql.run('UPDATE users SET failed_logins = 0, retry_after = NULL, locked_until = NULL WHERE id = ?', [userId]);
  }

  async createSession(tokenSha256: string, userId: number, createdAt: string, expiresAt: string): Promise<void> {
    await this.sql.run('INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenSha256, userId, createdAt, expiresAt]);
  }

  async sessionAccount(tokenSha256: string, now: string): Promise<Account | null> {
    // ISO UTC strings of one fixed form compare in time order as text, on both backends.
    const row = await this.sql.get<UserRow>(
      'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_sha256 = ? AND sessions.expires_at > ?', [tokenSha256, now]);
    return row ? account(row) : null;
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE token_sha256 = ?', [tokenSha256]);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.sql.run('DELETE FROM sessions WHERE expires_at <= ?', [now])).changes;
  }

  async setMember(caseId: number, userId: number, role: CaseRole, grantedBy: string, at: string): Promise<void> {
    const updated = await this.sql.run('UPDATE case_members SET role = ?, granted_by = ?, granted_at = ? WHERE case_id = ? AND user_id = ?', [role, grantedBy, at, caseId, userId]);
    if (updated.changes === 0) {
      await this.sql.run('INSERT INTO case_members (case_id, user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)', [caseId, userId, role, grantedBy, at]);
    }
  }

  async role(caseId: number, userId: number): Promise<CaseRole | null> {
    const row = await this.sql.get<{ role: CaseRole }>('SELECT role FROM case_members WHERE case_id = ? AND user_id = ?', [caseId, userId]);
    return row?.role ?? null;
  }

  async memberCaseIds(userId: number): Promise<number[]> {
    return (await this.sql.all<{ case_id: number }>('SELECT case_id FROM case_members WHERE user_id = ? ORDER BY case_id', [userId])).map((row) => Number(row.case_id));
  }

  async members(caseId: number): Promise<CaseMember[]> {
    const rows = await this.sql.all<{ case_id: number; user_id: number; name: string; role: CaseRole; granted_by: string; granted_at: string }>(
      `SELECT m.case_id, m.user_id, u.name, m.role, m.granted_by, m.granted_at
         FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = ? ORDER BY u.name`, [caseId]);
    return rows.map((row) => ({ caseId: Number(row.case_id), userId: Number(row.user_id), userName: row.name, role: row.role, grantedBy: row.granted_by, grantedAt: row.granted_at }));
  }

  async casesHoldingBlob(sha256: string): Promise<number[]> {
    const rows = await this.sql.all<{ case_id: number }>(
      `SELECT case_id FROM items WHERE sha256 = ?
       UNION SELECT items.case_id FROM artifacts JOIN items ON items.id = artifacts.item_id WHERE artifacts.sha256 = ?`, [sha256, sha256]);
    return rows.map((row) => Number(row.case_id)).sort((a, b) => a - b);
  }

  async caseOfItem(itemId: number): Promise<number | null> {
    const row = await this.sql.get<{ case_id: number }>('SELECT case_id FROM items WHERE id = ?', [itemId]);
    return row ? Number(row.case_id) : null;
  }
}
