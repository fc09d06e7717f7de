import { Command } from 'commander';
import { timelineCsv } from '../../timeline/timeline.js';
import { isIsoInstant } from '../../util/clock.js';
import { GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines, table } from '../output.js';

interface TimelineOptions extends CommonOptions {
  from?: string;
  to?: string;
  format?: string;
}

/** `goldenhour timeline CASE [--from ISO] [--to ISO] [--format json|csv]`. */
export function timelineCommand(): Command {
  return withCommonOptions(
    new Command('timeline')
      .description("a case's items in event-time order (items with no event time last, by acquired time)")
      .argument('<case>', 'case id')
      .option('--from <iso8601>', 'only items whose event time is at or after this instant (with Z or an offset)')
      .option('--to <iso8601>', 'only items whose event time is at or before this instant (with Z or an offset)')
      .option('--format <format>', 'output format: text (default), json or csv'),
  ).action(async (caseArg: string, options: TimelineOptions) => {
    const caseId = parseCaseId(caseArg);
    const format = options.json ? 'json' : (options.format ?? 'text');
    if (!['text', 'json', 'csv'].includes(format)) {
      throw new GoldenHourError('invalid-input', `Expected --format to be text, json or csv but received ${JSON.stringify(options.format)}`);
    }
    for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) {
      if (value !== undefined && !isIsoInstant(value)) {
        throw new GoldenHourError('invalid-input', `Expected ${name} as an ISO 8601 time with Z or an offset (e.g. 2026-11-21T14:05:00Z) but received ${JSON.stringify(value)}`);
      }
    }
    const timeline = await withDoor(options, (api) => api.call('media.timeline', { caseId, from: options.from, to: options.to }));
    if (format === 'json') printJson(timeline);
    else if (format === 'csv') process.stdout.write(timelineCsv(timeline.rows));
    else printLines(describeTimeline(timeline.rows));
  });
}

function describeTimeline(rows: { itemId: number; kind: string; name: string | null; eventTimeUtc: string | null; eventTimeSource: string; distanceM: number | null; withinWindow: boolean | null; flags: string[] }[]): string[] {
  if (rows.length === 0) return ['No items in that range.'];
  return table(
    ['EVENT TIME (UTC)', 'SOURCE', 'ID', 'KIND', 'DISTANCE', 'WINDOW', 'FLAGS', 'NAME'],
    rows.map((row) => [
      row.eventTimeUtc ?? '-',
      row.eventTimeSource,
      String(row.itemId),
      row.kind,
      row.distanceM === null ? '-' : `${Math.round(row.distanceM)} m`,
      row.withinWindow === null ? '-' : row.withinWindow ? 'in' : 'out',
      row.flags.join(',') || '-',
      row.name ?? '',
    ]),
  );
}
