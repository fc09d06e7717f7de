import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/custody/chain.js';
import { describeOnEachBackend } from '../../support/store-backends.js';

/**
 * The repository contract: what every backend (SQLite, PostgreSQL) must do, run against each on
 * a real database. The callers rely on these and nothing else.
 */
const hex = (c: string) => c.repeat(64);
const photo = (caseId: number, sha: string, extra: Record<string, unknown> = {}) =>
  ({ caseId, kind: 'photo' as const, sha256: hex(sha), size: 3, mediaType: 'image/jpeg', ...extra });

describeOnEachBackend('repositories on %s', (db) => {

  describe('cases', () => {
    it('creates a case with defaults, opens its ledger, and reads it back by id and in the list (newest first)', async () => {
      const first = await db.store.withTransaction((tx) => tx.cases.create({ title: '  Bridge fire ', scene: { lat: 50.2996, lon: 14.8203 } }, 'alice'));
      const second = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Second', reference: ' CR/1 ', window: { beforeMin: 5, afterMin: 10 } }, 'bob'));
      expect(first).toMatchObject({ title: 'Bridge fire', scene: { lat: 50.2996, lon: 14.8203, radiusM: 500 }, window: { beforeMin: 60, afterMin: 60 }, createdBy: 'alice', reference: null });
      expect(second).toMatchObject({ reference: 'CR/1', window: { beforeMin: 5, afterMin: 10 }, scene: null });
      await db.store.read(async (tx) => {
        expect(await tx.cases.get(first.id)).toEqual(first);
        expect((await tx.cases.list()).map((c) => c.id)).toEqual([second.id, first.id]);
        const ledger = await tx.ledger.list(first.id);
        expect(ledger).toMatchObject([{ seq: 1, action: 'case created', operator: 'alice', itemId: null, details: { state: { title: 'Bridge fire' } } }]);
        expect(await tx.ledger.head(first.id)).toEqual({ seq: 1, hash: ledger[0]!.hash });
      });
    });

    it('refuses an empty title, and names an unknown case', async () => {
      await expect(db.store.withTransaction((tx) => tx.cases.create({ title: '  ' }, 'alice'))).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(db.store.read((tx) => tx.cases.get(404))).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('404') });
      expect(await db.store.read((tx) => tx.cases.list())).toEqual([]);
    });

    it('updates a case field by field, one ledger entry per change with old and new values, and a verifiable chain', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Before', scene: { lat: 50, lon: 14 }, timezone: 'Europe/Prague' }, 'alice'));
      const result = await db.store.withTransaction((tx) => tx.cases.update(c.id, {
        title: ' After ', reference: 'CR/9', scene: { lat: 50.1, lon: 14.2, radiusM: 250 }, timezone: 'Europe/Prague', window: { beforeMin: 60, afterMin: 60 },
      }, 'bob'));
      expect(result.changes.map((change) => change.field)).toEqual(['title', 'reference', 'scene']);
      expect(result.case).toMatchObject({ title: 'After', reference: 'CR/9', scene: { lat: 50.1, lon: 14.2, radiusM: 250 }, timezone: 'Europe/Prague', closed: null });
      await db.store.read(async (tx) => {
        expect(await tx.cases.get(c.id)).toEqual(result.case);
        const entries = await tx.ledger.list(c.id);
        expect(entries.map((e) => [e.action, e.operator, e.details.field])).toEqual([
          ['case created', 'alice', undefined], ['case updated', 'bob', 'title'], ['case updated', 'bob', 'reference'], ['case updated', 'bob', 'scene'],
        ]);
        expect(entries[1]!.details).toMatchObject({ from: 'Before', to: 'After', state: { title: 'After', reference: null } });
        expect(entries[3]!.details).toMatchObject({ from: { lat: 50, lon: 14, radiusM: 500 }, to: { lat: 50.1, lon: 14.2, radiusM: 250 }, state: { title: 'After', reference: 'CR/9', scene: { radiusM: 250 } } });
        expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
      });
      // The same values again change nothing and write nothing.
      const again = await db.store.withTransaction((tx) => tx.cases.update(c.id, { title: 'After', scene: { lat: 50.1, lon: 14.2, radiusM: 250 } }, 'bob'));
      expect(again.changes).toEqual([]);
      expect(await db.store.read((tx) => tx.ledger.head(c.id))).toMatchObject({ seq: 4 });
      await expect(db.store.withTransaction((tx) => tx.cases.update(c.id, { title: ' ' }, 'bob'))).rejects.toMatchObject({ code: 'invalid-input' });
    });

    it("names the ledgers pushes kept, from every case's 'push received' entries", async () => {
      const [a, b] = await db.store.withTransaction(async (tx) => [await tx.cases.create({ title: 'A' }, 'alice'), await tx.cases.create({ title: 'B' }, 'alice')]);
      await db.store.withTransaction(async (tx) => {
        await tx.ledger.append({ caseId: a!.id, operator: 'ivan', action: 'push received', details: { ledgerSha256: hex('1') } });
        await tx.ledger.append({ caseId: b!.id, operator: 'ivan', action: 'push received', details: { ledgerSha256: hex('2') } });
        await tx.ledger.append({ caseId: b!.id, operator: 'ivan', action: 'export', details: { ledgerSha256: hex('3') } });
      });
      expect((await db.store.read((tx) => tx.ledger.pushedLedgers())).sort()).toEqual([hex('1'), hex('2')]);
    });

    it('closes a case read-only (changes refused, export and reopening recorded) and reopens it', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Closing' }, 'alice'));
      const closed = await db.store.withTransaction((tx) => tx.cases.close(c.id, 'charged', 'alice'));
      expect(closed.closed).toMatchObject({ by: 'alice', reason: 'charged' });
      const refusal = { code: 'conflict', message: expect.stringContaining(`Case ${c.id} ("Closing") is closed`) };
      await expect(db.store.withTransaction((tx) => tx.items.insert(photo(c.id, 'a'), 'bob'))).rejects.toMatchObject(refusal);
      await expect(db.store.withTransaction((tx) => tx.cases.update(c.id, { title: 'Renamed' }, 'bob'))).rejects.toMatchObject(refusal);
      await expect(db.store.withTransaction((tx) => tx.captureQueue.enqueue(c.id, ['https://example.org/'], 'bob'))).rejects.toMatchObject(refusal);
      await expect(db.store.withTransaction((tx) => tx.cases.close(c.id, 'again', 'bob'))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already closed') });
      await db.store.withTransaction((tx) => tx.ledger.append({ caseId: c.id, operator: 'bob', action: 'export', details: {} }));
      expect(await db.store.read((tx) => tx.items.list(c.id))).toEqual([]);
      expect(await db.store.read((tx) => tx.captureQueue.list(c.id))).toEqual([]);

      const reopened = await db.store.withTransaction((tx) => tx.cases.reopen(c.id, 'new witness', 'carol'));
      expect(reopened.closed).toBeNull();
      await expect(db.store.withTransaction((tx) => tx.cases.reopen(c.id, 'twice', 'carol'))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not closed') });
      await db.store.withTransaction((tx) => tx.items.insert(photo(c.id, 'a'), 'bob'));
      const entries = await db.store.read((tx) => tx.ledger.list(c.id));
      expect(entries.map((e) => [e.action, e.operator])).toEqual([['case created', 'alice'], ['case closed', 'alice'], ['export', 'bob'], ['case reopened', 'carol'], ['item acquired', 'bob']]);
      expect(entries[1]!.details).toMatchObject({ reason: 'charged', state: { closed: { by: 'alice', reason: 'charged' } } });
      expect(entries[3]!.details).toMatchObject({ reason: 'new witness', wasClosed: { by: 'alice', reason: 'charged' }, state: { closed: null } });
      expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
    });
  });

  describe('items', () => {
    it('records an item with its artifacts and custody entry, shares a blob between items, and reads them back', async () => {
      const { c, first, second } = await db.store.withTransaction(async (tx) => {
        const c = await tx.cases.create({ title: 'Items' }, 'alice');
        const first = await tx.items.insert(photo(c.id, 'a', {
          originalName: 'IMG_1.jpg', sourcePath: '/card/IMG_1.jpg', eventTime: { utc: '2026-07-01T20:00:00.000Z', source: 'gps', confidence: 'high', raw: { x: 1 } },
          location: { lat: 51.5, lon: -0.12, altitudeM: null, accuracyM: 5, source: 'exif-gps' }, flags: ['clock-mismatch'],
          artifacts: [
            { role: 'thumbnail', sha256: hex('c'), size: 1, mediaType: 'image/jpeg', derived: true },
            { role: 'preview', sha256: hex('b'), size: 2, mediaType: 'image/jpeg', derived: true },
          ],
        }), 'alice', { method: 'file import' });
        const second = await tx.items.insert(photo(c.id, 'a', { parentId: first.id }), 'bob');
        return { c, first, second };
      });
      expect(first).toMatchObject({ caseId: c.id, kind: 'photo', sha256: hex('a'), acquiredBy: 'alice', flags: ['clock-mismatch'], notes: '', tags: [], grading: null, withdrawn: null });
      expect(first.eventTime).toEqual({ utc: '2026-07-01T20:00:00.000Z', source: 'gps', confidence: 'high', raw: { x: 1 } });
      expect(first.artifacts.map((a) => a.role)).toEqual(['preview', 'thumbnail']);
      await db.store.read(async (tx) => {
        expect(await tx.items.get(first.id)).toEqual(first);
        expect(await tx.items.list(c.id)).toEqual([first, second]);
        expect(await tx.items.list(c.id, { parentId: first.id })).toEqual([second]);
        expect(await tx.items.list(c.id, { ids: [second.id] })).toEqual([second]);
        expect(await tx.items.ids(c.id)).toEqual([first.id, second.id]);
        expect(await tx.items.findBySource(c.id, '/card/IMG_1.jpg', hex('a'))).toEqual(first);
        expect(await tx.items.findBySource(c.id, '/card/IMG_1.jpg', hex('f'))).toBeNull();
        const entries = await tx.ledger.list(c.id);
        expect(entries.map((e) => [e.seq, e.action, e.itemId])).toEqual([[1, 'case created', null], [2, 'item acquired', first.id], [3, 'item acquired', second.id]]);
        expect(entries[1]!.details).toMatchObject({ method: 'file import', state: { sha256: hex('a') } });
        expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
        expect(await tx.review.blob(hex('b'))).toEqual({ sha256: hex('b'), size: 2, mediaType: 'image/jpeg' });
        expect(await tx.review.blob(hex('e'))).toBeNull();
      });
      await expect(db.store.read((tx) => tx.items.get(9999))).rejects.toMatchObject({ code: 'not-found' });
    });

    it('records each change and withdrawal with the new state; a withdrawn item stays, and is withdrawn once', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Changes' }, 'alice'));
      const item = await db.store.withTransaction((tx) => tx.items.insert(photo(c.id, 'a'), 'alice'));
      const changed = await db.store.withTransaction((tx) => tx.items.update(item.id, {
        notes: 'seen at 20:01', tags: ['fire', 'fire', 'bridge'], grading: { source: '1', intelligence: 'A', handling: 'P', conditions: null },
        location: null, addArtifacts: [{ role: 'thumbnail', sha256: hex('d'), size: 1, mediaType: 'image/jpeg', derived: true }],
      }, 'bob', 'tags changed', { added: ['fire'] }));
      expect(changed).toMatchObject({ notes: 'seen at 20:01', tags: ['fire', 'bridge'], grading: { source: '1' }, artifacts: [{ role: 'thumbnail' }] });
      const withdrawn = await db.store.withTransaction((tx) => tx.items.withdraw(item.id, ' stock photo ', 'carol'));
      expect(withdrawn.withdrawn).toMatchObject({ by: 'carol', reason: 'stock photo' });
      await expect(db.store.withTransaction((tx) => tx.items.withdraw(item.id, 'again', 'carol'))).rejects.toMatchObject({ code: 'conflict' });
      await expect(db.store.withTransaction((tx) => tx.items.withdraw(item.id, ' ', 'carol'))).rejects.toMatchObject({ code: 'invalid-input' });
      await db.store.read(async (tx) => {
        expect(await tx.items.list(c.id)).toEqual([]);
        expect(await tx.items.list(c.id, { includeWithdrawn: true })).toEqual([withdrawn]);
        const entries = await tx.ledger.list(c.id, item.id);
        expect(entries.map((e) => [e.action, e.operator])).toEqual([['item acquired', 'alice'], ['tags changed', 'bob'], ['item withdrawn', 'carol']]);
        expect(entries[1]!.details).toMatchObject({ added: ['fire'], state: { tags: ['fire', 'bridge'] } });
        expect(await tx.ledger.itemsChangedSince(c.id, 1)).toEqual([item.id]);
        expect(await tx.ledger.itemsChangedSince(c.id, 4)).toEqual([]);
      });
    });
  });

  describe('bulk inserts', () => {
    it('records many items as one-by-one inserts would: the same rows, one entry each in order with its state, the head moved once', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Bulk' }, 'alice'));
      const other = await db.store.withTransaction((tx) => tx.cases.create({ title: 'One by one' }, 'alice'));
      // More than one statement's worth (500 rows), with shared blobs, artifacts and a parent.
      const inputs = (caseId: number) => Array.from({ length: 1203 }, (_, i) => photo(caseId, String(i % 7), {
        originalName: `IMG_${i}.jpg`, acquiredAt: '2026-05-01T12:00:00.000Z', eventTime: { utc: `2026-05-01T12:${String(i % 60).padStart(2, '0')}:00.000Z`, source: 'gps', confidence: 'high', raw: null },
        location: i % 3 === 0 ? { lat: 50 + i / 1e4, lon: 14, altitudeM: null, accuracyM: null, source: 'exif-gps' } : null, flags: i % 5 === 0 ? ['duplicate'] : [],
        artifacts: i % 4 === 0 ? [{ role: 'thumbnail', sha256: hex('f'), size: 9, mediaType: 'image/jpeg', derived: true }] : [],
      }));
      const many = await db.store.withTransaction((tx) => tx.items.insertMany(inputs(c.id), 'bob', { method: 'bulk' }));
      const single = await db.store.withTransaction(async (tx) => {
        const items = [];
        for (const input of inputs(other.id)) items.push(await tx.items.insert(input, 'bob', { method: 'bulk' }));
        return items;
      });
      const apart = ({ id: _id, uuid: _uuid, caseId: _caseId, ...rest }: (typeof many)[number]) => rest;
      expect(many.map(apart)).toEqual(single.map(apart));
      await db.store.read(async (tx) => {
        expect(await tx.items.list(c.id)).toEqual(many);
        const entries = await tx.ledger.list(c.id);
        expect(entries).toHaveLength(1 + many.length);
        expect(entries.slice(1).map((e) => [e.action, e.operator, e.itemId, e.details.method])).toEqual(many.map((item) => ['item acquired', 'bob', item.id, 'bulk']));
        const state = ({ uuid: _uuid, caseId: _caseId, ...rest }: Record<string, unknown>) => rest;
        const singleEntries = (await tx.ledger.list(other.id)).slice(1);
        expect(entries.slice(1).map((e) => state(e.details.state as Record<string, unknown>))).toEqual(singleEntries.map((e) => state(e.details.state as Record<string, unknown>)));
        expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
        expect(await tx.ledger.head(c.id)).toEqual({ seq: entries.length, hash: entries.at(-1)!.hash });
        expect(await tx.review.blob(hex('f'))).toMatchObject({ size: 9 });
      });
      // One more after it chains on, and a closed case takes none of them.
      const next = await db.store.withTransaction((tx) => tx.items.insert(photo(c.id, '9'), 'bob'));
      expect(verifyChain(await db.store.read((tx) => tx.ledger.list(c.id)), { caseUuid: c.uuid })).toEqual([]);
      expect(next.id).toBeGreaterThan(many.at(-1)!.id);
      await db.store.withTransaction((tx) => tx.cases.close(other.id, 'done', 'alice'));
      await expect(db.store.withTransaction((tx) => tx.items.insertMany(inputs(other.id).slice(0, 3), 'bob'))).rejects.toMatchObject({ code: 'conflict' });
      expect(await db.store.read((tx) => tx.items.list(other.id))).toHaveLength(single.length);
      expect(await db.store.withTransaction((tx) => tx.items.insertMany([], 'bob'))).toEqual([]);
    });
  });

  describe('triage and comments', () => {
    it('changes status and assignee with one entry naming what they were and became; the same values again write nothing', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Triage' }, 'alice'));
      const item = await db.store.withTransaction((tx) => tx.items.insert(photo(c.id, 'a'), 'alice'));
      expect(item.triage).toEqual({ status: 'new', assignee: null });
      // An untriaged item's covered state names no triage (what entries written before triage existed hold).
      expect((await db.store.read((tx) => tx.ledger.list(c.id, item.id)))[0]!.details.state).not.toHaveProperty('triage');

      const reviewing = await db.store.withTransaction((tx) => tx.items.setTriage(item.id, { status: 'in-review', assignee: '  dana ' }, 'bob'));
      expect(reviewing).toMatchObject({ changed: true, item: { triage: { status: 'in-review', assignee: 'dana' } } });
      const verified = await db.store.withTransaction((tx) => tx.items.setTriage(item.id, { status: 'verified' }, 'dana'));
      expect(verified.item.triage).toEqual({ status: 'verified', assignee: 'dana' });
      expect(await db.store.withTransaction((tx) => tx.items.setTriage(item.id, { status: 'verified', assignee: 'dana' }, 'dana'))).toMatchObject({ changed: false });
      const unassigned = await db.store.withTransaction((tx) => tx.items.setTriage(item.id, { assignee: null }, 'bob'));
      expect(unassigned.item.triage).toEqual({ status: 'verified', assignee: null });
      await db.store.read(async (tx) => {
        expect(await tx.items.get(item.id)).toEqual(unassigned.item);
        const entries = await tx.ledger.list(c.id, item.id);
        expect(entries.map((e) => [e.action, e.operator, e.details.from, e.details.to])).toEqual([
          ['item acquired', 'alice', undefined, undefined],
          ['item triaged', 'bob', { status: 'new', assignee: null }, { status: 'in-review', assignee: 'dana' }],
          ['item triaged', 'dana', { status: 'in-review', assignee: 'dana' }, { status: 'verified', assignee: 'dana' }],
          ['item triaged', 'bob', { status: 'verified', assignee: 'dana' }, { status: 'verified', assignee: null }],
        ]);
        expect(entries[3]!.details.state).toMatchObject({ triage: { status: 'verified', assignee: null } });
        expect(verifyChain(await tx.ledger.list(c.id), { caseUuid: c.uuid })).toEqual([]);
        // The grid reads them too.
        expect((await tx.review.summaryRows(c.id)).map((row) => [row.id, row.triage_status, row.assignee])).toEqual([[item.id, 'verified', null]]);
      });
      await expect(db.store.withTransaction((tx) => tx.items.setTriage(9999, { status: 'verified' }, 'bob'))).rejects.toMatchObject({ code: 'not-found' });
      await expect(db.store.withTransaction((tx) => tx.items.setTriage(item.id, { status: 'done' as never }, 'bob'))).rejects.toThrow();
      await expect(db.store.withTransaction((tx) => tx.items.setTriage(item.id, { assignee: 'x'.repeat(201) }, 'bob'))).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await db.store.read((tx) => tx.items.get(item.id))).toEqual(unassigned.item);
    });

    it('keeps comments as written, each with its entry (text by SHA-256), oldest first; refuses empty ones and closed cases', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Comments' }, 'alice'));
      const [a, b] = await db.store.withTransaction(async (tx) => [await tx.items.insert(photo(c.id, 'a'), 'alice'), await tx.items.insert(photo(c.id, 'b'), 'alice')]);
      const first = await db.store.withTransaction((tx) => tx.comments.add(a!.id, '  Same smoke plume as item 2. ', 'bob'));
      const second = await db.store.withTransaction((tx) => tx.comments.add(b!.id, 'Source account created yesterday.', 'carol'));
      const third = await db.store.withTransaction((tx) => tx.comments.add(a!.id, 'Agreed.', 'carol'));
      expect(first).toMatchObject({ itemId: a!.id, author: 'bob', body: 'Same smoke plume as item 2.' });
      await db.store.read(async (tx) => {
        expect(await tx.comments.list(a!.id)).toEqual([first, third]);
        expect(await tx.comments.listForCase(c.id)).toEqual([first, second, third]);
        const entries = await tx.ledger.list(c.id);
        expect(entries.filter((e) => e.action === 'item commented').map((e) => [e.itemId, e.operator, e.details.comment])).toEqual([
          [a!.id, 'bob', { id: first.id, itemId: a!.id, at: first.at, author: 'bob', bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
          [b!.id, 'carol', expect.objectContaining({ id: second.id })],
          [a!.id, 'carol', expect.objectContaining({ id: third.id })],
        ]);
        expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
      });
      await expect(db.store.withTransaction((tx) => tx.comments.add(a!.id, '   ', 'bob'))).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(db.store.withTransaction((tx) => tx.comments.add(a!.id, 'x'.repeat(10_001), 'bob'))).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(db.store.withTransaction((tx) => tx.comments.add(9999, 'hello', 'bob'))).rejects.toMatchObject({ code: 'not-found' });
      await db.store.withTransaction((tx) => tx.cases.close(c.id, 'charged', 'alice'));
      await expect(db.store.withTransaction((tx) => tx.comments.add(a!.id, 'late', 'bob'))).rejects.toMatchObject({ code: 'conflict' });
      await expect(db.store.withTransaction((tx) => tx.items.setTriage(a!.id, { status: 'disputed' }, 'bob'))).rejects.toMatchObject({ code: 'conflict' });
      // Neither the refused comment nor the refused triage left anything behind.
      expect(await db.store.read((tx) => tx.comments.list(a!.id))).toEqual([first, third]);
      expect((await db.store.read((tx) => tx.items.get(a!.id))).triage.status).toBe('new');
    });

    it('keeps a comment received from elsewhere with the time and author it was written with, its entry naming who brought it', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Received comments' }, 'alice'));
      const item = await db.store.withTransaction((tx) => tx.items.insert(photo(c.id, 'a'), 'alice'));
      const comment = await db.store.withTransaction((tx) => tx.comments.add(item.id, 'Seen from the bridge.', 'ivan-laptop',
        { at: '2026-05-01T12:34:56.000Z', operator: 'ivan', details: { receivedFrom: { localCommentId: 7 } } }));
      expect(comment).toMatchObject({ itemId: item.id, at: '2026-05-01T12:34:56.000Z', author: 'ivan-laptop', body: 'Seen from the bridge.' });
      await db.store.read(async (tx) => {
        expect(await tx.comments.list(item.id)).toEqual([comment]);
        const entry = (await tx.ledger.list(c.id)).at(-1)!;
        expect(entry).toMatchObject({ action: 'item commented', operator: 'ivan', itemId: item.id, details: {
          receivedFrom: { localCommentId: 7 }, comment: { id: comment.id, at: '2026-05-01T12:34:56.000Z', author: 'ivan-laptop' },
        } });
      });
    });
  });

  describe('review reads', () => {
    it('serves light summary rows with the picture to show, and the text a search reads', async () => {
      const { c, page, plain } = await db.store.withTransaction(async (tx) => {
        const c = await tx.cases.create({ title: 'Review' }, 'alice');
        const page = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: hex('1'), size: 9, mediaType: 'application/json', title: 'A post',
          post: { platform: 'x', url: null, author: null, handle: null, publishedAt: null, text: 'Smoke over the bridge', mediaUrls: [] },
          eventTime: { utc: '2026-07-01T20:00:00.000Z', source: 'post', confidence: 'medium', raw: null },
          artifacts: [
            { role: 'screenshot-full', sha256: hex('2'), size: 5, mediaType: 'image/png', derived: false },
            { role: 'thumbnail', sha256: hex('3'), size: 1, mediaType: 'image/jpeg', derived: true },
            { role: 'dom', sha256: hex('4'), size: 1, mediaType: 'text/html', derived: false },
          ] }, 'alice');
        const plain = await tx.items.insert(photo(c.id, '5'), 'alice');
        await tx.items.update(plain.id, { notes: 'Blue car' }, 'alice', 'note changed');
        return { c, page, plain };
      });
      await db.store.read(async (tx) => {
        const rows = await tx.review.summaryRows(c.id);
        expect(rows).toEqual([
          expect.objectContaining({ id: page.id, kind: 'page', title: 'A post', event_utc: '2026-07-01T20:00:00.000Z', event_source: 'post', platform: 'x', thumb: hex('3'), withdrawn_at: null }),
          expect.objectContaining({ id: plain.id, kind: 'photo', event_source: null, platform: null, thumb: null, flags: '[]', tags: '[]' }),
        ]);
        expect(await tx.review.summaryRows(c.id, [plain.id])).toEqual([rows[1]]);
        expect(await tx.review.searchTexts(c.id, [page.id, plain.id])).toEqual(expect.arrayContaining([
          { id: page.id, notes: '', postText: 'Smoke over the bridge' }, { id: plain.id, notes: 'Blue car', postText: null },
        ]));
      });
    });
  });

  describe('watches', () => {
    const newWatch = (caseId: number, itemId: number | null) => ({
      caseId, url: 'https://x.com/a/status/1', itemId, everySeconds: 300, untilAt: null, settings: {}, nextRunAt: '2026-07-01T20:00:00.000Z',
      createdAt: '2026-07-01T19:55:00.000Z', createdBy: 'alice',
    });
    const run = (watchId: number, itemId: number | null, version: number | null) => ({
      watchId, dueAt: '2026-07-01T20:00:00.000Z', startedAt: '2026-07-01T20:00:01.000Z', finishedAt: '2026-07-01T20:00:09.000Z', itemId, version,
      outcome: version === 1 ? 'first' as const : 'edited' as const, missed: 0, verdict: { evidence: ['post text changed'] }, error: null,
    });
    const started = (watch: { id: number; caseId: number }) => ({ caseId: watch.caseId, operator: 'alice', action: 'watch started', itemId: null, details: { watchId: watch.id } });

    it('writes a version, its run and their custody entries in one unit of work: a unit that fails after them leaves none of them', async () => {
      const { c, watch, first } = await db.store.withTransaction(async (tx) => {
        const c = await tx.cases.create({ title: 'Watch' }, 'alice');
        const first = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: hex('1'), size: 1, mediaType: 'application/json' }, 'alice');
        const watch = await tx.watches.create(newWatch(c.id, null), started);
        return { c, watch, first };
      });
      const recorded = await db.store.withTransaction(async (tx) => {
        await tx.watches.setFirstItem(watch.id, first.id);
        return tx.watches.recordRun(run(watch.id, first.id, 1), '2026-07-01T20:05:00.000Z', 'alice', []);
      });
      expect(recorded).toMatchObject({ watchId: watch.id, itemId: first.id, version: 1, outcome: 'first', verdict: { evidence: ['post text changed'] } });
      const before = await db.store.read(async (tx) => ({ ids: await tx.items.ids(c.id), entries: (await tx.ledger.list(c.id)).length }));
      await expect(db.store.withTransaction(async (tx) => {
        const version = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: hex('2'), size: 1, mediaType: 'application/json', flags: ['watch-version'] }, 'alice');
        await tx.watches.recordRun(run(watch.id, version.id, 2), '2026-07-01T20:10:00.000Z', 'alice',
          [{ caseId: c.id, operator: 'alice', action: 'watch change', itemId: first.id, details: { watchId: watch.id, outcome: 'edited' } }]);
        throw new Error('killed before the unit ended');
      })).rejects.toThrow('killed before the unit ended');
      await db.store.read(async (tx) => {
        expect(await tx.items.ids(c.id)).toEqual(before.ids);
        expect((await tx.watches.runs(watch.id)).map((r) => r.version)).toEqual([1]);
        expect(await tx.ledger.list(c.id)).toHaveLength(before.entries);
        expect(await tx.watches.get(watch.id)).toMatchObject({ itemId: first.id, nextRunAt: '2026-07-01T20:05:00.000Z' });
        expect(verifyChain(await tx.ledger.list(c.id), { caseUuid: c.uuid })).toEqual([]);
      });
    });

    it('refuses a run that names as its version an item not stored, of another case, or named by another run, and writes nothing of it', async () => {
      const { watch, first, elsewhere } = await db.store.withTransaction(async (tx) => {
        const c = await tx.cases.create({ title: 'Watch' }, 'alice');
        const other = await tx.cases.create({ title: 'Other' }, 'alice');
        const first = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: hex('1'), size: 1, mediaType: 'application/json' }, 'alice');
        const elsewhere = await tx.items.insert({ caseId: other.id, kind: 'page', sha256: hex('2'), size: 1, mediaType: 'application/json' }, 'alice');
        const watch = await tx.watches.create(newWatch(c.id, first.id), started);
        await tx.watches.recordRun(run(watch.id, first.id, 1), '2026-07-01T20:05:00.000Z', 'alice', []);
        return { watch, first, elsewhere };
      });
      const attempt = (itemId: number) => db.store.withTransaction((tx) => tx.watches.recordRun(run(watch.id, itemId, 2), '2026-07-01T20:10:00.000Z', 'alice', []));
      await expect(attempt(9999)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('no such item is stored') });
      await expect(attempt(elsewhere.id)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining(`the item is in case ${elsewhere.caseId}`) });
      await expect(attempt(first.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already does') });
      expect((await db.store.read((tx) => tx.watches.runs(watch.id))).map((r) => r.itemId)).toEqual([first.id]);
    });

    it('hands a due run to one claimant only, and keeps one active watch per address', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Watch' }, 'alice'));
      const watch = await db.store.withTransaction((tx) => tx.watches.create(newWatch(c.id, null), started));
      const claims = await Promise.all([1, 2].map(() => db.store.withTransaction((tx) => tx.watches.claimDue(watch.id, watch.nextRunAt, '2026-07-01T20:05:00.000Z'))));
      expect(claims.sort()).toEqual([false, true]);
      await expect(db.store.withTransaction((tx) => tx.watches.create(newWatch(c.id, null), started))).rejects.toThrow();
      expect(await db.store.read((tx) => tx.watches.findActive(c.id, watch.url))).toMatchObject({ id: watch.id });
    });
  });

  describe('capture queue', () => {
    it('queues each URL once, hands them out oldest first, reports captured ones and requeues failed ones', async () => {
      const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Queue' }, 'alice'));
      const queued = await db.store.withTransaction((tx) => tx.captureQueue.enqueue(c.id, ['https://a.example/', 'https://b.example/'], 'alice'));
      expect(queued.queued.map((e) => [e.url, e.state, e.operator])).toEqual([['https://a.example/', 'queued', 'alice'], ['https://b.example/', 'queued', 'alice']]);
      expect((await db.store.withTransaction((tx) => tx.captureQueue.enqueue(c.id, ['https://a.example/'], 'bob'))).queued.map((e) => e.id)).toEqual([queued.queued[0]!.id]);
      const a = (await db.store.withTransaction((tx) => tx.captureQueue.claimNext(c.id)))!;
      expect(a).toMatchObject({ url: 'https://a.example/', state: 'running', attempts: 1 });
      await db.store.withTransaction(async (tx) => {
        const item = await tx.items.insert({ caseId: c.id, kind: 'page', sha256: hex('a'), size: 1, mediaType: 'application/json' }, 'alice');
        await tx.captureQueue.markCaptured(a.id, item.id);
      });
      const b = (await db.store.withTransaction((tx) => tx.captureQueue.claim(queued.queued[1]!.id)))!;
      expect(await db.store.withTransaction((tx) => tx.captureQueue.claim(b.id))).toBeNull();
      await db.store.withTransaction((tx) => tx.captureQueue.countAttempt(b.id));
      expect(await db.store.withTransaction((tx) => tx.captureQueue.markFailed(b.id, 'redirect loop'))).toMatchObject({ state: 'failed', error: 'redirect loop', attempts: 2 });
      expect(await db.store.withTransaction((tx) => tx.captureQueue.claimNext(c.id))).toBeNull();
      const again = await db.store.withTransaction((tx) => tx.captureQueue.enqueue(c.id, ['https://a.example/', 'https://b.example/'], 'alice'));
      expect(again.alreadyCaptured).toEqual([expect.objectContaining({ url: 'https://a.example/', state: 'captured' })]);
      expect(again.queued).toEqual([expect.objectContaining({ url: 'https://b.example/', state: 'queued', error: null })]);
      await db.store.withTransaction((tx) => tx.captureQueue.claimNext(c.id));
      expect(await db.store.withTransaction((tx) => tx.captureQueue.recoverInterrupted(c.id))).toBe(1);
      expect((await db.store.read((tx) => tx.captureQueue.list(c.id, 'queued'))).map((e) => e.url)).toEqual(['https://b.example/']);
      await expect(db.store.read((tx) => tx.captureQueue.get(9999))).rejects.toMatchObject({ code: 'not-found' });
    });
  });
});
