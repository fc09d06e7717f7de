import { describe, expect, it } from 'vitest';
import { decodeEntities, findTag, innerText, iterateTags, rawContent } from '../../../src/posts/html-scan.js';
import { normaliseTime, readPageFacts } from '../../../src/posts/page-facts.js';

describe('decodeEntities', () => {
  it.each([
    ['&amp;&lt;&gt;&quot;&#39;', '&<>"\''],
    ['&#064;willyrex &#x2022; &#x1f680;', '@willyrex • 🚀'],
    ['&nosuch; &#xFFFFFFF;', '&nosuch; &#xFFFFFFF;'],
  ])('%s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});

describe('iterateTags', () => {
  it('reads attributes in any quoting, skips comments and script content', () => {
    const html = `<!-- <meta name="x" content="hidden"> --><meta name=a content='b "c"'><script>var s = "<meta name=fake>";</script><META NAME="Z" CONTENT="z">`;
    const metas = [...iterateTags(html)].filter((t) => t.name === 'meta').map((t) => t.attrs);
    expect(metas).toEqual([{ name: 'a', content: 'b "c"' }, { name: 'Z', content: 'z' }]);
  });

  it('reads the raw content of a script and the text of nested elements', () => {
    const html = '<div class="post"><p>One <b>two</b></p><div>three<br>four</div></div><div>after</div><script type="application/ld+json">{"a":1}</script>';
    expect(innerText(html, findTag(html, (t) => t.attrs.class === 'post')!)).toBe('One two\nthree\nfour');
    expect(rawContent(html, findTag(html, (t) => t.name === 'script')!)).toBe('{"a":1}');
  });
});

describe('readPageFacts', () => {
  it('flattens @graph JSON-LD, resolves the canonical link, collects <time> and the language', () => {
    const facts = readPageFacts(`<html lang="cy"><head><link rel="canonical" href="/p/1"><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle"}]}</script></head><body><time datetime="2026-11-21T10:00:00+01:00">x</time></body></html>`, 'https://news.example/a?b=c');
    expect(facts.canonical).toBe('https://news.example/p/1');
    expect(facts.jsonLd.map((n) => n['@type'])).toEqual([undefined, 'WebPage', 'NewsArticle']);
    expect(facts.times).toEqual(['2026-11-21T10:00:00+01:00']);
    expect(facts.lang).toBe('cy');
  });
});

describe('normaliseTime', () => {
  it.each<[unknown, string | null]>([
    ['2026-11-21T10:00:00+01:00', '2026-11-21T09:00:00.000Z'],
    ['2026-11-21T10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21 10:00:00+0530', '2026-11-21T04:30:00.000Z'],
    ['2026-11-21', '2026-11-21'],
    ['2026-11-21T10:00:00', null],
    ['yesterday', null],
    [1795251600, '2026-11-21T09:00:00.000Z'],
    [42, null],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseTime(input)).toBe(expected);
  });
});
