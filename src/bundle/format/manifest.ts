import { z } from 'zod';
import { caseSchema } from '../../domain/case.js';

/** What a file in the bundle is. */
export const bundleFileRoleSchema = z.enum(['original', 'artifact', 'derived', 'item', 'document']);

/** One file of the bundle as the manifest lists it. */
export const manifestFileSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string(),
  role: bundleFileRoleSchema,
  /** The items this file belongs to (originals and artifacts may be shared). */
  itemIds: z.array(z.number().int().positive()).optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const MANIFEST_FORMAT = 'goldenhour-bundle';
export const MANIFEST_FORMAT_VERSION = 1;

/** `manifest.json`: the case, who exported what and when, and every sealed file. */
export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  exportedAt: z.string(),
  exporter: z.string(),
  case: caseSchema,
  selection: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    itemIds: z.array(z.number()).nullable(),
    withdrawn: z.literal('included, marked withdrawn'),
  }),
  items: z.array(z.object({ id: z.number().int().positive(), uuid: z.string(), kind: z.string(), sha256: z.string(), withdrawn: z.boolean() })),
  custody: z.object({ entries: z.number().int().nonnegative(), headSeq: z.number().int().nonnegative(), headHash: z.string() }),
  /** Every file but manifest.json, SHA256SUMS, seal.json and seal.tsr, in zip order. */
  files: z.array(manifestFileSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** `SHA256SUMS` in the format `sha256sum -c` reads: `<hex>  <path>` (two spaces: text mode). */
export function sha256Sums(files: { path: string; sha256: string }[]): string {
  return files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
}

/** Parses SHA256SUMS lines (either mode marker), keeping the line number for error messages. */
export function parseSha256Sums(text: string): { line: number; sha256: string; path: string }[] | { line: number; error: string } {
  const rows: { line: number; sha256: string; path: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '' && i === lines.length - 1) break;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) return { line: i + 1, error: `line ${i + 1} is not "<sha256>  <path>"` };
    rows.push({ line: i + 1, sha256: match[1] as string, path: match[2] as string });
  }
  return rows;
}
