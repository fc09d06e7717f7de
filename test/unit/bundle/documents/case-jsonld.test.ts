import { describe, expect, it } from 'vitest';
import { caseJsonLd } from '../../../../src/bundle/documents/case-jsonld.js';
import type { ManifestFile } from '../../../../src/bundle/format/manifest.js';
import type { Case } from '../../../../src/domain/case.js';
import type { ItemView } from '../../../../src/items/item-view.js';

const c = { id: 1, uuid: 'case-uuid', title: 'T', reference: 'R1', scene: null, incidentTime: null, timezone: null, window: { beforeMin: 60, afterMin: 60 }, createdAt: 'x', createdBy: 'x' } as Case;
const item = (id: number, sourceUrl: string | null, withdrawn = false) => ({ id, uuid: `uuid-${id}`, parentId: null, originalName: `f${id}`, title: null, sourceUrl, sourcePath: sourceUrl ? null : `/in/f${id}`,
  acquiredAt: '2026-11-21T10:00:00.000Z', acquiredBy: 'alice', triage: { status: 'new', assignee: null }, withdrawn: withdrawn ? { at: 'a', by: 'b', reason: 'wrong scene' } : null }) as unknown as ItemView;
const file = (sha: string, role: ManifestFile['role'] = 'original'): ManifestFile => ({ path: `evidence/${sha}.bin`, size: 3, sha256: sha, mediaType: 'application/octet-stream', role });

describe('case.jsonld (CASE/UCO)', () => {
  it('an InvestigativeAction per acquisition, a ProvenanceRecord per exhibit, one File per content with its SHA-256 facet', () => {
    const shared = 'a'.repeat(64);
    const graph = (JSON.parse(Buffer.concat([...caseJsonLd(c, [item(1, 'https://x.example/p'), item(2, null, true)], new Map([
      [1, [file(shared), file(shared, 'artifact'), file('b'.repeat(64), 'artifact')]],
      [2, [file(shared)]],
    ]))]).toString('utf8')) as { '@graph': Record<string, unknown>[] })['@graph'];
    const ofType = (type: string) => graph.filter((node) => node['@type'] === type);
    expect(ofType('case-investigation:Investigation')).toHaveLength(1);
    expect(ofType('case-investigation:InvestigativeAction').map((a) => a['core:name'])).toEqual(['capture', 'import']);
    expect(ofType('case-investigation:ProvenanceRecord').map((r) => r['case-investigation:exhibitNumber'])).toEqual(['1', '2']);
    expect(String(ofType('case-investigation:ProvenanceRecord')[1]?.['core:description'])).toContain('WITHDRAWN');
    const files = ofType('observable:File');
    expect(files.map((f) => f['@id'])).toEqual([`kb:file-sha256-${shared}`, `kb:file-sha256-${'b'.repeat(64)}`]);
    expect(JSON.stringify(files[0])).toContain('"@value":"SHA256"');
    expect(JSON.stringify(files[0])).toContain(`"types:hashValue":{"@type":"xsd:hexBinary","@value":"${shared}"}`);
    expect(ofType('case-investigation:ProvenanceRecord')[0]?.['core:object']).toEqual([{ '@id': `kb:file-sha256-${shared}` }, { '@id': `kb:file-sha256-${'b'.repeat(64)}` }]);
  });
});
