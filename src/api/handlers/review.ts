import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../core.js';
import { isoUtc } from '../../util/clock.js';
import { tool } from '../../version.js';
import { itemView } from '../../items/item-view.js';
import type { HandlerSet } from '../handler-types.js';
import type { ItemFilter } from '../contract/review.js';
import { servableBlob } from './review-blob.js';
import { describeFields } from './review-fields.js';
import { applyFilter, facet, SummaryCache } from './review-summary.js';

type ReviewOperation = 'app.info' | 'export.suggestPath' | 'items.summary' | 'item.detail' | 'item.setNotes' | 'item.setTags' | 'item.setGrading' | 'timeline.data' | 'map.data' | 'blob.info';

const caches = new WeakMap<Core, SummaryCache>();

/** One summary cache per open core, shared by every door of a running app. */
function summaryCacheOf(core: Core): SummaryCache {
  let cache = caches.get(core);
  if (!cache) {
    cache = new SummaryCache(core.db);
    caches.set(core, cache);
  }
  return cache;
}

/** What reviewing a case needs beyond the core operations: the grid, detail, notes, tags, grading, timeline and map. */
export function reviewHandlers(core: Core): HandlerSet<ReviewOperation> {
  const summaries = summaryCacheOf(core);
  const filteredRows = (caseId: number, filter?: ItemFilter) => {
    const c = core.cases.get(caseId);
    const all = summaries.rows(c);
    return { c, all, rows: applyFilter(all, filter, () => summaries.haystacks(c)) };
  };
  const view = (itemId: number) => {
    const item = core.items.get(itemId);
    return itemView(item, core.cases.get(item.caseId));
  };
  const operatorOf = (req: { operator?: string | undefined }) => req.operator ?? core.defaultOperator;

  return {
    'items.summary': async (req) => {
      const { c, all, rows } = filteredRows(req.caseId, req.filter);
      return {
        case: c,
        total: all.length,
        rows: req.limit === undefined ? rows : rows.slice(0, req.limit),
        facets: {
          kinds: facet(all, (row) => [row.kind]),
          platforms: facet(all, (row) => [row.platform]),
          tags: facet(all, (row) => row.tags),
          flags: facet(all, (row) => row.flags),
        },
      };
    },
    'item.detail': async (req) => {
      const item = view(req.itemId);
      return { item, case: core.cases.get(item.caseId), fields: describeFields(item), custody: core.ledger.list(item.caseId, item.id) };
    },
    'item.setNotes': async (req) => {
      const before = core.items.get(req.itemId);
      if (before.notes === req.notes) return view(req.itemId);
      core.items.update(req.itemId, { notes: req.notes }, operatorOf(req), 'note changed', { previousLength: before.notes.length, length: req.notes.length });
      return view(req.itemId);
    },
    'item.setTags': async (req) => {
      const before = core.items.get(req.itemId);
      const tags = [...new Set(req.tags)];
      if (JSON.stringify(before.tags) === JSON.stringify(tags)) return view(req.itemId);
      const added = tags.filter((tag) => !before.tags.includes(tag));
      const removed = before.tags.filter((tag) => !tags.includes(tag));
      core.items.update(req.itemId, { tags }, operatorOf(req), 'tags changed', { added, removed });
      return view(req.itemId);
    },
    'item.setGrading': async (req) => {
      const before = core.items.get(req.itemId);
      const grading = req.grading ? { ...req.grading, conditions: req.grading.handling === 'C' ? (req.grading.conditions ?? null) : null } : null;
      if (JSON.stringify(before.grading) === JSON.stringify(grading)) return view(req.itemId);
      core.items.update(req.itemId, { grading }, operatorOf(req), 'grading changed', { previous: before.grading });
      return view(req.itemId);
    },
    'timeline.data': async (req) => {
      const { c, rows } = filteredRows(req.caseId, req.filter);
      return {
        incidentTime: c.incidentTime,
        window: c.window,
        ids: rows.map((row) => row.id),
        kinds: rows.map((row) => row.kind),
        eventMs: rows.map((row) => (row.eventUtc ? Date.parse(row.eventUtc) : null)),
        acquiredMs: rows.map((row) => Date.parse(row.acquiredAt)),
        eventSources: rows.map((row) => row.eventSource),
        outsideWindow: rows.map((row) => row.withinWindow === false),
      };
    },
    'map.data': async (req) => {
      const { c, rows } = filteredRows(req.caseId, req.filter);
      const placed = rows.filter((row) => row.lat !== null && row.lon !== null);
      return {
        scene: c.scene,
        ids: placed.map((row) => row.id),
        kinds: placed.map((row) => row.kind),
        lat: placed.map((row) => row.lat as number),
        lon: placed.map((row) => row.lon as number),
        withinRadius: placed.map((row) => (row.distanceM === null || !c.scene ? null : row.distanceM <= c.scene.radiusM)),
        unplaced: rows.length - placed.length,
      };
    },
    'blob.info': async (req) => servableBlob(core.db, req.sha256),
    'app.info': async () => ({ dataDir: core.dataDir, operator: core.defaultOperator, tool: tool.name, version: tool.version }),
    'export.suggestPath': async (req) => {
      const c = core.cases.get(req.caseId);
      const folder = join(core.dataDir, 'exports');
      mkdirSync(folder, { recursive: true });
      const stamp = isoUtc(core.clock.now()).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const slug = c.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'case';
      let path = join(folder, `case-${c.id}-${slug}-${stamp}.zip`);
      for (let n = 2; existsSync(path); n++) path = join(folder, `case-${c.id}-${slug}-${stamp}-${n}.zip`);
      return { path };
    },
  };
}
