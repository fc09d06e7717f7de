import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/bundle/export/exporter.js';
import { openBundle } from '../../../src/bundle/verify/review.js';
import { verifyBundle } from '../../../src/bundle/verify/verifier.js';
import { makeBundleCase, openTestCore, type BundleCase } from '../../support/bundle-case.js';
import { rewriteZip } from '../../support/raw-zip.js';
import { makeTempDir } from '../../support/temp-dir.js';

const COMMENT = 'The shadow falls <east>, not west: check the time';

/** Issue 10 item 6 in bundles: each item's status, assignee and comments go out with it and are held to the ledger. */
describe('triage in an exported bundle', () => {
  const temp = makeTempDir('gh-bundle-triage-');
  const bundle = join(temp.path, 'triaged.zip');
  const unzipped = join(temp.path, 'unzipped');
  let fixture: BundleCase;
  let commentId = 0;

  beforeAll(async () => {
    const core = openTestCore(join(temp.path, 'data'));
    fixture = await makeBundleCase(core);
    await core.triage.setTriage(fixture.photo.id, { status: 'disputed', assignee: 'DS Grey' }, 'DC Test', { membersOnly: false });
    await core.triage.setTriageOfMany(fixture.case.id, [fixture.farPhoto.id, fixture.untimed.id], { status: 'not-relevant' }, 'DC Test', { membersOnly: false });
    commentId = (await core.triage.comment(fixture.photo.id, COMMENT, 'DS Grey')).id;
    await core.triage.comment(fixture.photo.id, 'Agreed, asked the poster', 'DC Test');
    await exportBundle(core, { caseId: fixture.case.id, outPath: bundle, selection: {}, operator: 'alice' });
    await core.close();
    mkdirSync(unzipped);
    execFileSync('unzip', ['-q', bundle, '-d', unzipped]);
  });
  afterAll(() => temp.remove());

  const itemFile = (id: number) => JSON.parse(readFileSync(join(unzipped, 'items', `${id}.json`), 'utf8')) as Record<string, unknown>;

  it("writes each item's status, assignee and comments (author, time, text) into its item file", () => {
    const photo = itemFile(fixture.photo.id);
    expect(photo.triage).toEqual({ status: 'disputed', assignee: 'DS Grey' });
    expect(photo.comments).toEqual([
      expect.objectContaining({ id: commentId, itemId: fixture.photo.id, author: 'DS Grey', body: COMMENT, at: expect.any(String) }),
      expect.objectContaining({ author: 'DC Test', body: 'Agreed, asked the poster' }),
    ]);
    expect(itemFile(fixture.farPhoto.id)).toMatchObject({ triage: { status: 'not-relevant', assignee: null }, comments: [] });
    expect(itemFile(fixture.page.id)).toMatchObject({ triage: { status: 'new', assignee: null }, comments: [] });
  });

  it('shows them on the item card of report.html, escaped', () => {
    const report = readFileSync(join(unzipped, 'report.html'), 'utf8');
    const card = report.slice(report.indexOf(`id="item-${fixture.photo.id}"`), report.indexOf('</section>', report.indexOf(`id="item-${fixture.photo.id}"`)));
    expect(card).toContain('<th>Triage status</th><td>disputed</td>');
    expect(card).toContain('<th>Assigned to</th><td>DS Grey</td>');
    expect(card).toContain('The shadow falls &lt;east&gt;, not west: check the time');
    expect(card).toContain('<strong>DS Grey</strong>');
  });

  it('puts them in case.jsonld as annotations of the provenance record, naming who commented and when', () => {
    const graph = (JSON.parse(readFileSync(join(unzipped, 'case.jsonld'), 'utf8')) as { '@graph': Record<string, unknown>[] })['@graph'];
    const notes = graph.filter((node) => node['@type'] === 'core:Annotation');
    const record = `kb:provenance-record-${fixture.photo.uuid}`;
    expect(notes.find((n) => n['@id'] === `kb:triage-${fixture.photo.uuid}`)).toMatchObject({ 'core:object': [{ '@id': record }], 'core:tag': ['triage:disputed'] });
    const comment = notes.find((n) => n['@id'] === `kb:comment-${fixture.photo.uuid}-${commentId}`);
    expect(comment).toMatchObject({ 'core:statement': COMMENT, 'core:createdBy': { '@id': 'kb:identity-DS%20Grey' }, 'core:object': [{ '@id': record }] });
    expect(graph.some((n) => n['@id'] === 'kb:identity-DS%20Grey' && n['@type'] === 'identity:Identity')).toBe(true);
    // An item no one triaged or commented on gets no annotation.
    expect(notes.some((n) => n['@id'] === `kb:triage-${fixture.page.uuid}`)).toBe(false);
  });

  it('verifies, and bundle review reads the comments back', async () => {
    expect((await verifyBundle(bundle)).report).toMatchObject({ ok: true, problems: [] });
    const opened = await openBundle(bundle);
    const photo = opened.items.find((item) => item.id === fixture.photo.id);
    expect(photo?.triage).toEqual({ status: 'disputed', assignee: 'DS Grey' });
    expect(photo?.comments.map((c) => c.body)).toEqual([COMMENT, 'Agreed, asked the poster']);
  });

  it('names an item file whose comment was edited or dropped after export', async () => {
    const path = `items/${fixture.photo.id}.json`;
    const edit = async (name: string, change: (item: { comments: { body: string }[] }) => void) => {
      const out = join(temp.path, `${name}.zip`);
      writeFileSync(out, await rewriteZip(bundle, (entry, data) => {
        if (entry !== path) return data;
        const item = JSON.parse(data.toString('utf8')) as { comments: { body: string }[] };
        change(item);
        // Padded to the sealed size: the verifier reads an entry only when its size is the manifest's.
        return Buffer.from(JSON.stringify(item).padEnd(data.length, ' '));
      }));
      return (await verifyBundle(out)).report;
    };
    const edited = await edit('edited', (item) => { item.comments[0]!.body = COMMENT.replace('east', 'west'); });
    expect(edited.ok).toBe(false);
    expect(edited.problems).toContainEqual({ path, problem: expect.stringMatching(new RegExp(`comment ${commentId} on item ${fixture.photo.id} differs from its custody record \\(entry \\d+\\) in: text`)) });
    const dropped = await edit('dropped', (item) => { item.comments.splice(0, 1); });
    expect(dropped.problems).toContainEqual({ path, problem: `comment ${commentId} on item ${fixture.photo.id} is in the custody ledger but missing from the item file` });
  });
});
