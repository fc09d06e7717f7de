import { Command } from 'commander';
import { GoldenHourError } from '../../util/errors.js';
import { withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';

interface WithdrawOptions extends CommonOptions {
  reason: string;
}

/** `goldenhour withdraw ITEM --reason TEXT`: the item stays, marked withdrawn, with who, when and why. */
export function withdrawCommand(): Command {
  return withCommonOptions(
    new Command('withdraw')
      .description('withdraw an item from a case (it is kept, marked withdrawn, with who, when and why)')
      .argument('<item>', 'item id')
      .requiredOption('--reason <text>', 'why the item is withdrawn'),
    { operator: true },
  ).action(async (itemArg: string, options: WithdrawOptions) => {
    if (!/^\d+$/.test(itemArg) || Number(itemArg) < 1) {
      throw new GoldenHourError('invalid-input', `Expected an item id (a positive whole number, see \`goldenhour items CASE\`) but received ${JSON.stringify(itemArg)}`);
    }
    const item = await withDoor(options, (api) => api.call('items.withdraw', { itemId: Number(itemArg), reason: options.reason, operator: options.operator }));
    if (options.json) printJson(item);
    else printLines([`Item ${item.id} withdrawn by ${item.withdrawn?.by} at ${item.withdrawn?.at}: ${item.withdrawn?.reason}`]);
  });
}
