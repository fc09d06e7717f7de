import { describe, expect, it } from 'vitest';
import { checkSums } from '../../../../src/bundle/verify/bundle-checks.js';
import { parseSha256Sums, sha256Sums, type Manifest } from '../../../../src/bundle/format/manifest.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const M = 'c'.repeat(64);

function manifest(): Manifest {
  return {
    format: 'goldenhour-bundle', formatVersion: 1, tool: { name: 'Golden Hour', version: '0' }, exportedAt: '2026-11-21T00:00:00.000Z', exporter: 'x',
    case: { id: 1, uuid: 'u', title: 't', reference: null, scene: null, incidentTime: null, timezone: null, window: { beforeMin: 60, afterMin: 60 }, createdAt: '2026-11-21T00:00:00.000Z', createdBy: 'x', closed: null },
    selection: { from: null, to: null, itemIds: null, withdrawn: 'included, marked withdrawn' }, items: [], custody: { entries: 0, headSeq: 0, headHash: '' },
    files: [{ path: 'evidence/a.jpg', size: 1, sha256: A, mediaType: 'image/jpeg', role: 'original' }, { path: 'report.html', size: 1, sha256: B, mediaType: 'text/html', role: 'document' }],
  };
}

describe('SHA256SUMS', () => {
  it('writes the format sha256sum -c reads and parses it back (both mode markers)', () => {
    const text = sha256Sums([{ path: 'evidence/a.jpg', sha256: A }, { path: 'a b.txt', sha256: B }]);
    expect(text).toBe(`${A}  evidence/a.jpg\n${B}  a b.txt\n`);
    expect(parseSha256Sums(text)).toEqual([{ line: 1, sha256: A, path: 'evidence/a.jpg' }, { line: 2, sha256: B, path: 'a b.txt' }]);
    expect(parseSha256Sums(`${A} *binary.bin\n`)).toEqual([{ line: 1, sha256: A, path: 'binary.bin' }]);
    expect(parseSha256Sums(`${A}  ok\nnot a line\n`)).toEqual({ line: 2, error: 'line 2 is not "<sha256>  <path>"' });
  });

  it.each([
    ['matching', `${A}  evidence/a.jpg\n${B}  report.html\n${M}  manifest.json\n`, []],
    ['a wrong hash', `${B}  evidence/a.jpg\n${B}  report.html\n${M}  manifest.json\n`, ['gives evidence/a.jpg sha256']],
    ['a missing line', `${A}  evidence/a.jpg\n${M}  manifest.json\n`, ['does not list report.html']],
    ['an extra line', `${A}  evidence/a.jpg\n${B}  report.html\n${M}  manifest.json\n${A}  planted.txt\n`, ['lists planted.txt, which the manifest does not']],
    ['a duplicate line', `${A}  evidence/a.jpg\n${A}  evidence/a.jpg\n${B}  report.html\n${M}  manifest.json\n`, ['a second time']],
  ])('against the manifest: %s', (_label, text, expected) => {
    const problems = checkSums(text, manifest(), M).map((p) => p.problem);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(problems[i]).toContain(fragment));
  });
});
