import { expect, it } from 'vitest';
import { CaseService } from '../../../src/cases/case-service.js';
import { verifyChain } from '../../../src/custody/chain.js';
import { changedFields, itemState } from '../../../src/custody/covered-state.js';
import { checkStoredColumns } from '../../../src/custody/stored-columns.js';
import { parseDateTime } from '../../../src/media/exif-datetime.js';
import { resolveEventTime, type TimeEvidence } from '../../../src/media/event-time.js';
import { systemClock } from '../../../src/util/clock.js';
import { describeOnEachBackend } from '../../support/store-backends.js';

const hex = (c: string) => c.repeat(64);
const wall = (text: string) => parseDateTime(text)!.wall;

/** An item as the media analyser would record it in a case with `zone`. */
function analysedPhoto(caseId: number, sha: string, evidence: Omit<TimeEvidence, 'raw'>, zone: string | null) {
  const resolved = resolveEventTime({ ...evidence, raw: { DateTimeOriginal: 'as found' } }, zone);
  return {
    caseId, kind: 'photo' as const, sha256: hex(sha), size: 3, mediaType: 'image/jpeg', originalName: `${sha}.jpg`,
    eventTime: resolved.eventTime, flags: resolved.flags,
    metadata: { make: 'Test', ...(resolved.notes.length > 0 ? { notes: ['unreadable lens tag', ...resolved.notes] } : {}) },
  };
}

describeOnEachBackend('a case time zone change on %s', (db) => {

  it('places camera-local times again in the same unit of work, one ledger entry per item, leaving instants alone', async () => {
    const cases = new CaseService({ store: db.store, clock: systemClock });
    const { c, unplaced, withOffset, gps, container } = await db.store.withTransaction(async (tx) => {
      const c = await tx.cases.create({ title: 'Zone' }, 'alice');
      return {
        c,
        unplaced: await tx.items.insert(analysedPhoto(c.id, 'a', { local: { wall: wall('2026:07:01 21:15:00'), tag: 'DateTimeOriginal' } }, null), 'alice'),
        withOffset: await tx.items.insert(analysedPhoto(c.id, 'b', { withOffset: { wall: wall('2026:07:01 21:15:00'), offsetMin: 60, tag: 'x' } }, null), 'alice'),
        gps: await tx.items.insert(analysedPhoto(c.id, 'c', { gpsUtc: { utc: '2026-07-01T20:00:00.000Z', tag: 'GPS' } }, null), 'alice'),
        container: await tx.items.insert(analysedPhoto(c.id, 'd', { local: { wall: wall('2026:07:01 21:20:00'), tag: 'com.apple.quicktime.creationdate' }, containerUtc: { utc: '2026-07-01T21:20:00.000Z', tag: 'creation_time' } }, null), 'alice'),
      };
    });
    expect(unplaced).toMatchObject({ eventTime: { utc: null, source: 'none' }, flags: ['no-time'] });
    await db.store.withTransaction(async (tx) => tx.items.withdraw(container.id, 'duplicate of another upload', 'alice'));
    expect((await db.store.read((tx) => tx.items.withLocalTimes(c.id))).map((i) => i.id)).toEqual([unplaced.id, container.id]);

    const first = await cases.update(c.id, { timezone: 'Europe/London', title: 'Zone set' }, 'bob');
    expect(first.changes.map((change) => change.field)).toEqual(['title', 'timezone']);
    expect(first.rePlaced).toEqual([
      { itemId: unplaced.id, localTime: '2026-07-01T21:15:00.000', fromUtc: null, toUtc: '2026-07-01T20:15:00.000Z', fromZone: null, toZone: 'Europe/London' },
      { itemId: container.id, localTime: '2026-07-01T21:20:00.000', fromUtc: '2026-07-01T21:20:00.000Z', toUtc: '2026-07-01T20:20:00.000Z', fromZone: null, toZone: 'Europe/London' },
    ]);
    const second = await cases.update(c.id, { timezone: 'Europe/Prague' }, 'bob');
    expect(second.rePlaced.map((r) => [r.itemId, r.fromUtc, r.toUtc, r.fromZone])).toEqual([
      [unplaced.id, '2026-07-01T20:15:00.000Z', '2026-07-01T19:15:00.000Z', 'Europe/London'],
      [container.id, '2026-07-01T20:20:00.000Z', '2026-07-01T19:20:00.000Z', 'Europe/London'],
    ]);
    // The same zone again changes nothing and re-places nothing.
    expect((await cases.update(c.id, { timezone: 'Europe/Prague' }, 'bob')).rePlaced).toEqual([]);

    await db.store.read(async (tx) => {
      const placed = await tx.items.get(unplaced.id);
      expect(placed).toMatchObject({ eventTime: { utc: '2026-07-01T19:15:00.000Z', source: 'exif-local', confidence: 'medium', raw: { DateTimeOriginal: 'as found', localTime: '2026-07-01T21:15:00.000', zone: 'Europe/Prague' } }, flags: [] });
      // The note that the time was not placed is gone; the analysis's other notes stay.
      expect(placed.metadata).toEqual({ make: 'Test', notes: ['unreadable lens tag'] });
      expect(await tx.items.get(withOffset.id)).toEqual(withOffset);
      expect(await tx.items.get(gps.id)).toEqual(gps);
      expect((await tx.items.get(container.id)).withdrawn).not.toBeNull();

      const entries = await tx.ledger.list(c.id);
      expect(verifyChain(entries, { caseUuid: c.uuid })).toEqual([]);
      const after = entries.slice(entries.findIndex((e) => e.action === 'item withdrawn') + 1);
      expect(after.map((e) => [e.action, e.itemId, e.details.field ?? null])).toEqual([
        ['case updated', null, 'title'], ['case updated', null, 'timezone'],
        ['item time re-placed', unplaced.id, null], ['item time re-placed', container.id, null],
        ['case updated', null, 'timezone'],
        ['item time re-placed', unplaced.id, null], ['item time re-placed', container.id, null],
      ]);
      expect(after[2]!.details).toMatchObject({
        localTime: '2026-07-01T21:15:00.000', tag: 'DateTimeOriginal', zone: { from: null, to: 'Europe/London' },
        from: { utc: null, source: 'none' }, to: { utc: '2026-07-01T20:15:00.000Z', source: 'exif-local' },
      });
      // What verification checks: each item's row is the state its last entry covers, and the
      // stored event-time column agrees with it.
      const items = await tx.items.list(c.id, { includeWithdrawn: true });
      for (const item of items) {
        const last = entries.filter((e) => e.itemId === item.id).at(-1)!;
        expect(changedFields(last.details.state as Record<string, unknown>, itemState(item))).toEqual([]);
      }
      expect(checkStoredColumns(items, await tx.items.storedColumns(c.id))).toEqual([]);
    });
  });

  it('leaves the case and every item as they were when a re-placement fails (one unit of work)', async () => {
    const c = await db.store.withTransaction((tx) => tx.cases.create({ title: 'Atomic' }, 'alice'));
    const item = await db.store.withTransaction((tx) => tx.items.insert(analysedPhoto(c.id, 'a', { local: { wall: wall('2026:07:01 21:15:00'), tag: 'DateTimeOriginal' } }, null), 'alice'));
    const headBefore = await db.store.read((tx) => tx.ledger.head(c.id));
    const failing = new CaseService({
      clock: systemClock,
      store: {
        withTransaction: (work) => db.store.withTransaction((tx) => work({
          ...tx,
          items: { ...tx.items, withLocalTimes: tx.items.withLocalTimes.bind(tx.items), update: async () => { throw new Error('disk gone'); } },
        })),
        read: (work) => db.store.read(work),
      },
    });
    await expect(failing.update(c.id, { timezone: 'Europe/Prague' }, 'bob')).rejects.toThrow('disk gone');
    await db.store.read(async (tx) => {
      expect((await tx.cases.get(c.id)).timezone).toBeNull();
      expect(await tx.items.get(item.id)).toEqual(item);
      expect(await tx.ledger.head(c.id)).toEqual(headBefore);
    });
  });
});
