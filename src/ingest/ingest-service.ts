import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Case } from '../domain/case.js';
import type { Item } from '../domain/item.js';
import type { ItemPatch } from '../items/item-repository.js';
import type { CaseRepository, ItemRepository } from '../store/repositories.js';
import { kindForMediaType, sniffMediaType } from '../items/sniff.js';
import type { ReadChange, Vault } from '../vault/vault.js';
import { refuseClosedCase } from '../cases/closed-case.js';
import { DATA_MODES } from '../config/data-permissions.js';
import { errorMessage } from '../util/errors.js';
import { walkPaths } from './walk.js';
import type { ProofModeImporter } from './proofmode-import.js';

/**
 * Reads what an item's content says about it (time, place, previews...). Given the stored
 * blob's path, never the original; returns the patch to record, with any per-file notes.
 */
export interface ItemAnalyser {
  analyse(item: Item, blobPath: string, c: Case): Promise<{ patch: ItemPatch; notes?: string[] } | null>;
}

/** The flag of a file whose size or modification time changed while it was read into the vault. */
export const CHANGED_DURING_READ = 'changed-during-read';

/**
 * What the `item acquired` entry records about an imported file beyond its covered state: a name
 * that is not UTF-8 as its exact bytes (the item shows it escaped), a link's target, and what
 * was seen of a file that changed while it was read (stored as read, and flagged).
 */
function importDetails(source: { raw?: Buffer; linkTarget?: string }, changed: ReadChange | undefined): Record<string, unknown> {
  return {
    method: 'file import',
    ...(source.raw ? { sourcePathBytes: source.raw.toString('base64'), sourcePathNote: 'the file name is not valid UTF-8: sourcePath shows its other bytes as \\xNN; sourcePathBytes (base64) holds them exactly' } : {}),
    ...(source.linkTarget ? { symlink: { link: 'sourcePath is a symbolic link; the content stored is its target\'s', target: source.linkTarget } } : {}),
    ...(changed ? { changedDuringRead: changed } : {}),
  };
}

/** Progress of an ingest, for the CLI and the desktop app. */
export type IngestProgress =
  | { type: 'file-done'; path: string; itemId: number; alreadyPresent: boolean; done: number }
  | { type: 'file-failed'; path: string; error: string; done: number };

export interface IngestResult {
  items: Item[];
  alreadyPresent: { path: string; itemId: number; sha256: string }[];
  /**
   * Files from a path not seen before whose content an item of the case already holds. Each is
   * still recorded as its own item (its source path and acquisition are evidence too), with the
   * earlier item named in its custody entry (`sameContentAs`), and listed here so no door adds
   * it silently.
   */
  sameContent: { path: string; itemId: number; sameAs: number; sha256: string }[];
  errors: { path: string; error: string }[];
  /** Per-file remarks from analysis (a truncated photo, a video with no streams...). */
  notes: { path: string; itemId: number; note: string }[];
}

export interface IngestOptions {
  operator: string;
  concurrency?: number;
  onProgress?: (event: IngestProgress) => void;
  /** More of what a new item's custody entry says of where it came from (a push names its local case). */
  acquisition?: (path: string) => Record<string, unknown>;
}

/**
 * Copies files and folders into the vault and records them as items. Each file is hashed as it
 * streams into the vault, then recorded with its custody entry in one transaction; a file whose
 * path and content are already in the case is reported, not added again, so an interrupted
 * ingest can simply be run again (a file it recorded but had not yet analysed is analysed then).
 */
export class IngestService {
  constructor(
    private readonly vault: Vault,
    private readonly cases: CaseRepository,
    private readonly items: ItemRepository,
    private readonly analyser: ItemAnalyser | null = null,
    /** Where re-run analyses leave a marker while they run (null: none, every re-run retries). */
    private readonly attemptsDir: string | null = null,
    /** Golden Hour's own data folder, refused as a source (null: none to refuse). */
    private readonly dataDir: string | null = null,
    /** Expands ProofMode bundles into their media (null: zips stay single items). */
    private readonly proofMode: ProofModeImporter | null = null,
  ) {}

  async ingest(caseId: number, paths: string[], options: IngestOptions): Promise<IngestResult> {
    const c = await this.cases.get(caseId);
    refuseClosedCase(c);
    const result: IngestResult = { items: [], alreadyPresent: [], sameContent: [], errors: [], notes: [] };
    const concurrency = Math.max(1, options.concurrency ?? 4);
    let done = 0;
    const running = new Set<Promise<void>>();
    // Files are stored and analysed concurrently, but recorded in the order they were found, so
    // item numbers follow the folder order whatever finishes first.
    let recordTurn: Promise<unknown> = Promise.resolve();
    for await (const found of walkPaths(paths, this.dataDir)) {
      if ('error' in found) {
        result.errors.push(found);
        options.onProgress?.({ type: 'file-failed', path: found.path, error: found.error, done: ++done });
        continue;
      }
      const previousTurn = recordTurn;
      let releaseTurn!: () => void;
      recordTurn = new Promise<void>((resolve) => (releaseTurn = resolve));
      const turn = { wait: () => previousTurn, release: () => releaseTurn() };
      const task = this.ingestFile(c, found, options.operator, result, turn, options.acquisition?.(found.path)).then(
        (event) => options.onProgress?.({ ...event, done: ++done }),
        (error: unknown) => {
          result.errors.push({ path: found.path, error: errorMessage(error) });
          options.onProgress?.({ type: 'file-failed', path: found.path, error: errorMessage(error), done: ++done });
        },
      );
      running.add(task);
      void task.finally(() => running.delete(task));
      if (running.size >= concurrency) await Promise.race(running);
    }
    await Promise.all(running);
    result.items.sort((a, b) => a.id - b.id);
    return result;
  }

  private async ingestFile(c: Case, source: { path: string; raw?: Buffer; linkTarget?: string }, operator: string, result: IngestResult, turn: { wait: () => Promise<unknown>; release: () => void }, acquisition?: Record<string, unknown>) {
    const path = source.path;
    let item: Item;
    let alreadyPresent = false;
    try {
      const stored = await this.vault.putFile(source.raw ?? path, path);
      const mediaType = await sniffMediaType(stored.head, this.vault.pathOf(stored.sha256));
      await turn.wait();
      // The same content from another path is recorded too (its source is evidence), naming the earlier item.
      const same = await this.items.findByContent(c.id, stored.sha256);
      const recorded = await this.items.insertFromSource(
        { caseId: c.id, kind: kindForMediaType(mediaType), sha256: stored.sha256, size: stored.size, mediaType,
          originalName: basename(path), sourcePath: path, flags: stored.changedDuringRead ? [CHANGED_DURING_READ] : [] },
        operator,
        { ...importDetails(source, stored.changedDuringRead), ...acquisition, ...(same ? { sameContentAs: same.id } : {}) },
      );
      if (!recorded.created) {
        const present = recorded.item;
        result.alreadyPresent.push({ path, itemId: present.id, sha256: stored.sha256 });
        // Recorded by a run that was stopped before analysing it: analysed now. Otherwise done.
        if (!this.analyser || present.metadata !== null || present.withdrawn) return { type: 'file-done' as const, path, itemId: present.id, alreadyPresent: true };
        alreadyPresent = true;
      } else if (same) {
        result.sameContent.push({ path, itemId: recorded.item.id, sameAs: same.id, sha256: stored.sha256 });
      }
      item = recorded.item;
    } finally {
      // Pass the turn on only after the file before this one is recorded (even if this one failed).
      await turn.wait();
      turn.release();
    }
    if (this.analyser) {
      // A re-run's analysis leaves a marker while it runs: if it is found on the next run, that
      // analysis never finished (the program was stopped, or a file crashed the decoder), and it is
      // not tried a third time, so one hostile file cannot stop every later ingest.
      const marker = alreadyPresent && this.attemptsDir ? join(this.attemptsDir, `case-${c.id}-item-${item.id}`) : null;
      if (marker && existsSync(marker)) {
        result.notes.push({ path, itemId: item.id, note: `not analysed: an earlier run's attempt never finished (the program stopped while reading this file, which may crash the decoder); it is kept and hashed as received; delete ${marker} to try again` });
        return { type: 'file-done' as const, path, itemId: item.id, alreadyPresent: true };
      }
      if (marker) {
        await mkdir(this.attemptsDir!, { recursive: true, mode: DATA_MODES.folder });
        await writeFile(marker, `${new Date().toISOString()} pid ${process.pid}\n`, { mode: DATA_MODES.file });
      }
      try {
        const analysis = await this.analyser.analyse(item, this.vault.pathOf(item.sha256), c);
        if (analysis) {
          item = await this.items.update(item.id, analysis.patch, operator, 'item analysed');
          for (const note of analysis.notes ?? []) result.notes.push({ path, itemId: item.id, note });
        }
      } catch (error) {
        // The evidence is kept and hashed whatever its content; analysis failing is a note, not a loss.
        result.notes.push({ path, itemId: item.id, note: `analysis failed: ${errorMessage(error)}` });
      }
      if (marker) await rm(marker, { force: true });
    }
    if (this.proofMode && item.mediaType === 'application/zip') {
      try {
        const expanded = await this.proofMode.expand(c, item, path, operator);
        if (expanded) {
          item = expanded.bundle;
          result.items.push(...expanded.items);
          result.alreadyPresent.push(...expanded.alreadyPresent);
          result.notes.push(...expanded.notes);
        }
      } catch (error) {
        // The bundle itself is recorded and kept whole; its media could not all be taken out.
        result.notes.push({ path, itemId: item.id, note: `ProofMode bundle not fully expanded: ${errorMessage(error)}; the bundle is kept as received, run the import again to retry` });
      }
    }
    if (alreadyPresent) return { type: 'file-done' as const, path, itemId: item.id, alreadyPresent: true };
    result.items.push(item);
    return { type: 'file-done' as const, path, itemId: item.id, alreadyPresent: false };
  }
}
