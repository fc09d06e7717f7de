import { describe, expect, it } from 'vitest';
import { operationNames } from '../../../src/api/contract.js';
import { APP_CSP } from '../../../main/content-policy.js';
import { appRequestPath, blobSha256, guardInvoke, isAppUrl, mayNavigate, opensOutside } from '../../../main/ipc-guard.js';

const allowList = new Set<string>(operationNames);
const fromApp = { frameUrl: 'app://goldenhour/index.html#/case/1/evidence', isMainFrame: true };

describe('Electron IPC guard', () => {
  it('lets the app page call a listed operation with an object payload', () => {
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: {} }, allowList)).toEqual({ ok: true, name: 'case.list', payload: {} });
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: undefined }, allowList)).toEqual({ ok: true, name: 'case.list', payload: {} });
  });

  it.each([
    ['an iframe of the app', { frameUrl: 'app://goldenhour/index.html', isMainFrame: false }],
    ['another origin', { frameUrl: 'https://evil.example/', isMainFrame: true }],
    ['a file URL', { frameUrl: 'file:///work/main/dist/renderer/index.html', isMainFrame: true }],
    ['a look-alike host', { frameUrl: 'app://goldenhour.evil/index.html', isMainFrame: true }],
    ['a closed frame', { frameUrl: null, isMainFrame: true }],
  ])('refuses calls from %s', (_label, frame) => {
    const verdict = guardInvoke({ ...frame, name: 'case.list', payload: {} }, allowList);
    expect(verdict).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it.each([['case.destroy'], ['__proto__'], ['constructor'], [42], [null]])('refuses the unknown operation %s', (name) => {
    expect(guardInvoke({ ...fromApp, name, payload: {} }, allowList)).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('refuses payloads that are not plain objects, are cyclic or too large', () => {
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: [1] }, allowList)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: 'x' }, allowList)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: new Date() }, allowList)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(guardInvoke({ ...fromApp, name: 'case.list', payload: cyclic }, allowList)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(guardInvoke({ ...fromApp, name: 'item.setNotes', payload: { notes: 'x'.repeat(3 * 1024 * 1024) } }, allowList)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('keeps navigation inside the app', () => {
    expect(mayNavigate('app://goldenhour/index.html#/review')).toBe(true);
    expect(mayNavigate('https://x.com/')).toBe(false);
    expect(mayNavigate('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('hands only plain web links to the investigator\'s browser', () => {
    expect(opensOutside('https://www.reddit.com/r/harbourtown/comments/1abcde/comment/kq1aaa1/')).toBe(true);
    expect(opensOutside('http://x.com/harbourwatch/status/1')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://goldenhour/index.html', 'https://user:pw@example.org/', 'data:text/html,hi', 'not a url']) expect(opensOutside(url)).toBe(false);
  });

  it('serves only files under the renderer folder', () => {
    expect(appRequestPath('app://goldenhour/')).toBe('index.html');
    expect(appRequestPath('app://goldenhour/assets/index.js')).toBe('assets/index.js');
    // The URL parser removes dot segments, so climbing out lands back inside the folder.
    expect(appRequestPath('app://goldenhour/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    expect(appRequestPath('app://goldenhour/assets/..%5c..%5csecret')).toBeNull();
    expect(appRequestPath('https://goldenhour/index.html')).toBeNull();
  });

  it('reads blob addresses by SHA-256 only', () => {
    const sha = 'a'.repeat(64);
    expect(blobSha256(`gh-blob://vault/${sha}`)).toBe(sha);
    expect(blobSha256('gh-blob://vault/../goldenhour.sqlite')).toBeNull();
    expect(blobSha256(`gh-blob://other/${sha}`)).toBeNull();
    expect(blobSha256(`gh-blob://vault/${sha.toUpperCase()}`)).toBeNull();
  });

  it('has a CSP that runs only the app\'s own scripts and frames nothing', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain('script-src app://goldenhour');
    expect(APP_CSP).not.toContain('unsafe-inline');
    expect(APP_CSP).not.toContain('unsafe-eval');
    expect(APP_CSP).toContain("frame-src 'none'");
  });
});
