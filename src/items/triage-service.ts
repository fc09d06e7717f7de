import type { Item, ItemComment } from '../domain/item.js';
import type { Repositories, UnitOfWork } from '../store/repositories.js';
import { GoldenHourError } from '../util/errors.js';
import { noSuchItem, type TriageChange } from './item-repository.js';

/** The most items one bulk change takes (one unit of work, one ledger entry per item). */
export const MAX_BULK_ITEMS = 10_000;

/** Where the assignee may come from: anyone named (a single-user data folder), or the case's members only (a team server). */
export interface TriageRules {
  membersOnly: boolean;
}

/** What a bulk change did: the items it changed (one entry each), and those already so (no entry). */
export interface BulkTriageResult {
  changed: number[];
  unchanged: number[];
}

/**
 * Triage of items: status, assignee and comments. Each change of one item is its own ledger
 * entry, written in the unit of work that makes it; a bulk change is one unit of work for all
 * the items it names (all or none), still one entry per item it changes.
 */
export class TriageService {
  constructor(private readonly store: UnitOfWork) {}

  /** Changes one item's status and/or assignee; `changed: false` (and no entry) when it already was so. */
  setTriage(itemId: number, change: TriageChange, operator: string, rules: TriageRules): Promise<{ item: Item; changed: boolean }> {
    requireSomeChange(change);
    return this.store.withTransaction(async (tx) => {
      const item = await tx.items.get(itemId);
      await checkAssignee(tx, item.caseId, change, rules);
      return tx.items.setTriage(itemId, change, operator);
    });
  }

  /** The same change to many items of one case, in one unit of work: every id must be an item of the case. */
  setTriageOfMany(caseId: number, itemIds: number[], change: TriageChange, operator: string, rules: TriageRules): Promise<BulkTriageResult> {
    requireSomeChange(change);
    const ids = [...new Set(itemIds)];
    if (ids.length === 0) throw new GoldenHourError('invalid-input', 'Expected at least one item to change but received none');
    if (ids.length > MAX_BULK_ITEMS) {
      throw new GoldenHourError('invalid-input', `Expected at most ${MAX_BULK_ITEMS.toLocaleString('en')} items in one change but received ${ids.length.toLocaleString('en')}: change them in parts`);
    }
    return this.store.withTransaction(async (tx) => {
      await tx.cases.get(caseId);
      const found = new Set((await tx.items.list(caseId, { ids, includeWithdrawn: true })).map((item) => item.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        if (missing.length === 1) throw noSuchItem(missing[0]!);
        throw new GoldenHourError('not-found', `No items with ids ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''} in case ${caseId}`);
      }
      await checkAssignee(tx, caseId, change, rules);
      const result: BulkTriageResult = { changed: [], unchanged: [] };
      for (const id of ids.sort((a, b) => a - b)) {
        const { changed } = await tx.items.setTriage(id, change, operator);
        (changed ? result.changed : result.unchanged).push(id);
      }
      return result;
    });
  }

  /** Adds a comment to an item (recorded in the ledger). */
  comment(itemId: number, text: string, author: string): Promise<ItemComment> {
    return this.store.withTransaction((tx) => tx.comments.add(itemId, text, author));
  }

  /** An item's comments, oldest first; a `not-found` error for no such item. */
  comments(itemId: number): Promise<ItemComment[]> {
    return this.store.read(async (tx) => {
      await tx.items.get(itemId);
      return tx.comments.list(itemId);
    });
  }
}

function requireSomeChange(change: TriageChange): void {
  if (change.status === undefined && change.assignee === undefined) {
    throw new GoldenHourError('invalid-input', 'Expected a status, an assignee, or both to change, but received neither');
  }
}

/** On a team server an item is assigned only to someone on its case. */
async function checkAssignee(tx: Repositories, caseId: number, change: TriageChange, rules: TriageRules): Promise<void> {
  const name = change.assignee?.trim();
  if (!rules.membersOnly || !name) return;
  const members = await tx.team.members(caseId);
  if (members.some((member) => member.userName === name)) return;
  const names = members.map((member) => member.userName).sort();
  throw new GoldenHourError('invalid-input',
    `${JSON.stringify(name.slice(0, 80))} is not a member of case ${caseId}, so items cannot be assigned to them${names.length > 0 ? `; its members are ${names.join(', ')}` : ''}`);
}
