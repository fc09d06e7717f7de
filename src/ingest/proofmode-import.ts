import { basename } from 'node:path';
import type { Case } from '../domain/case.js';
import type { Item } from '../domain/item.js';
import type { ItemRepository } from '../store/repositories.js';
import { kindForMediaType, sniffMediaType } from '../items/sniff.js';
import type { Vault } from '../vault/vault.js';
import { SafeZipReader } from '../zip/safe-zip-reader.js';
import { errorMessage } from '../util/errors.js';
import type { ItemAnalyser } from './ingest-service.js';
import { isProofModeBundle, PROOFMODE_VERIFIER, provenanceFlags, provenanceOf, readSideFiles } from './proofmode.js';

/** What expanding one bundle gave. */
export interface ProofModeExpansion {
  /** The bundle's own item, with what was found in it. */
  bundle: Item;
  items: Item[];
  alreadyPresent: { path: string; itemId: number; sha256: string }[];
  notes: { path: string; itemId: number; note: string }[];
}

/**
 * Imports a ProofMode bundle as one unit: the zip stays an item of its own, byte for byte (so
 * every file of the bundle is kept, checked or not), and each media file in it becomes a child
 * item of the zip, analysed like any import, with the bundle's proof as its provenance
 * (`metadata.proofMode`). Running it again adds nothing: each child is found by its source
 * (`BUNDLE!/ENTRY`) and hash.
 */
export class ProofModeImporter {
  constructor(
    private readonly vault: Vault,
    private readonly items: ItemRepository,
    private readonly analyser: ItemAnalyser | null,
  ) {}

  /** Expands `bundle` (an item already recorded from `path`); null when the zip is not a ProofMode bundle. */
  async expand(c: Case, bundle: Item, path: string, operator: string): Promise<ProofModeExpansion | null> {
    let zip: SafeZipReader;
    try {
      zip = await SafeZipReader.open(this.vault.pathOf(bundle.sha256));
    } catch {
      return null;
    }
    try {
      if (!isProofModeBundle(zip.entries)) return null;
      const side = await readSideFiles(zip);
      const result: ProofModeExpansion = { bundle, items: [], alreadyPresent: [], notes: [] };
      const children: { entry: string; itemId: number; sha256: string }[] = [];
      for (const entry of side.layout.media) {
        const sourcePath = `${path}!/${entry.name}`;
        const stored = await this.vault.putStream(await zip.openEntry(entry, entry.uncompressedSize));
        const blobPath = this.vault.pathOf(stored.sha256);
        const mediaType = await sniffMediaType(stored.head, blobPath);
        // Looked up and recorded in one step, as for any imported file: two imports of the same bundle add each file once.
        const recorded = await this.items.insertFromSource(
          { caseId: c.id, kind: kindForMediaType(mediaType), sha256: stored.sha256, size: stored.size, mediaType,
            originalName: basename(entry.name), sourcePath, parentId: bundle.id },
          operator,
          { method: 'ProofMode bundle', bundleItemId: bundle.id, entry: entry.name },
        );
        const present = recorded.created ? null : recorded.item;
        let item = recorded.item;
        children.push({ entry: entry.name, itemId: item.id, sha256: stored.sha256 });
        if (present) {
          result.alreadyPresent.push({ path: sourcePath, itemId: present.id, sha256: stored.sha256 });
          if (present.metadata !== null) continue;
        }
        const provenance = await provenanceOf(side, entry, stored.sha256, blobPath, { itemId: bundle.id, name: basename(path) });
        let analysis: Awaited<ReturnType<ItemAnalyser['analyse']>> = null;
        try {
          analysis = this.analyser ? await this.analyser.analyse(item, blobPath, c) : null;
        } catch (error) {
          result.notes.push({ path: sourcePath, itemId: item.id, note: `analysis failed: ${errorMessage(error)}` });
        }
        const patch = analysis?.patch ?? {};
        const flags = [...new Set([...(patch.flags ?? item.flags), ...provenanceFlags(provenance)])];
        item = await this.items.update(item.id, { ...patch, metadata: { ...(patch.metadata ?? item.metadata ?? {}), proofMode: provenance }, flags }, operator, 'item analysed');
        for (const note of analysis?.notes ?? []) result.notes.push({ path: sourcePath, itemId: item.id, note });
        result.notes.push({ path: sourcePath, itemId: item.id, note: provenance.summary });
        if (!present) result.items.push(item);
      }
      const refused = side.layout.other.filter((entry) => entry.refusal);
      result.bundle = await this.items.update(bundle.id, {
        metadata: {
          ...(bundle.metadata ?? {}),
          proofModeBundle: {
            verifier: PROOFMODE_VERIFIER,
            media: children,
            entries: zip.entries.filter((entry) => !entry.isDirectory).map((entry) => ({ name: entry.name, size: entry.uncompressedSize, refusal: entry.refusal })),
          },
        },
      }, operator, 'item analysed');
      for (const entry of refused) result.notes.push({ path, itemId: bundle.id, note: `bundle entry ${JSON.stringify(entry.name)} not read: ${entry.refusal}; it is kept inside the bundle as received` });
      return result;
    } finally {
      zip.close();
    }
  }
}
