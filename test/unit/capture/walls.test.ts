import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectWalls, matchMarkers, type WallSignals } from '../../../src/capture/walls.js';
import { findTag, innerText, iterateTags } from '../../../src/posts/html-scan.js';
import { readPageFacts } from '../../../src/posts/page-facts.js';
import { fixturePath } from '../../support/fixture-site.js';

const signals = (over: Partial<WallSignals>): WallSignals => ({ title: '', text: 'an ordinary article about the harbour '.repeat(60), passwordInputs: 0, markers: [], status: 200, ...over });

describe('detectWalls', () => {
  it.each<[string, Partial<WallSignals>, string[]]>([
    ['an ordinary page', {}, []],
    ['a log-in page with a password field', { title: 'Log in', text: 'log in to see this post. phone, email or username', passwordInputs: 1 }, ['login-wall']],
    ['an HTTP 401', { status: 401 }, ['login-wall']],
    ['a consent overlay', { text: 'we value your privacy. accept all cookies or reject all' }, ['cookie-wall']],
    ['a consent manager by its markup', { markers: ['onetrust-banner-sdk'] }, ['cookie-wall']],
    ['a browser check', { title: 'Just a moment...', text: 'checking your browser before accessing' }, ['bot-check']],
    ['a captcha widget', { markers: ['g-recaptcha'] }, ['bot-check']],
    ['an article that mentions cookies once', { text: 'the bakery sold cookies all morning. '.repeat(20) }, []],
  ])('%s', (_name, over, expected) => {
    expect(detectWalls(signals(over))).toEqual(expected);
  });
});

describe('detectWalls on real saved pages', () => {
  // The saved X pages carry X's cookie banner ("Accept all cookies" at the foot of a readable
  // post): a banner, not a wall. Instagram's scripts mention recaptcha and X's state says
  // "trustedFriends": markers are looked for in ids, classes and iframes, not in scripts.
  // None of these public pages is a wall.
  const index = JSON.parse(readFileSync(fixturePath('pages/index.json'), 'utf8')) as { pages: { file: string }[] };
  it.each(index.pages.map((p) => p.file))('%s is not flagged', (file) => {
    const html = readFileSync(fixturePath(`pages/${file}`), 'utf8');
    const body = findTag(html, (tag) => tag.name === 'body');
    // The same haystack the in-page reader builds: ids, classes and iframe addresses.
    const haystack = [...iterateTags(html)].flatMap((tag) => [tag.attrs.id ?? '', tag.attrs.class ?? '', tag.name === 'iframe' ? tag.attrs.src ?? '' : '']).join(' ').toLowerCase();
    const signals: WallSignals = {
      title: findTag(html, (tag) => tag.name === 'title') ? readPageFacts(html, 'https://example.com/').title ?? '' : '',
      text: (body ? innerText(html, body, 50_000) : '').toLowerCase().slice(0, 5000),
      passwordInputs: [...iterateTags(html)].filter((tag) => tag.name === 'input' && tag.attrs.type === 'password').length,
      markers: matchMarkers(haystack),
      status: 200,
    };
    expect(detectWalls(signals)).toEqual([]);
  });
});

describe('matchMarkers', () => {
  it('finds consent and challenge widgets by id, class or iframe address, not by words in scripts', () => {
    expect(matchMarkers('onetrust-banner-sdk ot-sdk-container')).toEqual(['onetrust-banner-sdk']);
    expect(matchMarkers('https://www.google.com/recaptcha/api2/anchor?ar=1')).toEqual(['recaptcha/api2/anchor']);
    expect(matchMarkers('trustedfriends recaptcha-config')).toEqual([]);
  });
});
