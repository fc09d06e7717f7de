import { Command } from 'commander';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { describeItems, printJson, printLines } from '../output.js';

/** `goldenhour items CASE`. */
export function itemsCommand(): Command {
  return withCommonOptions(
    new Command('items').description("list a case's items (withdrawn ones included, marked)").argument('<case>', 'case id'),
  ).action(async (caseArg: string, options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const items = await withDoor(options, (api) => api.call('items.list', { caseId }));
    if (options.json) printJson(items);
    else printLines(describeItems(items));
  });
}
