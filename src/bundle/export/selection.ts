import type { Item } from '../../domain/item.js';
import type { ItemRepository } from '../../store/repositories.js';
import { invalidInput } from '../../util/errors.js';

/** Which items of a case go into a bundle. */
export interface BundleSelection {
  /** ISO 8601: keep items whose event time is at or after this. */
  from?: string | null;
  /** ISO 8601: keep items whose event time is at or before this. */
  to?: string | null;
  /** Keep only these items (and their children). */
  itemIds?: number[] | null;
}

/** Checks an ISO time argument, naming it when it is wrong. */
export function parseIsoArgument(name: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw invalidInput(`Expected an ISO 8601 time for ${name} (e.g. 2026-11-21T14:00:00Z) but received ${JSON.stringify(value)}`);
  }
  return new Date(at).toISOString();
}

/**
 * The items a selection names, in id order. Withdrawn items are included (marked withdrawn,
 * with who, when and why, in their item file and in the report): leaving them out would hide
 * from the recipient that something was once part of the case. With `from`/`to`, items without
 * an event time are left out (there is nothing to place in the range). Children (a page's
 * screenshots, media, archives) always come along with their parent.
 */
export async function selectItems(items: Pick<ItemRepository, 'list'>, caseId: number, selection: BundleSelection): Promise<Item[]> {
  const all = await items.list(caseId, { includeWithdrawn: true });
  const byId = new Map(all.map((item) => [item.id, item]));
  for (const id of selection.itemIds ?? []) {
    if (!byId.has(id)) throw invalidInput(`Expected --items to name items of case ${caseId} but item ${id} is not in it (see \`goldenhour items ${caseId}\`)`);
  }
  const from = selection.from ? Date.parse(selection.from) : null;
  const to = selection.to ? Date.parse(selection.to) : null;
  const wanted = new Set(selection.itemIds ?? []);
  const chosen = new Set<number>();
  for (const item of all) {
    if (wanted.size > 0 && !wanted.has(item.id)) continue;
    if (from !== null || to !== null) {
      const utc = item.eventTime?.utc;
      if (!utc) continue;
      const at = Date.parse(utc);
      if ((from !== null && at < from) || (to !== null && at > to)) continue;
    }
    chosen.add(item.id);
  }
  // Children follow their parent, to any depth (ids only grow, so one ordered pass is not
  // enough when a child has a lower id than its parent: loop until nothing changes).
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of all) {
      if (item.parentId !== null && chosen.has(item.parentId) && !chosen.has(item.id)) {
        chosen.add(item.id);
        grew = true;
      }
    }
  }
  return all.filter((item) => chosen.has(item.id));
}
