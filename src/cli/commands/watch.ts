import { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.js';
import { isIsoInstant } from '../../util/clock.js';
import { describeValue, GoldenHourError } from '../../util/errors.js';
import { realSleep } from '../../watch/watch-service.js';
import { parseCaseId, withDoor, withCommonOptions, type Door } from '../context.js';
import { printJson } from '../output.js';
import { parsePositive, readUrlsFile, runSettings, withCaptureSettingOptions, type CaptureOptions } from './capture.js';

interface WatchOptions extends CaptureOptions {
  every?: string;
  until?: string;
  for?: string;
  resume?: boolean;
  stop?: boolean;
}

type RunReport = ResponseOf<'watch.runDue'>[number];

/** One line per run: when, which version, the outcome, the address, and what it rests on. */
export function describeRun({ watch, run }: RunReport): string {
  const alert = run.outcome === 'edited' || run.outcome === 'deleted' || run.outcome.startsWith('account-') ? 'CHANGE ' : '';
  const version = run.version === null ? 'no capture' : `v${run.version} item ${run.itemId}`;
  const evidence = Array.isArray(run.verdict.evidence) ? (run.verdict.evidence as string[]).join('; ') : '';
  return `${run.startedAt}  ${alert}${run.outcome.padEnd(17)} ${version}  ${watch.url}${evidence ? `  (${evidence})` : ''}${run.missed ? `  [${run.missed} missed runs caught up once]` : ''}`;
}

/** The end time from --until or --for (hours from now), or null. */
function endTime(options: WatchOptions, now: Date): string | null {
  if (options.until !== undefined && options.for !== undefined) throw new GoldenHourError('invalid-input', 'Expected --until or --for, not both');
  if (options.until !== undefined) {
    if (!isIsoInstant(options.until)) throw new GoldenHourError('invalid-input', `Expected --until as an ISO 8601 time with Z or an offset (e.g. 2026-11-21T23:00:00Z) but received ${describeValue(options.until)}`);
    return new Date(options.until).toISOString();
  }
  const hours = parsePositive('--for', options.for, false, 24 * 365);
  return hours === undefined ? null : new Date(now.getTime() + hours * 3_600_000).toISOString();
}

/**
 * `goldenhour watch CASE URL... [--urls-file FILE] --every MINUTES [--until ISO | --for HOURS]`
 * registers watches and runs the case's watches in the foreground, a line per run, until none is
 * active. Ctrl+C stops the command, not the watches: `watch CASE --resume` runs them again,
 * `watch CASE --stop` ends them.
 */
export function watchCommand(): Command {
  return withCommonOptions(
    withCaptureSettingOptions(new Command('watch')
      .description('capture addresses again on a schedule and report edits, deletions and suspensions until the watch ends')
      .argument('<case>', 'case id')
      .argument('[urls...]', 'http:// or https:// addresses to watch')
      .option('--urls-file <file>', 'read more URLs from a file, one a line (# comments allowed)')
      .option('--every <minutes>', 'minutes between captures (fractions allowed)')
      .option('--until <iso8601>', 'stop watching at this time (with Z or an offset)')
      .option('--for <hours>', 'stop watching this many hours from now')
      .option('--resume', "run the case's active watches again")
      .option('--stop', "stop the case's watches (recorded in the custody ledger)")),
    { operator: true },
  ).action(async (caseArg: string, urlArgs: string[], options: WatchOptions) => {
    const caseId = parseCaseId(caseArg);
    const urls = [...urlArgs, ...(options.urlsFile ? readUrlsFile(options.urlsFile) : [])];
    if ([options.resume, options.stop, urls.length > 0].filter(Boolean).length !== 1) {
      throw new GoldenHourError('invalid-input', 'Expected URLs to watch (with --every), or --resume, or --stop, and only one of them');
    }
    await withDoor(options, async (api) => {
      if (options.stop) {
        const stopped = await api.call('watch.stop', { caseId, operator: options.operator });
        if (options.json) printJson(stopped);
        else process.stdout.write(`${stopped.length} watches stopped\n`);
        return;
      }
      if (urls.length > 0) {
        const every = parsePositive('--every', options.every, false, 7 * 24 * 60);
        if (every === undefined) throw new GoldenHourError('invalid-input', 'Expected --every MINUTES (how often to capture again) but received nothing');
        const { concurrency: _unused, ...settings } = runSettings(options);
        const started = await api.call('watch.start', { caseId, urls, everyMinutes: every, until: endTime(options, new Date()), settings, operator: options.operator });
        if (!options.json) {
          for (const w of started.watches) process.stdout.write(`watching ${w.url} every ${w.everySeconds / 60} min${w.untilAt ? ` until ${w.untilAt}` : ''} (watch ${w.id})\n`);
          for (const w of started.alreadyWatched) process.stdout.write(`already watched: ${w.url} (watch ${w.id})\n`);
        }
      }
      await runInForeground(api, caseId, options);
    });
  });
}

/** Runs due watches, sleeping until the next is due, until none is active or Ctrl+C. */
async function runInForeground(api: Door, caseId: number, options: WatchOptions): Promise<void> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!abort.signal.aborted) {
      const reports = await api.call('watch.runDue', { caseId, operator: options.operator });
      for (const report of reports) process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${describeRun(report)}\n`);
      const active = (await api.call('watch.changes', { caseId })).map((c) => c.watch).filter((w) => w.state === 'active');
      if (active.length === 0) {
        if (!options.json) process.stdout.write('no active watches left in this case\n');
        return;
      }
      const wakeAt = Math.min(...active.flatMap((w) => [Date.parse(w.nextRunAt), ...(w.untilAt ? [Date.parse(w.untilAt)] : [])]));
      await realSleep(Math.max(0, wakeAt - Date.now()), abort.signal);
    }
    if (!options.json) process.stdout.write(`stopped; the watches stay active: goldenhour watch ${caseId} --resume runs them again\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
