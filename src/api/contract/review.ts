import { z } from 'zod';
import { caseSchema, sceneSchema, windowSchema } from '../../domain/case.js';
import { gradingSchema, triageStatusSchema } from '../../domain/item.js';
import { custodyEntrySchema } from '../../custody/chain.js';
import { itemViewSchema } from '../../items/item-view.js';
import { idSchema, operation, operatorField } from '../operation.js';
import { watchMarkSchema } from '../../watch/timeline-marks.js';

/** Flags worked out from the case rather than stored: shown and filtered like stored ones. */
export const derivedFlags = ['no-time', 'outside-window', 'outside-radius', 'withdrawn', 'ungraded'] as const;

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 time such as 2024-05-01T12:00:00Z');

/** What the evidence grid, timeline and map may be narrowed to. Every field is optional. */
export const itemFilterSchema = z.strictObject({
  /** Words matched (case-insensitively, all of them) against names, URLs, post text, notes and tags. */
  text: z.string().max(500).optional(),
  kinds: z.array(z.enum(['photo', 'video', 'page', 'file'])).max(4).optional(),
  platforms: z.array(z.string().max(100)).max(100).optional(),
  tags: z.array(z.string().max(100)).max(100).optional(),
  /** Items carrying any of these flags (stored ones such as `login-wall`, or derived ones). */
  flags: z.array(z.string().max(100)).max(100).optional(),
  /** Event time range (inclusive); items without an event time are left out when a bound is set. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Only items placed within this distance of the scene. */
  maxDistanceM: z.number().nonnegative().optional(),
  includeWithdrawn: z.boolean().optional(),
  /** Items at any of these triage statuses. */
  statuses: z.array(triageStatusSchema).max(5).optional(),
  /** Items assigned to any of these people; null stands for items assigned to no one. */
  assignees: z.array(z.string().max(200).nullable()).max(1000).optional(),
  /** Only these items (e.g. the items a capture run produced). */
  ids: z.array(idSchema).max(100_000).optional(),
});
export type ItemFilter = z.infer<typeof itemFilterSchema>;

/** One row of the evidence grid: what a list of 50,000 needs, and nothing heavier. */
export const itemSummarySchema = z.strictObject({
  id: z.number(),
  kind: z.string(),
  name: z.string(),
  platform: z.string().nullable(),
  eventUtc: z.string().nullable(),
  eventSource: z.string(),
  acquiredAt: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  distanceM: z.number().nullable(),
  withinWindow: z.boolean().nullable(),
  flags: z.array(z.string()),
  tags: z.array(z.string()),
  grading: z.string().nullable(),
  /** SHA-256 of the picture to show in the grid (a derived thumbnail when there is one). */
  thumbSha256: z.string().nullable(),
  withdrawn: z.boolean(),
  /** The item it was made from (a page, for the media captured from it): the grid shows it under that item. */
  parentId: z.number().nullable(),
  /** Triage status (`new`, `in-review`, `verified`, `disputed`, `not-relevant`). */
  status: triageStatusSchema,
  /** Who the item is assigned to, or null. */
  assignee: z.string().nullable(),
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

const facetSchema = z.array(z.strictObject({ value: z.string(), count: z.number() }));

export const itemSummaryResponse = z.strictObject({
  case: caseSchema,
  /** Items in the case before filtering. */
  total: z.number(),
  rows: z.array(itemSummarySchema),
  /** Values present in the case (unfiltered), for the filter controls. */
  facets: z.strictObject({ kinds: facetSchema, platforms: facetSchema, tags: facetSchema, flags: facetSchema, statuses: facetSchema, assignees: facetSchema }),
});

/** One metadata field as shown in item detail, with where it came from. */
export const itemFieldSchema = z.strictObject({ group: z.string(), name: z.string(), value: z.string(), source: z.string() });

/** An item made from another (a photo or video from a captured page): what the parent's card shows. */
export const childItemSchema = z.strictObject({
  id: z.number(),
  kind: z.string(),
  name: z.string(),
  mediaType: z.string(),
  sha256: z.string(),
  /** SHA-256 of the picture to show (a derived thumbnail when there is one), or null. */
  thumbSha256: z.string().nullable(),
  flags: z.array(z.string()),
  /** Where it was taken from: the page's address for it, and for a video the capture's record of its stream. */
  sourceUrl: z.string().nullable(),
  capture: z.record(z.string(), z.unknown()).nullable(),
});

export const itemDetailResponse = z.strictObject({
  item: itemViewSchema,
  case: caseSchema,
  fields: z.array(itemFieldSchema),
  custody: z.array(custodyEntrySchema),
  /** Items made from this one (media of a captured page), withdrawn ones included and marked. */
  children: z.array(childItemSchema.extend({ withdrawn: z.boolean() })),
});

/** Points for the timeline, column by column (compact for 50,000 items). Times in epoch ms. */
export const timelineDataResponse = z.strictObject({
  incidentTime: z.string().nullable(),
  window: windowSchema,
  ids: z.array(z.number()),
  kinds: z.array(z.string()),
  eventMs: z.array(z.number().nullable()),
  acquiredMs: z.array(z.number()),
  eventSources: z.array(z.string()),
  outsideWindow: z.array(z.boolean()),
  /** The case's watch runs as marks: new versions, edits and removals of watched posts. */
  watchMarks: z.array(watchMarkSchema),
});

/** Points for the map, column by column: only items with a place. */
export const mapDataResponse = z.strictObject({
  scene: sceneSchema.nullable(),
  ids: z.array(z.number()),
  kinds: z.array(z.string()),
  lat: z.array(z.number()),
  lon: z.array(z.number()),
  withinRadius: z.array(z.boolean().nullable()),
  /** Whether each item's event time is inside the case's golden-hour window (null: no time or no incident time). */
  withinWindow: z.array(z.boolean().nullable()),
  /** Items in the filter that have no place. */
  unplaced: z.number(),
});

const filtered = z.strictObject({ caseId: idSchema, filter: itemFilterSchema.optional() });
const tagSchema = z.string().trim().min(1, 'a tag cannot be empty').max(100, 'a tag is at most 100 characters');

export const reviewOperations = {
  'items.summary': operation(
    'The evidence grid: one light row per item, filtered, with the values present for filtering',
    filtered.extend({ limit: z.number().int().nonnegative().optional() }),
    itemSummaryResponse,
  ),
  'item.detail': operation('One item with every field and where it came from, its case and its custody history', z.strictObject({ itemId: idSchema }), itemDetailResponse),
  'item.setNotes': operation(
    "Replace an item's notes (recorded in the ledger as 'note changed')",
    z.strictObject({ itemId: idSchema, notes: z.string().max(100_000, 'notes are at most 100,000 characters'), operator: operatorField }),
    itemViewSchema,
  ),
  'item.setTags': operation(
    "Replace an item's tags (recorded as 'tags changed')",
    z.strictObject({ itemId: idSchema, tags: z.array(tagSchema).max(200), operator: operatorField }),
    itemViewSchema,
  ),
  'item.setGrading': operation(
    "Grade an item 3x5x2 (source 1-3, intelligence A-E, handling P/C), or clear it with null (recorded as 'grading changed')",
    z.strictObject({ itemId: idSchema, grading: gradingSchema.nullable(), operator: operatorField }),
    itemViewSchema,
  ),
  'timeline.data': operation('Event and capture times of the filtered items, for the timeline', filtered, timelineDataResponse),
  'map.data': operation('Places of the filtered items and the scene, for the map', filtered, mapDataResponse),
  'app.info': operation(
    'Who is acting, which data folder is open, and the tool version',
    z.strictObject({}),
    z.strictObject({ dataDir: z.string(), operator: z.string(), tool: z.string(), version: z.string() }),
  ),
  'export.suggestPath': operation(
    "A new bundle path in the data folder's exports/ (created if missing) for a case, never one that exists",
    z.strictObject({ caseId: idSchema }),
    z.strictObject({ path: z.string() }),
  ),
  'blob.info': operation(
    'What a stored blob is and how the app may show it (only blobs held by an item or artifact)',
    z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lowercase hex digits') }),
    z.strictObject({ sha256: z.string(), size: z.number(), mediaType: z.string(), inline: z.boolean() }),
  ),
};
