import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../src/api/api.js';
import type { ResponseOf } from '../../../src/api/contract.js';
import { pushThroughServer } from '../../../src/api/push-sender.js';
import type { PushedComment } from '../../../src/team/push-receiver.js';
import { TeamServerClient } from '../../../src/api/team-server-client.js';
import { CaptureService } from '../../../src/capture/capture-service.js';
import { openCore, type Core } from '../../../src/core.js';
import type { Item, ItemComment } from '../../../src/domain/item.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';
import { call, signIn, startTeamFixture, type TeamServerFixture } from '../../support/team-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const STEP_TIMEOUT_MS = 300_000;

type Summary = ResponseOf<'items.summary'>;
type Detail = ResponseOf<'item.detail'>;

/** What an item is, apart from where it sits (its ids, case, when and from where this copy was taken). */
function content(item: Item) {
  const { id: _id, uuid: _uuid, caseId: _caseId, parentId: _parentId, sourcePath: _sourcePath, acquiredAt: _acquiredAt, acquiredBy: _acquiredBy, artifacts, ...rest } = item;
  return { ...rest, artifacts: [...artifacts].sort((a, b) => (a.role + a.sha256 < b.role + b.sha256 ? -1 : 1)) };
}

/**
 * `goldenhour push` of a case with a captured page (real Chromium, the fixture site) into a team
 * case on real PostgreSQL: the page arrives with every artifact, its post and capture record, its
 * images and video under it, and the team's grid and detail show what the local ones show.
 */
describe('push keeps a captured page whole', () => {
  let site: FixtureSite;
  let team: TeamServerFixture;
  let local: Core;
  let localApi: Api;
  let lena: string;
  let ivan: TeamServerClient;
  const temp = makeTempDir('goldenhour-push-fidelity-');

  beforeAll(async () => {
    site = await startFixtureSite();
    local = openCore({ dataDir: temp.path, operator: 'ivan-laptop', anchorTimer: false });
    localApi = createApi(local);
    await localApi.call('case.create', { title: 'Harbour flood, offline' });
    const captured = await new CaptureService(local).capture(1, [site.url('/post.html')], {
      operator: 'ivan-laptop', allowPrivate: true, timeoutSeconds: 20, hostIntervalMs: 0, concurrency: 1,
    });
    expect(captured.errors).toEqual([]);
    const page = captured.items.find((item) => item.kind === 'page')!;
    await localApi.call('item.setNotes', { itemId: page.id, notes: 'Seen first on the harbour channel' });
    await localApi.call('item.setTags', { itemId: page.id, tags: ['flood'] });
    // Triage and comments made offline go along too.
    await localApi.call('item.setTriage', { itemId: page.id, status: 'in-review', assignee: 'ivan' });
    await localApi.call('item.comment', { itemId: page.id, text: 'Same water level as the council photo.' });
    await localApi.call('item.comment', { itemId: page.id, text: 'Checked the street signs.', operator: 'ivan-second-look' });
    const video = captured.items.find((item) => item.kind === 'video')!;
    await localApi.call('item.setTriage', { itemId: video.id, status: 'not-relevant' });
    team = await startTeamFixture();
    await team.core.accounts.addUser('ivan', 'ivan password 123', false);
    await team.core.accounts.addUser('lena', 'lena password 123', false);
    lena = await signIn(team.origin, 'lena', 'lena password 123');
    expect((await call(team.origin, lena, 'case.create', { title: 'Harbour flood' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.create', { title: 'Tampering' })).status).toBe(200);
    for (const caseId of [1, 2]) expect((await call(team.origin, lena, 'case.share', { caseId, user: 'ivan', role: 'investigator' })).status).toBe(200);
    ivan = new TeamServerClient(team.origin, await signIn(team.origin, 'ivan', 'ivan password 123'));
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await local?.close();
    await team?.close();
    await site?.close();
    temp.remove();
  }, STEP_TIMEOUT_MS);

  it('records every item with its files, record and page, and the team case shows them as the local one does', async () => {
    const report = await pushThroughServer(local, ivan, 1, 1, () => undefined);
    const mine = await local.items.list(1, {});
    expect(report).toMatchObject({ added: mine.length, alreadyPresent: 0, failed: [], recorded: true });
    const theirs = await team.core.items.list(1, {});
    expect(theirs).toHaveLength(mine.length);

    // Each item as it stands locally: kind, files, post, capture record, analysis, notes, tags...
    const localPage = mine.find((item) => item.kind === 'page')!;
    const localChildren = mine.filter((item) => item.parentId === localPage.id);
    expect(localChildren.map((item) => item.kind).sort()).toEqual(['photo', 'photo', 'video']);
    expect(localPage.artifacts.map((a) => a.role)).toEqual(expect.arrayContaining(['screenshot-full', 'mhtml', 'wacz', 'dom', 'capture-record']));
    const copyOf = (item: Item) => theirs.find((t) => t.sourcePath!.includes(`/item-${item.id}-`))!;
    for (const item of mine) {
      const copy = copyOf(item);
      expect(content(copy), `local item ${item.id} (${item.kind})`).toEqual(content(item));
      for (const blob of [copy.sha256, ...copy.artifacts.map((a) => a.sha256)]) expect(await team.core.vault.has(blob)).toBe(true);
    }
    // Triage (compared above with the rest of the record) and comments as written locally, each change an entry by the pushing user.
    expect(copyOf(localPage).triage).toEqual({ status: 'in-review', assignee: 'ivan' });
    expect(copyOf(localChildren.find((item) => item.kind === 'video')!).triage).toEqual({ status: 'not-relevant', assignee: null });
    for (const item of mine) {
      const text = (comments: ItemComment[]) => comments.map(({ at, author, body }) => ({ at, author, body }));
      expect(text(await team.core.triage.comments(copyOf(item).id)), `comments of local item ${item.id}`).toEqual(text(await local.triage.comments(item.id)));
    }
    expect((await team.core.triage.comments(copyOf(localPage).id)).map((c) => c.author)).toEqual(['ivan-laptop', 'ivan-second-look']);
    const pageEntries = await team.core.ledger.list(1, copyOf(localPage).id);
    expect(pageEntries.filter((e) => e.action === 'item triaged' || e.action === 'item commented').map((e) => [e.action, e.operator])).toEqual([
      ['item triaged', 'ivan'], ['item commented', 'ivan'], ['item commented', 'ivan'],
    ]);

    // The page's images and video sit under the team's copy of the page.
    const teamPage = copyOf(localPage);
    expect(teamPage.parentId).toBeNull();
    for (const child of localChildren) expect(copyOf(child).parentId).toBe(teamPage.id);
    expect(teamPage.post?.text).toBe('Water is over the kerb on Harbour Road, cars turning back.');

    // The evidence grid and the page's detail, over HTTP as the lead sees them, against the local ones.
    const idOf = new Map(mine.map((item) => [copyOf(item).id, item.id]));
    const localGrid = await localApi.call('items.summary', { caseId: 1 });
    const teamGrid = (await call(team.origin, lena, 'items.summary', { caseId: 1 })).json.value as Summary;
    const row = (r: Summary['rows'][number], ids: (id: number) => number | undefined) => {
      const { acquiredAt: _acquiredAt, ...rest } = r;
      return { ...rest, id: ids(r.id), parentId: r.parentId === null ? null : ids(r.parentId) };
    };
    expect(teamGrid.rows.map((r) => row(r, (id) => idOf.get(id))).sort((a, b) => a.id! - b.id!))
      .toEqual(localGrid.rows.map((r) => row(r, (id) => id)).sort((a, b) => a.id! - b.id!));
    const localDetail = await localApi.call('item.detail', { itemId: localPage.id });
    const teamDetail = (await call(team.origin, lena, 'item.detail', { itemId: teamPage.id })).json.value as Detail;
    expect(content(teamDetail.item as unknown as Item)).toEqual(content(localDetail.item as unknown as Item));
    expect(teamDetail.children.map(({ id, ...rest }) => ({ ...rest, id: idOf.get(id) })))
      .toEqual(localDetail.children.map((child) => ({ ...child })));
    const field = (f: Detail['fields'][number]) => `${f.group}/${f.name}: ${f.value}`;
    const aboutThisCopy = /acquired|source path|item id|uuid|case/i;
    expect(teamDetail.fields.filter((f) => !aboutThisCopy.test(f.name)).map(field))
      .toEqual(localDetail.fields.filter((f) => !aboutThisCopy.test(f.name)).map(field));

    // Custody: each copy received from the local case, the team's ledger verifies, and a second push adds nothing.
    const verified = (await call(team.origin, lena, 'custody.verify', { caseId: 1 })).json;
    expect(verified.ok, JSON.stringify(verified)).toBe(true);
    expect((verified.value as { ok: boolean }).ok, JSON.stringify(verified.value).slice(0, 3000)).toBe(true);
    // Another case on the same server does not take the ledger the push kept in the shared vault for a planted file.
    const other = (await call(team.origin, lena, 'custody.verify', { caseId: 2 })).json.value as { ok: boolean };
    expect(other.ok, JSON.stringify(other).slice(0, 3000)).toBe(true);
    const again = await pushThroughServer(local, ivan, 1, 1, () => undefined);
    expect(again).toMatchObject({ added: 0, alreadyPresent: mine.length, failed: [], recorded: false });
    expect(await team.core.items.list(1, {})).toHaveLength(mine.length);
  }, STEP_TIMEOUT_MS);

  it('refuses the whole call, storing nothing, when an item differs from what the local ledger recorded, its file differs, or it comes before its page', async () => {
    const mine = await local.items.list(1, {});
    const page = mine.find((item) => item.kind === 'page')!;
    const child = mine.find((item) => item.parentId === page.id)!;
    const entries = await local.ledger.list(1);
    const { writeFileSync } = await import('node:fs');
    const ledgerFile = `${temp.path}/ledger.jsonl`;
    writeFileSync(ledgerFile, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const c = await local.cases.get(1);
    const source = { caseUuid: c.uuid, title: c.title, headSeq: entries.at(-1)!.seq, headHash: entries.at(-1)!.hash, ledgerPath: (await ivan.upload(ledgerFile, 'tamper-test', 'ledger.jsonl')).path };
    const sent = async (item: Item, changes: { title?: string; triage?: Item['triage']; comments?: (comments: PushedComment[]) => PushedComment[] } = {}) => {
      const comments = (await local.triage.comments(item.id)).map((c) => ({ localCommentId: c.id, at: c.at, author: c.author, body: c.body }));
      return {
        path: (await ivan.upload(local.vault.pathOf(item.sha256), 'tamper-test', `item-${item.id}`)).path,
        sha256: item.sha256, localItemId: item.id, localParentId: item.parentId, acquiredAt: item.acquiredAt, acquiredBy: item.acquiredBy, sourceUrl: item.sourceUrl,
        record: {
          kind: item.kind, size: item.size, mediaType: item.mediaType, originalName: item.originalName, title: changes.title ?? item.title, eventTime: item.eventTime,
          location: item.location, metadata: item.metadata, post: item.post, capture: item.capture, flags: item.flags, notes: item.notes, tags: item.tags, grading: item.grading,
          triage: changes.triage ?? item.triage, comments: changes.comments ? changes.comments(comments) : comments,
        },
        artifacts: await Promise.all(item.artifacts.map(async (a, i) => ({ ...a, path: (await ivan.upload(local.vault.pathOf(a.sha256), 'tamper-test', `item-${item.id}-${i}`)).path }))),
      };
    };
    // A refused call leaves the server's case and vault as they were: no item, no entry, no file.
    const stored = async () => {
      const paths: string[] = [];
      for await (const file of team.core.vault.listStored()) paths.push(file.path);
      return paths.sort();
    };
    const server = async () => ({ items: await team.core.items.list(2, { includeWithdrawn: true }), ledger: await team.core.ledger.list(2), vault: await stored() });
    const receive = (items: unknown[]) => ivan.call('push.receive', { caseId: 2, source, items, complete: true });
    const tamperedFile = `${temp.path}/tampered.bin`;
    writeFileSync(tamperedFile, 'not the photo the local case recorded');
    const goodPage = await sent(page);
    const childWithOtherBytes = { ...(await sent(child)), path: (await ivan.upload(tamperedFile, 'tamper-test', `item-${child.id}-tampered`)).path };
    const titleChanged = await sent(page, { title: 'Another title' });
    const childBeforePage = await sent(child);
    const forgedTriage = await sent(page, { triage: { status: 'verified', assignee: 'ivan' } });
    const commentAdded = await sent(page, { comments: (comments) => [...comments, { localCommentId: 999, at: comments[0]!.at, author: 'ivan-laptop', body: 'Added after the fact.' }] });
    const commentEdited = await sent(page, { comments: (comments) => comments.map((c, i) => (i === 0 ? { ...c, body: 'Different water level.' } : c)) });
    const commentDropped = await sent(page, { comments: (comments) => comments.slice(1) });
    const before = await server();
    expect(before.items).toEqual([]);

    // A page that checks out is not kept when an item sent with it is refused (its file is not the one recorded).
    await expect(receive([goodPage, childWithOtherBytes])).rejects.toThrow(new RegExp(`Nothing of this part of the push .* was taken, because an item was refused: item ${child.id}: .* arrived as [0-9a-f]{64} \\(37 bytes\\), not the ${child.sha256}`));
    expect(await server()).toEqual(before);

    await expect(receive([titleChanged, childBeforePage])).rejects.toThrow(new RegExp(
      `2 items were refused: item ${page.id}: what was sent differs from what the local ledger recorded of it \\(title\\); item ${child.id}: the item it belongs to, local item ${page.id}, has not been received`));
    expect(await server()).toEqual(before);

    // Triage and comments the local ledger does not cover are refused the same way.
    const [first] = await local.triage.comments(page.id);
    const refusal = await receive([forgedTriage, commentAdded, commentEdited, commentDropped]).then(() => '', (error: Error) => error.message);
    for (const reason of ['differs from what the local ledger recorded of it (triage)', 'its comment 999 is not in the local ledger',
      `its comment ${first!.id} differs from what the local ledger recorded of it (text)`, `the local ledger records comment ${first!.id} on it, which was not sent`]) {
      expect(refusal).toContain(reason);
    }
    expect(await server()).toEqual(before);

    // The same page and child sent as recorded are taken.
    const taken = await receive([goodPage, childBeforePage]);
    expect(taken).toMatchObject({ items: [{ kind: 'page' }, { kind: child.kind }], recorded: true });
  }, STEP_TIMEOUT_MS);

  it('pushes a withdrawn page with its images and video, and withdraws it again on the team saying who did it locally, when and why', async () => {
    const { id: localCase } = await localApi.call('case.create', { title: 'Harbour flood, second laptop' });
    const captured = await new CaptureService(local).capture(localCase, [site.url('/post.html')], {
      operator: 'ivan-laptop', allowPrivate: true, timeoutSeconds: 20, hostIntervalMs: 0, concurrency: 1,
    });
    expect(captured.errors).toEqual([]);
    const page = captured.items.find((item) => item.kind === 'page')!;
    await localApi.call('items.withdraw', { itemId: page.id, reason: 'wrong harbour' });
    expect((await call(team.origin, lena, 'case.create', { title: 'Second laptop' })).status).toBe(200);
    expect((await call(team.origin, lena, 'case.share', { caseId: 3, user: 'ivan', role: 'investigator' })).status).toBe(200);

    const report = await pushThroughServer(local, ivan, localCase, 3, () => undefined);
    const mine = await local.items.list(localCase, { includeWithdrawn: true });
    expect(report).toMatchObject({ added: mine.length, failed: [], recorded: true });
    const theirs = await team.core.items.list(3, { includeWithdrawn: true });
    const teamPage = theirs.find((item) => item.kind === 'page')!;
    expect(teamPage.withdrawn).toMatchObject({ by: 'ivan', reason: expect.stringMatching(/^wrong harbour \(withdrawn in the local case by ivan-laptop at \d{4}-/) });
    expect(theirs.filter((item) => item.parentId === teamPage.id).map((item) => item.kind).sort()).toEqual(['photo', 'photo', 'video']);
    const verified = (await call(team.origin, lena, 'custody.verify', { caseId: 3 })).json.value as { ok: boolean };
    expect(verified.ok, JSON.stringify(verified).slice(0, 3000)).toBe(true);
  }, STEP_TIMEOUT_MS);
});
