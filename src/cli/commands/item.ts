import { Command } from 'commander';
import { triageStatuses, type TriageStatus } from '../../domain/item.js';
import { GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions, type Door } from '../context.js';
import { printJson, printLines } from '../output.js';

interface AssignOptions extends CommonOptions {
  none?: boolean;
}

/** Item ids as given: one id, or several separated by commas (`12,13,20`). */
function parseItemIds(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1 || !Number.isSafeInteger(Number(part)))) {
    throw new GoldenHourError('invalid-input', `Expected item ids (positive whole numbers, several separated by commas; see \`goldenhour items CASE\`) but received ${JSON.stringify(value)}`);
  }
  return [...new Set(parts.map(Number))];
}

function parseStatus(value: string): TriageStatus {
  if (!(triageStatuses as readonly string[]).includes(value)) {
    throw new GoldenHourError('invalid-input', `Expected a status, one of ${triageStatuses.join(', ')}, but received ${JSON.stringify(value)}`);
  }
  return value as TriageStatus;
}

/** Changes the triage of items of a case (one ledger entry per item changed) and says what it did. */
async function changeTriage(options: CommonOptions, caseId: number, itemIds: number[], change: { status?: TriageStatus; assignee?: string | null }, what: string): Promise<void> {
  const result = await withDoor(options, (door) => door.call('items.setTriage', { caseId, itemIds, ...change, operator: options.operator }));
  if (options.json) return printJson(result);
  const lines = [];
  if (result.changed.length > 0) lines.push(`${what}: item${result.changed.length === 1 ? '' : 's'} ${result.changed.join(', ')} (one custody entry each)`);
  if (result.unchanged.length > 0) lines.push(`Already so, left as they were: item${result.unchanged.length === 1 ? '' : 's'} ${result.unchanged.join(', ')}`);
  printLines(lines);
}

/** The item, checked to be of the case named (a comment never lands on another case's item by a typo). */
async function itemOfCase(door: Door, caseId: number, itemId: number): Promise<void> {
  const item = await door.call('items.get', { itemId });
  if (item.caseId !== caseId) throw new GoldenHourError('not-found', `Item ${itemId} is not in case ${caseId} (it is in case ${item.caseId})`);
}

/** `goldenhour item status|assign|comment|comments`: triage of items. */
export function itemCommand(): Command {
  const item = new Command('item').description("triage items: status, assignee and comments (each change in the case's custody ledger)");
  item.addCommand(withCommonOptions(
    new Command('status')
      .description(`set the triage status of items (${triageStatuses.join(', ')})`)
      .argument('<case>', 'case id')
      .argument('<items>', 'item id, or several separated by commas')
      .argument('<status>', triageStatuses.join(' | ')),
    { operator: true },
  ).action(async (caseArg: string, itemsArg: string, statusArg: string, options: CommonOptions) => {
    const status = parseStatus(statusArg);
    await changeTriage(options, parseCaseId(caseArg), parseItemIds(itemsArg), { status }, `Status set to ${status}`);
  }));
  item.addCommand(withCommonOptions(
    new Command('assign')
      .description('assign items to someone (on a team server, a member of the case); with no name, to yourself')
      .argument('<case>', 'case id')
      .argument('<items>', 'item id, or several separated by commas')
      .argument('[name]', 'who to assign them to (default: you, the operator)')
      .option('--none', 'assign them to no one'),
    { operator: true },
  ).action(async (caseArg: string, itemsArg: string, name: string | undefined, options: AssignOptions) => {
    const caseId = parseCaseId(caseArg);
    const itemIds = parseItemIds(itemsArg);
    if (options.none && name !== undefined) throw new GoldenHourError('invalid-input', `Expected a name or --none, not both (received ${JSON.stringify(name)} and --none)`);
    let assignee: string | null = null;
    if (!options.none) {
      assignee = name ?? options.operator ?? (await withDoor(options, (door) => door.call('app.info', {}))).operator;
      if (assignee.trim() === '') throw new GoldenHourError('invalid-input', 'Expected a name to assign the items to but received an empty one (use --none to assign them to no one)');
    }
    await changeTriage(options, caseId, itemIds, { assignee }, assignee === null ? 'Unassigned' : `Assigned to ${assignee}`);
  }));
  item.addCommand(withCommonOptions(
    new Command('comment')
      .description("add a comment to an item (kept as written, in the case's custody ledger)")
      .argument('<case>', 'case id')
      .argument('<item>', 'item id')
      .argument('<text>', 'the comment'),
    { operator: true },
  ).action(async (caseArg: string, itemArg: string, text: string, options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const [itemId] = parseItemIds(itemArg);
    if (itemArg.includes(',')) throw new GoldenHourError('invalid-input', `Expected one item id for a comment but received ${JSON.stringify(itemArg)}`);
    const comment = await withDoor(options, async (door) => {
      await itemOfCase(door, caseId, itemId!);
      return door.call('item.comment', { itemId, text, operator: options.operator });
    });
    if (options.json) printJson(comment);
    else printLines([`Comment ${comment.id} added to item ${comment.itemId} by ${comment.author} at ${comment.at}`]);
  }));
  item.addCommand(withCommonOptions(
    new Command('comments')
      .description("list an item's comments, oldest first")
      .argument('<case>', 'case id')
      .argument('<item>', 'item id'),
  ).action(async (caseArg: string, itemArg: string, options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const [itemId] = parseItemIds(itemArg);
    const comments = await withDoor(options, async (door) => {
      await itemOfCase(door, caseId, itemId!);
      return door.call('item.comments', { itemId });
    });
    if (options.json) printJson(comments);
    else printLines(comments.length === 0 ? [`No comments on item ${itemId}`] : comments.map((c) => `${c.at}  ${c.author}: ${c.body}`));
  }));
  return item;
}
