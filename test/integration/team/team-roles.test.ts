import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../../support/team-server.js';

/**
 * Per-case roles on a team server, over real HTTP on PostgreSQL: a lead, an investigator and a
 * reviewer on one case, and a user on none of it.
 */
describe('team server roles', () => {
  let team: TeamServerFixture;
  const token: Record<string, string> = {};
  let caseId: number;
  let itemId: number;
  let sha256: string;
  const as = (user: string, name: string, payload: unknown) => call(team.origin, token[user]!, name, payload);

  beforeAll(async () => {
    team = await startTeamFixture();
    for (const name of ['lena', 'ivan', 'rita', 'otto', 'mona']) await team.core.accounts.addUser(name, `${name} password 123`, false);
    await team.core.accounts.addUser('root', 'root password 123', true);
    for (const name of ['lena', 'ivan', 'rita', 'otto', 'mona', 'root']) token[name] = await signIn(team.origin, name, `${name} password 123`);
    const created = await as('lena', 'case.create', { title: 'Bridge fire' });
    caseId = (created.json.value as { id: number }).id;
    expect((await as('lena', 'case.share', { caseId, user: 'ivan', role: 'investigator' })).status).toBe(200);
    expect((await as('lena', 'case.share', { caseId, user: 'rita', role: 'reviewer' })).status).toBe(200);
    // Ivan uploads a photo as the page does, then imports it from where it landed.
    const upload = await fetch(`${team.origin}/api/upload?batch=batch-0001&name=scene.jpg`, {
      method: 'POST', headers: { Authorization: `Bearer ${token.ivan}` }, body: Buffer.from('not really a jpeg, but bytes all the same'),
    });
    const { path } = ((await upload.json()) as { value: { path: string } }).value;
    const ingested = await as('ivan', 'items.ingest', { caseId, paths: [path] });
    expect(ingested.status).toBe(200);
    const item = (ingested.json.value as { items: { id: number; sha256: string }[] }).items[0]!;
    itemId = item.id;
    sha256 = item.sha256;
  }, 120_000);
  afterAll(async () => team?.close());

  it('makes the creator lead and lists who holds which role', async () => {
    const members = await as('rita', 'case.members', { caseId });
    expect((members.json.value as { userName: string; role: string; grantedBy: string }[]).map((m) => [m.userName, m.role, m.grantedBy]))
      .toEqual([['ivan', 'investigator', 'lena'], ['lena', 'lead', 'lena'], ['rita', 'reviewer', 'lena']]);
    expect((await as('ivan', 'session.whoami', {})).json.value).toEqual({ user: 'ivan', admin: false, cases: [{ caseId, role: 'investigator' }] });
  });

  it('answers a user not on the case exactly as if the case, its items and blobs did not exist', async () => {
    const missingCase = await as('otto', 'case.get', { caseId: 999_999 });
    const missingItem = await as('otto', 'item.detail', { itemId: 999_999 });
    expect(missingCase.status).toBe(404);
    for (const [name, payload] of [['case.get', { caseId }], ['items.summary', { caseId }], ['custody.list', { caseId }], ['timeline.data', { caseId }],
      ['capture.enqueue', { caseId, urls: ['https://example.org/'] }], ['case.share', { caseId, user: 'otto', role: 'lead' }]] as const) {
      const answer = await as('otto', name, payload);
      expect([name, answer.status, answer.json.error]).toEqual([name, 404, { code: 'not-found', message: missingCase.json.error!.message.replace('999999', String(caseId)) }]);
    }
    for (const name of ['item.detail', 'items.get', 'item.setNotes']) {
      const answer = await as('otto', name, name === 'item.setNotes' ? { itemId, notes: 'x' } : { itemId });
      expect([name, answer.status, answer.json.error]).toEqual([name, 404, { code: 'not-found', message: missingItem.json.error!.message.replace('999999', String(itemId)) }]);
    }
    expect((await as('otto', 'case.list', {})).json.value).toEqual([]);
    expect((await as('otto', 'blob.info', { sha256 })).status).toBe(404);
    const blob = await fetch(`${team.origin}/api/blob/${sha256}`, { headers: { Authorization: `Bearer ${token.otto}` } });
    expect([blob.status, await blob.text()]).toEqual([404, `No stored blob with SHA-256 ${sha256}\n`]);
    // An administrator may hand the case on, but reads nothing of it without a role.
    expect((await as('root', 'case.get', { caseId })).status).toBe(404);
  });

  it("lets a reviewer read and export, and refuses every write with 403", async () => {
    expect((await as('rita', 'items.summary', { caseId })).json).toMatchObject({ ok: true, value: { total: 1 } });
    expect((await as('rita', 'item.detail', { itemId })).status).toBe(200);
    expect((await fetch(`${team.origin}/api/blob/${sha256}`, { headers: { Authorization: `Bearer ${token.rita}` } })).status).toBe(200);
    expect((await as('rita', 'case.list', {})).json.value).toMatchObject([{ id: caseId }]);
    const writes = [
      ['item.setNotes', { itemId, notes: 'reviewer note' }], ['item.setTags', { itemId, tags: ['x'] }], ['item.setGrading', { itemId, grading: null }],
      ['capture.enqueue', { caseId, urls: ['https://example.org/'] }], ['items.ingest', { caseId, paths: ['/etc/hostname'] }],
      ['watch.start', { caseId, urls: ['https://example.org/'], everyMinutes: 5 }], ['items.withdraw', { itemId, reason: 'no' }],
      ['case.share', { caseId, user: 'otto', role: 'reviewer' }],
    ] as const;
    for (const [name, payload] of writes) {
      const answer = await as('rita', name, payload);
      expect([name, answer.status, answer.json.error?.code]).toEqual([name, 403, 'forbidden']);
    }
    expect((await as('rita', 'item.setNotes', { itemId, notes: 'x' })).json.error!.message).toBe(`You are a reviewer on case ${caseId}: a reviewer may not change it (capture, import, notes, tags, grading, triage, comments)`);
    const suggested = await as('rita', 'export.suggestPath', { caseId });
    const exported = await as('rita', 'bundle.export', { caseId, out: (suggested.json.value as { path: string }).path });
    expect(exported.status).toBe(200);
    expect((await as('rita', 'bundle.export', { caseId, out: '/tmp/anywhere.zip' })).status).toBe(403);
  });

  it('lets an investigator change items but not withdraw them or share the case', async () => {
    expect((await as('ivan', 'item.setNotes', { itemId, notes: 'seen from the bridge' })).status).toBe(200);
    expect((await as('ivan', 'item.setTags', { itemId, tags: ['smoke'] })).status).toBe(200);
    expect((await as('ivan', 'items.withdraw', { itemId, reason: 'duplicate' })).status).toBe(403);
    expect((await as('ivan', 'case.share', { caseId, user: 'otto', role: 'reviewer' })).status).toBe(403);
    const serverFile = await as('ivan', 'items.ingest', { caseId, paths: ['/etc/hostname'] });
    expect([serverFile.status, serverFile.json.error!.message]).toEqual([403, 'On a team server only files you uploaded can be imported; "/etc/hostname" is a path on the server']);
    expect((await as('ivan', 'capture.run', { caseId, allowPrivate: true })).status).toBe(403);
    expect((await as('ivan', 'browse.open', { caseId })).status).toBe(503);
    expect((await as('ivan', 'settings.setTsa', { tsa: [] })).status).toBe(403);
  });

  it('names the signed-in user in every custody entry, and refuses a request naming someone else', async () => {
    const impostor = await as('ivan', 'item.setNotes', { itemId, notes: 'forged', operator: 'lena' });
    expect([impostor.status, impostor.json.error!.message]).toEqual([403, 'On a team server every change is recorded under the signed-in user (ivan); the request named "lena"']);
    expect((await as('ivan', 'item.setNotes', { itemId, notes: 'seen from the bridge, 14:05', operator: 'ivan' })).status).toBe(200);
    expect((await as('root', 'case.share', { caseId, user: 'otto', role: 'reviewer' })).status).toBe(200);
    const ledger = (await as('rita', 'custody.list', { caseId })).json.value as { action: string; operator: string; details: Record<string, unknown> }[];
    expect(ledger.map((entry) => [entry.action, entry.operator])).toEqual([
      ['case created', 'lena'], ['case shared', 'lena'], ['case shared', 'lena'], ['item acquired', 'ivan'], ['export', 'rita'],
      ['note changed', 'ivan'], ['tags changed', 'ivan'], ['note changed', 'ivan'], ['case shared', 'root'],
    ]);
    expect(ledger[1]!.details).toEqual({ user: 'ivan', role: 'investigator', previousRole: null });
    expect((await as('rita', 'custody.verify', { caseId })).json).toMatchObject({ ok: true, value: { ok: true } });
  });

  it("tells everyone on the case, and no one else, that it changed", async () => {
    const listen = async (user: string) => {
      const controller = new AbortController();
      const response = await fetch(`${team.origin}/api/events`, { headers: { Authorization: `Bearer ${token[user]}` }, signal: controller.signal });
      const reader = response.body!.getReader();
      let text = '';
      const next = async (): Promise<Record<string, unknown>> => {
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
      return { next, stop: () => controller.abort() };
    };
    const rita = await listen('rita');
    const outsider = await listen('mona');
    expect((await as('ivan', 'item.setGrading', { itemId, grading: { source: '2', intelligence: 'B', handling: 'P' } })).status).toBe(200);
    expect(await rita.next()).toEqual({ topic: 'case.changed', caseId, operation: 'item.setGrading', by: 'ivan' });
    // Mona hears nothing of the case until she is on it: the first event she gets is her own sharing.
    expect((await as('lena', 'case.share', { caseId, user: 'mona', role: 'reviewer' })).status).toBe(200);
    expect(await outsider.next()).toEqual({ topic: 'case.changed', caseId, operation: 'case.share', by: 'lena' });
    expect(await rita.next()).toMatchObject({ operation: 'case.share' });
    rita.stop();
    outsider.stop();
  });
});
