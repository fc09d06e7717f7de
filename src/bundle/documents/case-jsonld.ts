import type { Case } from '../../domain/case.js';
import type { ItemComment } from '../../domain/item.js';
import type { ItemView } from '../../items/item-view.js';
import { tool } from '../../version.js';
import type { ManifestFile } from '../format/manifest.js';

/** The CASE/UCO (caseontology.org, UCO 1.x) prefixes the graph uses. */
const CONTEXT = {
  kb: 'urn:goldenhour:',
  'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
  core: 'https://ontology.unifiedcyberontology.org/uco/core/',
  action: 'https://ontology.unifiedcyberontology.org/uco/action/',
  identity: 'https://ontology.unifiedcyberontology.org/uco/identity/',
  observable: 'https://ontology.unifiedcyberontology.org/uco/observable/',
  tool: 'https://ontology.unifiedcyberontology.org/uco/tool/',
  types: 'https://ontology.unifiedcyberontology.org/uco/types/',
  vocabulary: 'https://ontology.unifiedcyberontology.org/uco/vocabulary/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const dateTime = (value: string) => ({ '@type': 'xsd:dateTime', '@value': value });

function fileNode(id: string, file: ManifestFile, name: string | null): Record<string, unknown> {
  return {
    '@id': id,
    '@type': 'observable:File',
    'core:hasFacet': [
      { '@id': `${id}-file-facet`, '@type': 'observable:FileFacet', 'observable:fileName': name ?? file.path.split('/').pop(),
        'observable:sizeInBytes': { '@type': 'xsd:integer', '@value': String(file.size) }, 'observable:filePath': file.path },
      { '@id': `${id}-content-facet`, '@type': 'observable:ContentDataFacet', 'observable:mimeType': file.mediaType,
        'observable:hash': [{ '@id': `${id}-hash`, '@type': 'types:Hash',
          'types:hashMethod': { '@type': 'vocabulary:HashNameVocab', '@value': 'SHA256' },
          'types:hashValue': { '@type': 'xsd:hexBinary', '@value': file.sha256 } }] },
    ],
  };
}

/**
 * `case.jsonld`: the case as a CASE/UCO graph. Each exhibit (item) is a `File` with its SHA-256
 * hash facet (and one per artifact), a `ProvenanceRecord`, and the `InvestigativeAction` that
 * acquired it (a capture when it came from a URL, an import otherwise), performed by its
 * operator with Golden Hour as instrument. An item's triage (once triaged) and each comment on it
 * are `Annotation`s of its provenance record, naming who wrote the comment and when. Written node by node (pretty JSON, one document), so
 * a case of any size needs one item's nodes in memory at a time.
 */
export function* caseJsonLd(c: Case, items: ItemView[], filesByItem: Map<number, ManifestFile[]>, commentsByItem: Map<number, ItemComment[]> = new Map()): Generator<Buffer> {
  const toolId = `kb:tool-${tool.id}-${tool.version}`;
  const block = (value: unknown) => JSON.stringify(value, null, 2).replace(/^/gm, '    ');
  let first = true;
  const node = (value: Record<string, unknown>): Buffer => {
    const text = `${first ? '' : ',\n'}${block(value)}`;
    first = false;
    return Buffer.from(text);
  };
  yield Buffer.from(`{\n  "@context": ${JSON.stringify(CONTEXT, null, 2).replace(/\n/g, '\n  ')},\n  "@graph": [\n`);
  yield node({
    '@id': `kb:investigation-${c.uuid}`,
    '@type': 'case-investigation:Investigation',
    'core:name': c.title,
    'case-investigation:focus': c.reference ?? undefined,
    'core:description': `Incident ${c.incidentTime ?? 'time unknown'}${c.scene ? ` at ${c.scene.lat},${c.scene.lon} (radius ${c.scene.radiusM} m)` : ''}`,
    'core:object': items.map((item) => ({ '@id': `kb:provenance-record-${item.uuid}` })),
  });
  yield node({ '@id': toolId, '@type': 'tool:Tool', 'core:name': tool.name, 'tool:version': tool.version, 'tool:toolType': 'evidence capture and sealing' });
  const performers = new Set<string>();
  const identity = function* (name: string): Generator<Buffer, string> {
    const id = `kb:identity-${encodeURIComponent(name)}`;
    if (!performers.has(id)) {
      performers.add(id);
      yield node({ '@id': id, '@type': 'identity:Identity', 'core:name': name });
    }
    return id;
  };
  // One File per content: an item's original that is also one of its artifacts (a capture
  // record), or content shared by items, is one node referenced from each.
  const emitted = new Set<string>();
  for (const item of items) {
    const performerId = yield* identity(item.acquiredBy);
    const fileIds: { '@id': string }[] = [];
    const files = filesByItem.get(item.id) ?? [];
    for (const [index, file] of files.entries()) {
      const id = `kb:file-sha256-${file.sha256}`;
      if (!fileIds.some((ref) => ref['@id'] === id)) fileIds.push({ '@id': id });
      if (emitted.has(id)) continue;
      emitted.add(id);
      yield node(fileNode(id, file, index === 0 ? item.originalName : null));
    }
    const recordId = `kb:provenance-record-${item.uuid}`;
    yield node({
      '@id': recordId,
      '@type': 'case-investigation:ProvenanceRecord',
      'case-investigation:exhibitNumber': String(item.id),
      'core:description': item.withdrawn ? `WITHDRAWN ${item.withdrawn.at} by ${item.withdrawn.by}: ${item.withdrawn.reason}` : (item.title ?? item.originalName ?? item.sourceUrl ?? `item ${item.id}`),
      'case-investigation:rootExhibitNumber': item.parentId === null ? String(item.id) : String(item.parentId),
      'core:object': fileIds,
    });
    const captured = item.sourceUrl !== null;
    yield node({
      '@id': `kb:investigative-action-${item.uuid}`,
      '@type': 'case-investigation:InvestigativeAction',
      'core:name': captured ? 'capture' : 'import',
      'core:description': captured ? `Captured from ${item.sourceUrl}` : `Imported from ${item.sourcePath ?? item.originalName ?? 'a file'}`,
      'action:startTime': dateTime(item.acquiredAt),
      'action:performer': { '@id': performerId },
      'action:instrument': { '@id': toolId },
      'action:result': [...fileIds, { '@id': recordId }],
    });
    if (item.triage.status !== 'new' || item.triage.assignee !== null) {
      yield node({
        '@id': `kb:triage-${item.uuid}`, '@type': 'core:Annotation', 'core:object': [{ '@id': recordId }], 'core:tag': [`triage:${item.triage.status}`],
        'core:statement': `Triage status ${item.triage.status}; assigned to ${item.triage.assignee ?? 'no one'}`,
      });
    }
    for (const comment of commentsByItem.get(item.id) ?? []) {
      const authorId = yield* identity(comment.author);
      yield node({
        '@id': `kb:comment-${item.uuid}-${comment.id}`, '@type': 'core:Annotation', 'core:object': [{ '@id': recordId }], 'core:tag': ['comment'],
        'core:statement': comment.body, 'core:createdBy': { '@id': authorId }, 'core:objectCreatedTime': dateTime(comment.at),
      });
    }
  }
  yield Buffer.from('\n  ]\n}\n');
}
