import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../../support/team-server.js';

/**
 * Triage on a real team server (HTTP, PostgreSQL): leads and investigators change status and
 * assignee and comment, reviewers are refused with 403, items are assigned only to members of
 * the case, every change is one ledger entry per item under the signed-in user, and everyone on
 * the case hears of it.
 */
describe('team server triage', () => {
  let team: TeamServerFixture;
  const token: Record<string, string> = {};
  let caseId: number;
  let ids: number[];
  const as = (user: string, name: string, payload: unknown) => call(team.origin, token[user]!, name, payload);

  beforeAll(async () => {
    team = await startTeamFixture();
    for (const name of ['lena', 'ivan', 'rita', 'otto']) {
      await team.core.accounts.addUser(name, `${name} password 123`, false);
      token[name] = await signIn(team.origin, name, `${name} password 123`);
    }
    caseId = ((await as('lena', 'case.create', { title: 'Bridge fire' })).json.value as { id: number }).id;
    expect((await as('lena', 'case.share', { caseId, user: 'ivan', role: 'investigator' })).status).toBe(200);
    expect((await as('lena', 'case.share', { caseId, user: 'rita', role: 'reviewer' })).status).toBe(200);
    const paths: string[] = [];
    for (const [n, body] of ['first photo bytes', 'second photo bytes', 'third photo bytes'].entries()) {
      const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=scene-${n}.jpg`, {
        method: 'POST', headers: { Authorization: `Bearer ${token.ivan}` }, body: Buffer.from(body),
      });
      paths.push(((await upload.json()) as { value: { path: string } }).value.path);
    }
    const ingested = await as('ivan', 'items.ingest', { caseId, paths });
    ids = (ingested.json.value as { items: { id: number }[] }).items.map((item) => item.id).sort((a, b) => a - b);
    expect(ids).toHaveLength(3);
  }, 120_000);
  afterAll(async () => team?.close());

  it('refuses a reviewer every triage change and comment with 403, and lets them read the comments', async () => {
    for (const [name, payload] of [
      ['item.setTriage', { itemId: ids[0], status: 'verified' }], ['item.setTriage', { itemId: ids[0], assignee: 'rita' }],
      ['items.setTriage', { caseId, itemIds: ids, status: 'disputed' }], ['item.comment', { itemId: ids[0], text: 'looks staged' }],
    ] as const) {
      const answer = await as('rita', name, payload);
      expect([name, answer.status, answer.json.error]).toEqual([name, 403, { code: 'forbidden', message: `You are a reviewer on case ${caseId}: a reviewer may not change it (capture, import, notes, tags, grading, triage, comments)` }]);
    }
    expect((await as('rita', 'item.comments', { itemId: ids[0] })).json).toEqual({ ok: true, value: [] });
    // Someone not on the case is told there is no such item or case.
    expect((await as('otto', 'item.setTriage', { itemId: ids[0], status: 'verified' })).status).toBe(404);
    expect((await as('otto', 'items.setTriage', { caseId, itemIds: ids, status: 'verified' })).status).toBe(404);
    const summary = (await as('rita', 'items.summary', { caseId })).json.value as { rows: { status: string; assignee: string | null }[] };
    expect(summary.rows.map((row) => [row.status, row.assignee])).toEqual([['new', null], ['new', null], ['new', null]]);
  });

  it('lets an investigator triage and assign to a member of the case only, with a clear refusal otherwise', async () => {
    const set = await as('ivan', 'item.setTriage', { itemId: ids[0], status: 'in-review', assignee: 'rita' });
    expect(set.json).toMatchObject({ ok: true, value: { changed: true, item: { triage: { status: 'in-review', assignee: 'rita' } } } });
    const outsider = await as('ivan', 'item.setTriage', { itemId: ids[0], assignee: 'otto' });
    expect([outsider.status, outsider.json.error]).toEqual([400, { code: 'invalid-input', message: `"otto" is not a member of case ${caseId}, so items cannot be assigned to them; its members are ivan, lena, rita` }]);
    const unknown = await as('ivan', 'items.setTriage', { caseId, itemIds: ids, assignee: 'nobody' });
    expect(unknown.json.error?.message).toContain('"nobody" is not a member of case');
    // Naming another operator than oneself is refused: the ledger names the signed-in user.
    expect((await as('ivan', 'item.setTriage', { itemId: ids[1], status: 'verified', operator: 'lena' })).status).toBe(403);
    const comment = await as('ivan', 'item.comment', { itemId: ids[0], text: '  Plume matches the 20:05 photo.  ' });
    expect(comment.json).toMatchObject({ ok: true, value: { itemId: ids[0], author: 'ivan', body: 'Plume matches the 20:05 photo.' } });
    expect((await as('ivan', 'item.comment', { itemId: ids[0], text: '   ' })).status).toBe(400);
  });

  it('applies a lead\'s bulk change as one ledger entry per item changed, under the lead, and tells the case', async () => {
    const controller = new AbortController();
    const events = await fetch(`${team.origin}/api/events`, { headers: { Authorization: `Bearer ${token.rita}` }, signal: controller.signal });
    const reader = events.body!.getReader();
    let text = '';
    const nextEvent = async (): Promise<Record<string, unknown>> => {
      for (;;) {
        const match = /data: (.*)\n\n/.exec(text);
        if (match) {
          text = text.slice(match.index + match[0].length);
          return JSON.parse(match[1]!) as Record<string, unknown>;
        }
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
      }
    };
    try {
      await as('lena', 'item.setTriage', { itemId: ids[2], status: 'verified' });
      expect(await nextEvent()).toEqual({ topic: 'case.changed', caseId, operation: 'item.setTriage', by: 'lena' });
      const bulk = await as('lena', 'items.setTriage', { caseId, itemIds: ids, status: 'verified', assignee: 'ivan' });
      expect(bulk.json).toEqual({ ok: true, value: { changed: ids, unchanged: [] } });
      expect(await nextEvent()).toEqual({ topic: 'case.changed', caseId, operation: 'items.setTriage', by: 'lena' });
      const again = await as('lena', 'items.setTriage', { caseId, itemIds: ids, status: 'verified' });
      expect(again.json).toEqual({ ok: true, value: { changed: [], unchanged: ids } });
    } finally {
      controller.abort();
    }
    const ledger = (await as('rita', 'custody.list', { caseId })).json.value as { action: string; operator: string; itemId: number | null; details: { to?: unknown } }[];
    const triaged = ledger.filter((e) => e.action === 'item triaged');
    expect(triaged.map((e) => [e.itemId, e.operator, e.details.to])).toEqual([
      [ids[0], 'ivan', { status: 'in-review', assignee: 'rita' }],
      [ids[2], 'lena', { status: 'verified', assignee: null }],
      [ids[0], 'lena', { status: 'verified', assignee: 'ivan' }],
      [ids[1], 'lena', { status: 'verified', assignee: 'ivan' }],
      [ids[2], 'lena', { status: 'verified', assignee: 'ivan' }],
    ]);
    expect(ledger.filter((e) => e.action === 'item commented').map((e) => [e.itemId, e.operator])).toEqual([[ids[0], 'ivan']]);
    // The grid filters on triage, and the case still verifies.
    const filtered = (await as('rita', 'items.summary', { caseId, filter: { statuses: ['verified'], assignees: ['ivan'] } })).json.value as { rows: { id: number }[]; facets: { statuses: unknown; assignees: unknown } };
    expect(filtered.rows.map((row) => row.id)).toEqual(ids);
    expect(filtered.facets).toMatchObject({ statuses: [{ value: 'verified', count: 3 }], assignees: [{ value: 'ivan', count: 3 }] });
    expect((await as('rita', 'items.summary', { caseId, filter: { assignees: [null] } })).json.value).toMatchObject({ rows: [] });
    expect((await as('rita', 'custody.verify', { caseId })).json).toMatchObject({ ok: true, value: { ok: true } });
  });
});
