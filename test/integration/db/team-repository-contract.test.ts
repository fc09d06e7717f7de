import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../support/store-backends.js';

/** The team repository's contract (accounts, sessions, case roles), on SQLite and on PostgreSQL. */
describeOnEachBackend('team repository on %s', (db) => {

  it('adds accounts once per name, keeps login failures, and reads them back without the hash', async () => {
    const lena = await db.store.withTransaction((tx) => tx.team.addUser('lena', 'scrypt$hash', true, '2026-12-02T00:00:00.000Z'));
    expect(lena).toEqual({ id: lena.id, name: 'lena', admin: true, createdAt: '2026-12-02T00:00:00.000Z' });
    await expect(db.store.withTransaction((tx) => tx.team.addUser('lena', 'h', false, 'now'))).rejects.toMatchObject({ code: 'conflict' });
    await db.store.withTransaction((tx) => tx.team.recordLoginFailure(lena.id, 4, '2026-12-02T00:00:08.000Z', null));
    expect(await db.store.withTransaction((tx) => tx.team.userLogin('lena'))).toMatchObject({ passwordHash: 'scrypt$hash', failedLogins: 4, retryAfter: '2026-12-02T00:00:08.000Z', lockedUntil: null });
    await db.store.withTransaction((tx) => tx.team.clearLoginFailures(lena.id));
    expect(await db.store.withTransaction((tx) => tx.team.userLogin('lena'))).toMatchObject({ failedLogins: 0, retryAfter: null });
    expect(await db.store.read((tx) => tx.team.users())).toEqual([lena]);
    expect(await db.store.read((tx) => tx.team.user('nobody'))).toBeNull();
  });

  it('finds a session only before it expires, and ends it', async () => {
    const user = await db.store.withTransaction((tx) => tx.team.addUser('ivan', 'h', false, 'now'));
    const token = 'a'.repeat(64);
    await db.store.withTransaction((tx) => tx.team.createSession(token, user.id, '2026-12-02T00:00:00.000Z', '2026-12-02T12:00:00.000Z'));
    expect(await db.store.read((tx) => tx.team.sessionAccount(token, '2026-12-02T11:59:59.999Z'))).toMatchObject({ name: 'ivan' });
    expect(await db.store.read((tx) => tx.team.sessionAccount(token, '2026-12-02T12:00:00.000Z'))).toBeNull();
    expect(await db.store.withTransaction((tx) => tx.team.deleteExpiredSessions('2026-12-02T12:00:00.000Z'))).toBe(1);
    await db.store.withTransaction((tx) => tx.team.createSession(token, user.id, 'a', '2026-12-03T00:00:00.000Z'));
    await db.store.withTransaction((tx) => tx.team.deleteSession(token));
    expect(await db.store.read((tx) => tx.team.sessionAccount(token, '2026-12-02T00:00:00.000Z'))).toBeNull();
  });

  it('gives, replaces and lists case roles, and finds the cases holding an item or blob', async () => {
    const { caseId, other, user, itemId } = await db.store.withTransaction(async (tx) => {
      const c = await tx.cases.create({ title: 'Team' }, 'lena');
      const other = await tx.cases.create({ title: 'Other' }, 'lena');
      const user = await tx.team.addUser('rita', 'h', false, 'now');
      const item = await tx.items.insert({ caseId: c.id, kind: 'photo', sha256: 'b'.repeat(64), size: 1, mediaType: 'image/jpeg',
        artifacts: [{ role: 'thumbnail', sha256: 'c'.repeat(64), size: 1, mediaType: 'image/jpeg', derived: true }] }, 'lena');
      return { caseId: c.id, other: other.id, user, itemId: item.id };
    });
    await db.store.withTransaction((tx) => tx.team.setMember(caseId, user.id, 'reviewer', 'lena', 't1'));
    await db.store.withTransaction((tx) => tx.team.setMember(caseId, user.id, 'investigator', 'lena', 't2'));
    await db.store.read(async (tx) => {
      expect(await tx.team.role(caseId, user.id)).toBe('investigator');
      expect(await tx.team.role(other, user.id)).toBeNull();
      expect(await tx.team.memberCaseIds(user.id)).toEqual([caseId]);
      expect(await tx.team.members(caseId)).toEqual([{ caseId, userId: user.id, userName: 'rita', role: 'investigator', grantedBy: 'lena', grantedAt: 't2' }]);
      expect(await tx.team.casesHoldingBlob('b'.repeat(64))).toEqual([caseId]);
      expect(await tx.team.casesHoldingBlob('c'.repeat(64))).toEqual([caseId]);
      expect(await tx.team.casesHoldingBlob('d'.repeat(64))).toEqual([]);
      expect(await tx.team.caseOfItem(itemId)).toBe(caseId);
      expect(await tx.team.caseOfItem(999)).toBeNull();
    });
  });
});
