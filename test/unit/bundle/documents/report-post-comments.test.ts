import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../../../src/bundle/documents/report-html.js';
import { REPORT_MAX_POST_COMMENTS } from '../../../../src/bundle/documents/report-post-comments.js';
import type { Case } from '../../../../src/domain/case.js';
import type { PostComment } from '../../../../src/domain/item.js';
import type { ItemView } from '../../../../src/items/item-view.js';

const c: Case = { id: 1, uuid: 'u', title: 'Harbour flood', reference: null, scene: null, incidentTime: '2026-11-21T09:00:00.000Z', timezone: 'Europe/London',
  window: { beforeMin: 30, afterMin: 30 }, createdAt: '2026-11-21T00:00:00.000Z', createdBy: 'x', closed: null };

const comment = (over: Partial<PostComment>): PostComment => ({ author: 'quay_witness', handle: 'u/quay_witness', publishedAt: '2026-11-21T09:05:12.345Z', text: 'Drains backing up.', url: 'https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1aaa1/', depth: 0, ...over });

const page = (comments: PostComment[], capture: Record<string, unknown> | null): ItemView => ({
  id: 3, caseId: 1, kind: 'page', title: 'Harbour Road flooded', originalName: null, sourceUrl: 'https://www.reddit.com/r/harbourtown/comments/1abcde/', sha256: 'a'.repeat(64),
  parentId: null, withdrawn: null, eventTime: null, location: null, scene: null, withinWindow: null, acquiredAt: '2026-11-21T10:00:00.000Z', acquiredBy: 'tester',
  flags: [], tags: [], grading: null, triage: { status: 'new', assignee: null }, notes: '', capture,
  post: { platform: 'reddit', url: null, author: 'tide_watcher', handle: 'u/tide_watcher', publishedAt: null, text: 'Harbour Road flooded', mediaUrls: [], comments },
}) as unknown as ItemView;

async function report(item: ItemView): Promise<string> {
  let html = '';
  for await (const chunk of reportHtml({ case: c, items: [item], filesByItem: new Map(), thumbnail: async () => null, exporter: 'tester', fingerprint: 'f'.repeat(64), custody: { entries: 1, headHash: 'h' } })) html += chunk.toString('utf8');
  return html;
}

describe('a captured post\'s comments in report.html', () => {
  it('lists each comment with who, when (UTC and the scene\'s zone, or as the page showed it), its text escaped, its link, replies indented; says whether the thread is whole', async () => {
    const html = await report(page([
      comment({}),
      comment({ author: 'pier_cam', handle: 'u/pier_cam', depth: 1, replyTo: 'u/quay_witness', text: '<script>alert(1)</script><img src=x onerror=alert(2)>', url: 'https://www.reddit.com/c/2' }),
      comment({ author: '@someone.bsky.social', handle: '@someone.bsky.social', publishedAt: null, timeShown: '2d ago', depth: 2, url: null }),
    ], { expansion: { stoppedBy: 'click-limit', clicks: 40, controls: [], durationMs: 12_000, limits: { maxClicks: 40, maxTimeMs: 30_000 }, refusedNavigations: [] } }));
    const card = html.slice(html.indexOf('id="item-3"'));
    expect(card).toContain('Comments on the post');
    expect(card).toContain('3 comments read from the page. Expanding stopped at its limit of 40 clicks (40 controls opened): the page may hold more comments than these.');
    expect(card).toContain('<strong>quay_witness</strong> u/quay_witness, 2026-11-21T09:05:12.345Z (UTC) = 2026-11-21 09:05:12 +00:00 Europe/London');
    expect(card).toContain('https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1aaa1/');
    // Text is escaped: nothing a commenter wrote becomes markup.
    expect(card).not.toContain('<script>alert');
    expect(card).not.toContain('<img src=x');
    expect(card).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(card).toContain('<li class="post-comment depth-1"><strong>pier_cam</strong> u/pier_cam');
    expect(card).toContain('replying to u/quay_witness');
    // An author shown only by handle is named once.
    expect(card).toContain('<strong>@someone.bsky.social</strong>, 2d ago <span class="muted">(as the page showed it; no exact time)</span>');
    expect(card).toContain('<li class="post-comment depth-2">');
    // The indents are in the report's own (hashed) style block: no style attribute the CSP would refuse.
    expect(html).toContain('.depth-2{margin-left:2.5em}');
    expect(card).not.toContain('style=');
  });

  it('caps a long thread, saying how many are not shown and where they all are', async () => {
    const many = Array.from({ length: 130 }, (_, i) => comment({ text: `Comment number ${i + 1}.` }));
    const html = await report(page(many, { expansion: { stoppedBy: 'done', clicks: 12, controls: [], durationMs: 4_200, limits: { maxClicks: 40, maxTimeMs: 30_000 }, refusedNavigations: [] } }));
    expect(html).toContain('130 comments read from the page. Threads were expanded until nothing was left to open (12 controls opened in 4.2 s).');
    expect(html).toContain(`Comment number ${REPORT_MAX_POST_COMMENTS}.`);
    expect(html).not.toContain(`Comment number ${REPORT_MAX_POST_COMMENTS + 1}.`);
    expect(html.match(/class="post-comment"/g)).toHaveLength(REPORT_MAX_POST_COMMENTS);
    expect(html).toContain(`${130 - REPORT_MAX_POST_COMMENTS} more comments not shown here; all 130 are in items/3.json (post.comments).`);
  });

  it('says so when the capture records no expansion, and writes no comments row for a post without comments', async () => {
    expect(await report(page([comment({})], null))).toContain('1 comment read from the page. The capture does not record whether threads were expanded.');
    expect(await report(page([], null))).not.toContain('Comments on the post');
  });
});
