import type { Item } from '../../domain/item.js';
import type { Watch, WatchRun } from '../../watch/watch-types.js';
import { htmlEscape } from './report-text.js';

/** A watched address and its runs, as a bundle carries them. */
export interface WatchRecord {
  watch: Watch;
  runs: WatchRun[];
}

/** `watches.json`: the watches of the bundle's watched items, every run with its verdict. */
export const WATCHES_FILE = 'watches.json';

/** The watches whose watched item is in the bundle (the others say nothing about its content). */
export function watchesInBundle(records: WatchRecord[], items: Item[]): WatchRecord[] {
  const ids = new Set(items.map((item) => item.id));
  return records.filter((r) => r.watch.itemId !== null && ids.has(r.watch.itemId));
}

/** The version items of the given watched items (and nothing else). */
export function versionItemIds(records: WatchRecord[], watchedItemIds: Set<number>): number[] {
  return records.filter((r) => r.watch.itemId !== null && watchedItemIds.has(r.watch.itemId))
    .flatMap((r) => r.runs.map((run) => run.itemId).filter((id): id is number => id !== null));
}

/** The watches document: settings kept, a proxy's password never (the stored proxy is reduced to its host). */
export function watchesJson(records: WatchRecord[]): Buffer {
  // The name a proxy's password is kept under (with the proxy's user name) stays on the machine too.
  const watches = records.map(({ watch, runs }) => {
    const { proxyPassword: _kept, ...settings } = watch.settings;
    return { ...watch, settings: { ...settings, proxy: settings.proxy ? proxyHost(settings.proxy) : null }, runs };
  });
  return Buffer.from(`${JSON.stringify({ format: 'goldenhour-watches/1', watches }, null, 2)}\n`);
}

function proxyHost(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'unreadable';
  }
}

const stateOf = (outcome: string) => (outcome === 'first' || outcome === 'unchanged' || outcome === 'edited' ? 'present' : outcome);

/** The report's section: each watched address, its versions and the verdict of each run, with links to the version items. */
export function watchesReportSection(records: WatchRecord[]): string {
  if (records.length === 0) return '';
  const blocks = records.map(({ watch, runs }) => {
    const rows = runs.map((run, i) => {
      const before = runs[i - 1];
      const change = before && (run.outcome === 'edited' || stateOf(run.outcome) !== stateOf(before.outcome));
      const evidence = Array.isArray(run.verdict.evidence) ? (run.verdict.evidence as string[]) : [];
      const version = run.itemId === null ? '<span class="muted">no capture</span>' : `<a href="#item-${run.itemId}">v${run.version}, item ${run.itemId}</a>`;
      const outcome = change ? `<strong>${htmlEscape(run.outcome)}</strong><br><span class="muted">between ${htmlEscape(before.startedAt)} and ${htmlEscape(run.startedAt)}</span>` : htmlEscape(run.outcome);
      return `<tr><td>${htmlEscape(run.startedAt)}</td><td>${version}</td><td>${outcome}</td><td>${evidence.map(htmlEscape).join('<br>')}${run.error ? `<br><span class="muted">${htmlEscape(run.error)}</span>` : ''}</td></tr>`;
    }).join('');
    const state = watch.state === 'active' ? `watched every ${watch.everySeconds / 60} min${watch.untilAt ? ` until ${watch.untilAt}` : ''}` : `stopped at ${watch.stoppedAt ?? '?'} (${watch.stopReason ?? '?'})`;
    return `<section class="item"><h3>${htmlEscape(watch.url)}</h3><p class="muted">First capture: item ${watch.itemId}; ${htmlEscape(state)}. Each version is an item of this bundle; each change of state is also in custody.jsonl ("watch change").</p>
<table><tr><th>Run (UTC)</th><th>Version</th><th>Verdict</th><th>Evidence</th></tr>${rows}</table></section>`;
  });
  return `<h2>Watched addresses: versions and changes</h2>\n${blocks.join('\n')}\n`;
}
