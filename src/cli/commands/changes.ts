import { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.js';
import { stateOf } from '../../watch/watch-run.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';

type WatchChanges = ResponseOf<'watch.changes'>[number];


/** A watched address: its state now, when it last changed, and every run that changed something. */
export function describeWatch({ watch, runs }: WatchChanges): string[] {
  const last = runs[runs.length - 1];
  const changes = runs.filter((run, i) => i > 0 && (run.outcome === 'edited' || stateOf(run.outcome) !== stateOf(runs[i - 1]!.outcome)));
  const lastChange = changes[changes.length - 1];
  const lines = [
    `watch ${watch.id}  ${watch.url}`,
    `  ${watch.state === 'active' ? `active, every ${watch.everySeconds / 60} min${watch.untilAt ? ` until ${watch.untilAt}` : ''}, next run ${watch.nextRunAt}` : `stopped at ${watch.stoppedAt} (${watch.stopReason})`}`,
    `  watched item ${watch.itemId ?? '- (not captured yet)'}, ${runs.filter((r) => r.version !== null).length} versions, ${runs.length} runs`,
    `  state now: ${last ? stateOf(last.outcome) : 'not run yet'}${lastChange ? `, last change ${lastChange.startedAt} (${lastChange.outcome})` : ''}`,
  ];
  for (const run of changes) {
    const before = runs[runs.indexOf(run) - 1]!;
    const evidence = Array.isArray(run.verdict.evidence) ? (run.verdict.evidence as string[]) : [];
    lines.push(`  ${run.outcome} between ${before.startedAt} and ${run.startedAt}${run.version ? ` (v${run.version}, item ${run.itemId})` : ''}`);
    lines.push(...evidence.map((e) => `      ${e}`));
  }
  return lines;
}

/** `goldenhour changes CASE [--json]`: watched addresses, their state and what changed when. */
export function changesCommand(): Command {
  return withCommonOptions(
    new Command('changes')
      .description("a case's watched addresses: state now, versions, and each edit, deletion or suspension with its time window")
      .argument('<case>', 'case id'),
  ).action(async (caseArg: string, options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const changes = await withDoor(options, (api) => api.call('watch.changes', { caseId }));
    if (options.json) printJson(changes);
    else printLines(changes.length === 0 ? ['No watched addresses in this case.'] : changes.flatMap(describeWatch));
  });
}
