import { z } from 'zod';

export const itemKindSchema = z.enum(['photo', 'video', 'page', 'file']);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** Where an event time came from, in order of preference (see docs/architecture.md). */
export const eventTimeSourceSchema = z.enum(['exif-offset', 'gps', 'exif-local', 'container', 'post', 'none']);
export type EventTimeSource = z.infer<typeof eventTimeSourceSchema>;

/** When the thing shown happened (not when we captured it), with where that came from. */
export const eventTimeSchema = z.object({
  /** ISO 8601 UTC, or null when source is `none`. */
  utc: z.string().nullable(),
  source: eventTimeSourceSchema,
  confidence: z.enum(['high', 'medium', 'low', 'none']),
  /** The raw values the time was read from, as found. */
  raw: z.unknown(),
});
export type EventTime = z.infer<typeof eventTimeSchema>;

/** Where the thing shown happened. */
export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  altitudeM: z.number().nullable(),
  accuracyM: z.number().nullable(),
  source: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

/** A comment or reply shown under a post, as the captured page showed it. */
export const postCommentSchema = z.object({
  author: z.string().nullable(),
  handle: z.string().nullable(),
  /** ISO 8601 when the page states a time; null when it shows only "2 days ago" or nothing. */
  publishedAt: z.string().nullable(),
  /** The time as the page showed it, when that is all it showed ("12 hours ago"). */
  timeShown: z.string().optional(),
  text: z.string().nullable(),
  /** The comment's own address, where the page links one. */
  url: z.string().nullable(),
  /** How deep in the thread the page shows it: 0 a comment on the post, 1 a reply to a comment, and so on. Absent where the page does not show the nesting. */
  depth: z.number().int().min(0).optional(),
  /** Whom it answers, as the page names them (the handle where the page shows one). Absent on top-level comments and where the page does not say. */
  replyTo: z.string().optional(),
});
export type PostComment = z.infer<typeof postCommentSchema>;

/** A post a profile page lists, with its link (to queue it for capture). */
export const listedPostSchema = z.object({
  url: z.string(),
  publishedAt: z.string().nullable(),
  text: z.string().nullable(),
});
export type ListedPost = z.infer<typeof listedPostSchema>;

/** A post read from a captured page. */
export const postSchema = z.object({
  platform: z.string().nullable(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  handle: z.string().nullable(),
  publishedAt: z.string().nullable(),
  text: z.string().nullable(),
  mediaUrls: z.array(z.string()),
  /** `profile`: an account's page (no publication time; its recent posts listed). Absent on captures made before it was read. */
  kind: z.enum(['post', 'profile']).optional(),
  /** Comments and replies the page showed (after expanding threads), in page order. */
  comments: z.array(postCommentSchema).optional(),
  /** On a profile page: the posts it lists, newest first as shown, with their links. */
  recentPosts: z.array(listedPostSchema).optional(),
});
export type Post = z.infer<typeof postSchema>;

/** A file attached to an item: a capture artifact, or a derived working copy. */
export const artifactSchema = z.object({
  role: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  derived: z.boolean(),
});
export type Artifact = z.infer<typeof artifactSchema>;

/** UK 3x5x2 intelligence grading. */
export const gradingSchema = z.object({
  source: z.enum(['1', '2', '3']),
  intelligence: z.enum(['A', 'B', 'C', 'D', 'E']),
  handling: z.enum(['P', 'C']),
  conditions: z.string().nullable().optional(),
});
export type Grading = z.infer<typeof gradingSchema>;

export const withdrawalSchema = z.object({ at: z.string(), by: z.string(), reason: z.string() });

/** Where an item stands in the team's review of it (issue 10 item 6). Every item starts `new`. */
export const triageStatuses = ['new', 'in-review', 'verified', 'disputed', 'not-relevant'] as const;
export const triageStatusSchema = z.enum(triageStatuses);
export type TriageStatus = z.infer<typeof triageStatusSchema>;

/** An item's triage: its status and who it is assigned to (a case member on a team server; a free name locally). */
export const triageSchema = z.object({ status: triageStatusSchema, assignee: z.string().nullable() });
export type Triage = z.infer<typeof triageSchema>;

/** The triage of an item no one has triaged. */
export const UNTRIAGED: Triage = { status: 'new', assignee: null };

/** A comment on an item: kept, never edited or removed; each one is recorded in the ledger. */
export const itemCommentSchema = z.object({
  id: z.number().int().positive(),
  itemId: z.number().int().positive(),
  at: z.string(),
  author: z.string(),
  body: z.string(),
});
export type ItemComment = z.infer<typeof itemCommentSchema>;

/** One piece of evidence in a case. */
export const itemSchema = z.object({
  id: z.number().int().positive(),
  uuid: z.string(),
  caseId: z.number().int().positive(),
  kind: itemKindSchema,
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  originalName: z.string().nullable(),
  sourcePath: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  parentId: z.number().int().positive().nullable(),
  acquiredAt: z.string(),
  acquiredBy: z.string(),
  title: z.string().nullable(),
  eventTime: eventTimeSchema.nullable(),
  location: locationSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  post: postSchema.nullable(),
  capture: z.record(z.string(), z.unknown()).nullable(),
  flags: z.array(z.string()),
  notes: z.string(),
  tags: z.array(z.string()),
  grading: gradingSchema.nullable(),
  withdrawn: withdrawalSchema.nullable(),
  /** Absent from items written before triage existed (bundles included): read as untriaged. */
  triage: triageSchema.default(() => ({ ...UNTRIAGED })),
  artifacts: z.array(artifactSchema),
});
export type Item = z.infer<typeof itemSchema>;
