import { createHash } from 'node:crypto';
import type { Case } from '../../domain/case.js';
import type { ItemComment } from '../../domain/item.js';
import type { ItemView } from '../../items/item-view.js';
import { tool } from '../../version.js';
import type { ItemFileRef } from '../format/layout.js';
import { mapSvg, timelineSvg } from './report-charts.js';
import { postCommentsHtml, REPORT_MAX_DEPTH } from './report-post-comments.js';
import { htmlEscape, humanSize, timeWithZone } from './report-text.js';
import { groupFingerprint } from '../format/signing-key.js';
import { verifySteps } from './verify-text.js';

/** What the report shows beyond the case and its items. */
export interface ReportInput {
  case: Case;
  items: ItemView[];
  /** Each item's files in the bundle, with the role they play for the item. */
  filesByItem: Map<number, ItemFileRef[]>;
  /** Each item's comments, oldest first (items without any may be absent). */
  commentsByItem?: Map<number, ItemComment[]>;
  /** Reads an item's thumbnail as a data: URI (called once per item, in order). */
  thumbnail: (item: ItemView) => Promise<string | null>;
  exporter: string;
  fingerprint: string;
  custody: { entries: number; headHash: string };
  /** The watched addresses' versions and verdicts, as HTML (watch-documents.ts), or empty. */
  watchesSection?: string;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff}
body{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e5e7eb}
th{color:#57606a;font-weight:600}.kv th{width:190px}.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
.muted{color:#57606a}.chart{width:100%;height:auto;border:1px solid #d0d7de;background:#fbfcfd}.map{max-width:460px}
.window{fill:#fff4ce}.incident{stroke:#c62828;stroke-width:2}.axis{stroke:#57606a;stroke-width:1}.tick,.label{font-size:11px;fill:#1b1f24}
.dot{fill:#0969da}.dot.outside{fill:#9a6700}.dot.withdrawn{fill:#8c959f}.radius{fill:rgba(198,40,40,.08);stroke:#c62828;stroke-width:1.5}
.scene{stroke:#c62828;stroke-width:3}.mapbg{fill:#fbfcfd}
.item{border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0;break-inside:avoid;page-break-inside:avoid}
.item h3{margin:0 0 8px}.item-body{display:grid;grid-template-columns:1fr auto;gap:16px;align-items:start}.thumb{max-width:220px;max-height:220px;border:1px solid #d0d7de}
.withdrawn-banner{background:#ffebe9;border:1px solid #cf222e;color:#82071e;padding:6px 10px;border-radius:4px;margin-bottom:8px;font-weight:600}
.flag{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 8px;margin-right:4px;font-size:.85em}
pre{white-space:pre-wrap;background:#f6f8fa;padding:12px;border-radius:6px;font-size:.85em}
.post{white-space:pre-wrap}
.post-comments{list-style:none;padding:0;margin:4px 0}.post-comment{border-left:2px solid #d0d7de;padding:2px 8px;margin:4px 0}
${Array.from({ length: REPORT_MAX_DEPTH }, (_, i) => `.depth-${i + 1}{margin-left:${(i + 1) * 1.25}em}`).join('')}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}.chart{border:none}a{color:inherit;text-decoration:none}}
`;

/** The Content-Security-Policy of the report: nothing may load or run; only this style block and data: images. */
export function reportCsp(): string {
  const styleHash = createHash('sha256').update(CSS).digest('base64');
  return `default-src 'none'; img-src data:; style-src 'sha256-${styleHash}'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

function row(label: string, value: string): string {
  return `<tr><th>${htmlEscape(label)}</th><td>${value}</td></tr>`;
}

function text(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '<span class="muted">-</span>' : htmlEscape(value);
}

function summary(input: ReportInput): string {
  const c = input.case;
  const withdrawn = input.items.filter((item) => item.withdrawn).length;
  return `<table class="kv">
${row('Case', text(c.title))}
${row('Reference', text(c.reference))}
${row('Case UUID', `<span class="hash">${htmlEscape(c.uuid)}</span>`)}
${row('Incident time', text(timeWithZone(c.incidentTime, c.timezone)))}
${row('Scene', c.scene ? htmlEscape(`${c.scene.lat}, ${c.scene.lon} (radius ${c.scene.radiusM} m)`) : text(null))}
${row('Golden-hour window', htmlEscape(`${c.window.beforeMin} min before to ${c.window.afterMin} min after the incident`))}
${row('Items in this bundle', htmlEscape(`${input.items.length}${withdrawn > 0 ? ` (${withdrawn} withdrawn, shown and marked)` : ''}`))}
${row('Exported by', text(input.exporter))}
${row('Signing key fingerprint', `<span class="hash">${htmlEscape(groupFingerprint(input.fingerprint))}</span>`)}
${row('Custody ledger', htmlEscape(`${input.custody.entries} entries, head ${input.custody.headHash}`))}
${row('Export time', 'in manifest.json ("exportedAt") and seal.json ("signedAt")')}
</table>`;
}

/** An item's comments for its card: who, when (UTC) and what, oldest first. */
function commentsHtml(comments: ItemComment[]): string {
  if (comments.length === 0) return text(null);
  return comments.map((c) => `<div class="post"><strong>${htmlEscape(c.author)}</strong>, ${htmlEscape(c.at)}:<br>${htmlEscape(c.body)}</div>`).join('');
}

function itemCard(item: ItemView, input: ReportInput, thumb: string | null): string {
  const zone = input.case.timezone;
  const files = input.filesByItem.get(item.id) ?? [];
  const rows = [
    row('Kind', htmlEscape(item.kind)),
    row('Event time', htmlEscape(`${timeWithZone(item.eventTime?.utc, zone)}; source ${item.eventTime?.source ?? 'none'}, confidence ${item.eventTime?.confidence ?? 'none'}`)),
    row('Acquired', htmlEscape(`${timeWithZone(item.acquiredAt, zone)} by ${item.acquiredBy}`)),
    row('Location', item.location ? htmlEscape(`${item.location.lat}, ${item.location.lon}${item.location.accuracyM !== null ? ` (±${item.location.accuracyM} m)` : ''}; source ${item.location.source}`) : text(null)),
    row('Relative to scene', item.scene ? htmlEscape(`${item.scene.distanceM} m at bearing ${item.scene.bearingDeg}° (${item.scene.withinRadius ? 'inside' : 'outside'} the radius)`) : text(null)),
    row('In golden-hour window', text(item.withinWindow === null ? null : item.withinWindow ? 'yes' : 'no')),
    row('Source URL', text(item.sourceUrl)),
    row('Original name', text(item.originalName)),
    row('Parent item', text(item.parentId === null ? null : String(item.parentId))),
  ];
  if (item.post) {
    rows.push(row('Post', htmlEscape(`${item.post.platform ?? 'unknown platform'}; ${item.post.author ?? ''} ${item.post.handle ?? ''}; published ${item.post.publishedAt ?? 'unknown'}`)));
    if (item.post.text) rows.push(row('Post text', `<div class="post">${htmlEscape(item.post.text)}</div>`));
    if (item.post.comments?.length) rows.push(row('Comments on the post', postCommentsHtml(item.id, item.post.comments, item.capture, zone)));
  }
  rows.push(row('Flags', item.flags.length > 0 ? item.flags.map((flag) => `<span class="flag">${htmlEscape(flag)}</span>`).join('') : text(null)));
  rows.push(row('Tags', text(item.tags.join(', '))));
  rows.push(row('Grading (3x5x2)', item.grading ? htmlEscape(`${item.grading.source}${item.grading.intelligence}${item.grading.handling}${item.grading.conditions ? ` (${item.grading.conditions})` : ''}`) : text(null)));
  rows.push(row('Triage status', htmlEscape(item.triage.status)));
  rows.push(row('Assigned to', text(item.triage.assignee)));
  rows.push(row('Comments', commentsHtml(input.commentsByItem?.get(item.id) ?? [])));
  rows.push(row('Notes', item.notes ? `<div class="post">${htmlEscape(item.notes)}</div>` : text(null)));
  // One row per file: content that plays two roles (a capture record that is also the original) is listed once.
  const byPath = new Map<string, { file: ItemFileRef; roles: string[] }>();
  for (const file of files) {
    const seen = byPath.get(file.path);
    if (seen) seen.roles.push(file.role);
    else byPath.set(file.path, { file, roles: [file.role] });
  }
  for (const { file, roles } of byPath.values()) {
    const label = `${roles.join(', ')}${file.derived ? ' (derived working copy)' : ''}`;
    rows.push(row(label, `<span class="hash">${htmlEscape(file.path)}<br>SHA-256 ${htmlEscape(file.sha256)}<br>${htmlEscape(`${humanSize(file.size)}, ${file.mediaType}`)}</span>`));
  }
  const banner = item.withdrawn ? `<div class="withdrawn-banner">WITHDRAWN on ${htmlEscape(item.withdrawn.at)} by ${htmlEscape(item.withdrawn.by)}: ${htmlEscape(item.withdrawn.reason)}</div>` : '';
  const image = thumb ? `<img class="thumb" src="${thumb}" alt="Thumbnail of item ${item.id}">` : '';
  const name = item.title ?? item.originalName ?? item.sourceUrl ?? '';
  return `<section class="item" id="item-${item.id}"><h3>Item ${item.id}: ${htmlEscape(name)}</h3>${banner}<div class="item-body"><table class="kv">${rows.join('')}</table>${image}</div></section>`;
}

/**
 * `report.html`: one self-contained page a recipient opens offline. It holds no script at all
 * and its CSP forbids every fetch, so neither the report nor anything quoted in it can reach the
 * network; captured pages are shown only as their screenshots (data: images), never as HTML.
 * Streamed: one item card (and its one image) in memory at a time, whatever the case's size.
 */
export async function* reportHtml(input: ReportInput): AsyncGenerator<Buffer> {
  const c = input.case;
  const timelineRows = input.items
    .map((item) => `<tr><td>${item.id}</td><td>${htmlEscape(item.kind)}</td><td>${htmlEscape(timeWithZone(item.eventTime?.utc, c.timezone))}</td><td>${htmlEscape(item.eventTime?.source ?? 'none')}</td><td>${item.scene ? htmlEscape(`${item.scene.distanceM} m`) : '-'}</td><td>${item.withdrawn ? 'withdrawn' : ''}</td></tr>`)
    .join('');
  yield Buffer.from(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp()}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(`Evidence bundle: ${c.title}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Evidence bundle: ${htmlEscape(c.title)}</h1><p class="muted">Made with ${htmlEscape(`${tool.name} ${tool.version}`)}. This page works offline and loads nothing from the network.</p></header>
<h2>Case summary</h2>
${summary(input)}
<h2>Timeline around the incident</h2>
${timelineSvg(c, input.items)}
<table><tr><th>Item</th><th>Kind</th><th>Event time</th><th>Time source</th><th>Distance</th><th></th></tr>${timelineRows}</table>
<h2>Map relative to the scene</h2>
${mapSvg(c, input.items)}
${input.watchesSection ?? ''}<h2>Items</h2>
`);
  for (const item of input.items) yield Buffer.from(`${itemCard(item, input, await input.thumbnail(item))}
`);
  yield Buffer.from(`<h2>How to verify</h2>
<pre>${htmlEscape(verifySteps(input.fingerprint).join('\n'))}</pre>
</body>
</html>
`);
}
