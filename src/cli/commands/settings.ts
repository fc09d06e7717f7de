import { Command } from 'commander';
import { GoldenHourError } from '../../util/errors.js';
import { withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';

const KEYS = ['tsa', 'tsa-interval'] as const;

/** `goldenhour settings show|set KEY VALUE`: installation settings (time-stamping authorities). */
export function settingsCommand(): Command {
  const settings = new Command('settings').description('installation settings: the time-stamping authorities that anchor every ledger');
  settings.addCommand(withCommonOptions(new Command('show').description('print the settings')).action(async (options: CommonOptions) => {
    const shown = await withDoor(options, (api) => api.call('settings.get', {}));
    if (options.json) printJson(shown);
    else printLines([
      `tsa:          ${shown.tsa.length > 0 ? shown.tsa.join(',') : 'off (ledgers are not anchored)'}`,
      `tsa-interval: ${shown.tsaIntervalSeconds} s between requests to one authority`,
    ]);
  }));
  settings.addCommand(withCommonOptions(
    new Command('set')
      .description('set tsa URL[,URL...] (or off), or tsa-interval SECONDS')
      .argument('<key>', KEYS.join(' or '))
      .argument('<value>', 'the new value'),
    { operator: true },
  ).action(async (key: string, value: string, options: CommonOptions) => {
    if (!(KEYS as readonly string[]).includes(key)) throw new GoldenHourError('invalid-input', `Expected a setting (${KEYS.join(', ')}) but received ${JSON.stringify(key)}`);
    const shown = await withDoor(options, async (api) => {
      const current = await api.call('settings.get', {});
      if (key === 'tsa') {
        const tsa = value.trim() === '' || value.trim().toLowerCase() === 'off' ? [] : value.split(',').map((url) => url.trim()).filter(Boolean);
        return api.call('settings.setTsa', { tsa, operator: options.operator });
      }
      if (!/^\d{1,4}$/.test(value)) throw new GoldenHourError('invalid-input', `Expected tsa-interval to be a whole number of seconds (0-3600) but received ${JSON.stringify(value)}`);
      return api.call('settings.setTsa', { tsa: current.tsa, intervalSeconds: Number(value), operator: options.operator });
    });
    if (options.json) printJson(shown);
    else printLines([shown.tsa.length > 0 ? `Anchoring with ${shown.tsa.join(', ')} (at most one request per ${shown.tsaIntervalSeconds} s each).` : 'Anchoring is off.']);
  }));
  return settings;
}
