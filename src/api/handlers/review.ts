import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../core.js';
import type { CustodyAction } from '../../custody/chain.js';
import type { Item } from '../../domain/item.js';
import type { ItemPatch } from '../../items/item-repository.js';
import { isoUtc } from '../../util/clock.js';
import { tool } from '../../version.js';
import { DATA_MODES } from '../../config/data-permissions.js';
import { itemView } from '../../items/item-view.js';
import { exportFolder } from '../team-access.js';
import type { HandlerSet } from '../handler-types.js';
import type { ItemFilter } from '../contract/review.js';
import { watchMarks } from '../../watch/timeline-marks.js';
import { servableBlob } from './review-blob.js';
import { describeFields } from './review-fields.js';
import { applyFilter, facet } from './review-summary.js';

type ReviewOperation = 'app.info' | 'export.suggestPath' | 'items.summary' | 'item.detail' | 'item.setNotes' | 'item.setTags' | 'item.setGrading' | 'timeline.data' | 'map.data' | 'blob.info';

const SELF_THUMB_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/** A child item as its parent's card shows it. */
function childOf(child: Item) {
  const thumb = child.artifacts.find((a) => a.role === 'thumbnail') ?? child.artifacts.find((a) => a.role === 'poster');
  return {
    id: child.id, kind: child.kind, name: child.title ?? child.originalName ?? child.sourceUrl ?? `Item ${child.id}`, mediaType: child.mediaType,
    sha256: child.sha256, thumbSha256: thumb?.sha256 ?? (SELF_THUMB_TYPES.has(child.mediaType) ? child.sha256 : null), flags: child.flags, withdrawn: child.withdrawn !== null,
    sourceUrl: child.sourceUrl, capture: child.capture,
  };
}

/** What reviewing a case needs beyond the core operations: the grid, detail, notes, tags, grading, timeline and map. */
export function reviewHandlers(core: Pick<Core, 'store' | 'cases' | 'items' | 'ledger' | 'review' | 'summaries' | 'clock' | 'dataDir' | 'defaultOperator' | 'watch'>): HandlerSet<ReviewOperation> {
  const { summaries } = core;
  const filteredRows = async (caseId: number, filter?: ItemFilter) => {
    const c = await core.cases.get(caseId);
    const all = await summaries.rows(c);
    return { c, all, rows: await applyFilter(all, filter, () => summaries.haystacks(c)) };
  };
  const view = async (itemId: number) => {
    const item = await core.items.get(itemId);
    return itemView(item, await core.cases.get(item.caseId));
  };
  const operatorOf = (req: { operator?: string | undefined }) => req.operator ?? core.defaultOperator;
  /** Reads the item and writes the change `decide` makes of it (none when it changes nothing) in one unit of work. */
  const changeItem = async (itemId: number, decide: (before: Item) => { patch: ItemPatch; operator: string; action: CustodyAction; details: Record<string, unknown> } | null) => {
    const item = await core.store.withTransaction(async (tx) => {
      const before = await tx.items.get(itemId);
      const change = decide(before);
      return change ? tx.items.update(itemId, change.patch, change.operator, change.action, change.details) : before;
    });
    return itemView(item, await core.cases.get(item.caseId));
  };

  return {
    'items.summary': async (req) => {
      const { c, all, rows } = await filteredRows(req.caseId, req.filter);
      return {
        case: c,
        total: all.length,
        rows: req.limit === undefined ? rows : rows.slice(0, req.limit),
        facets: {
          kinds: facet(all, (row) => [row.kind]),
          platforms: facet(all, (row) => [row.platform]),
          tags: facet(all, (row) => row.tags),
          flags: facet(all, (row) => row.flags),
          statuses: facet(all, (row) => [row.status]),
          assignees: facet(all, (row) => [row.assignee]),
        },
      };
    },
    'item.detail': async (req) => {
      const item = await view(req.itemId);
      const children = await core.items.list(item.caseId, { parentId: item.id, includeWithdrawn: true });
      return { item, case: await core.cases.get(item.caseId), fields: describeFields(item), custody: await core.ledger.list(item.caseId, item.id), children: children.map(childOf) };
    },
    'item.setNotes': async (req) => changeItem(req.itemId, (before) => before.notes === req.notes ? null
      : { patch: { notes: req.notes }, operator: operatorOf(req), action: 'note changed', details: { previousLength: before.notes.length, length: req.notes.length } }),
    'item.setTags': async (req) => changeItem(req.itemId, (before) => {
      const tags = [...new Set(req.tags)];
      if (JSON.stringify(before.tags) === JSON.stringify(tags)) return null;
      const added = tags.filter((tag) => !before.tags.includes(tag));
      const removed = before.tags.filter((tag) => !tags.includes(tag));
      return { patch: { tags }, operator: operatorOf(req), action: 'tags changed', details: { added, removed } };
    }),
    'item.setGrading': async (req) => changeItem(req.itemId, (before) => {
      const grading = req.grading ? { ...req.grading, conditions: req.grading.handling === 'C' ? (req.grading.conditions ?? null) : null } : null;
      if (JSON.stringify(before.grading) === JSON.stringify(grading)) return null;
      return { patch: { grading }, operator: operatorOf(req), action: 'grading changed', details: { previous: before.grading } };
    }),
    'timeline.data': async (req) => {
      const { c, rows } = await filteredRows(req.caseId, req.filter);
      return {
        incidentTime: c.incidentTime,
        window: c.window,
        ids: rows.map((row) => row.id),
        kinds: rows.map((row) => row.kind),
        eventMs: rows.map((row) => (row.eventUtc ? Date.parse(row.eventUtc) : null)),
        acquiredMs: rows.map((row) => Date.parse(row.acquiredAt)),
        eventSources: rows.map((row) => row.eventSource),
        outsideWindow: rows.map((row) => row.withinWindow === false),
        watchMarks: watchMarks(await core.watch.changes(c.id)),
      };
    },
    'map.data': async (req) => {
      const { c, rows } = await filteredRows(req.caseId, req.filter);
      const placed = rows.filter((row) => row.lat !== null && row.lon !== null);
      return {
        scene: c.scene,
        ids: placed.map((row) => row.id),
        kinds: placed.map((row) => row.kind),
        lat: placed.map((row) => row.lat as number),
        lon: placed.map((row) => row.lon as number),
        withinRadius: placed.map((row) => (row.distanceM === null || !c.scene ? null : row.distanceM <= c.scene.radiusM)),
        withinWindow: placed.map((row) => row.withinWindow),
        unplaced: rows.length - placed.length,
      };
    },
    'blob.info': async (req) => servableBlob(core.review, req.sha256),
    'app.info': async (_req, context) => ({ dataDir: core.dataDir, operator: context.actor?.name ?? core.defaultOperator, tool: tool.name, version: tool.version }),
    'export.suggestPath': async (req, context) => {
      const c = await core.cases.get(req.caseId);
      // On a team server each user's bundles go to their own folder, which only they download from.
      const folder = context.actor ? exportFolder(core.dataDir, context.actor.userId) : join(core.dataDir, 'exports');
      mkdirSync(folder, { recursive: true, mode: DATA_MODES.folder });
      const stamp = isoUtc(core.clock.now()).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const slug = c.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'case';
      let path = join(folder, `case-${c.id}-${slug}-${stamp}.zip`);
      for (let n = 2; existsSync(path); n++) path = join(folder, `case-${c.id}-${slug}-${stamp}-${n}.zip`);
      return { path };
    },
  };
}
