import type { Case } from '../domain/case.js';
import type { ItemView } from '../items/item-view.js';
import { escapeForTerminal } from '../util/terminal-text.js';

/** Writes a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes human-readable lines on stdout. Control characters and bidirectional overrides are
 * shown escaped, so a file name or title cannot forge a table row or hide part of a line.
 */
export function printLines(lines: string[]): void {
  process.stdout.write(lines.length > 0 ? `${lines.map(escapeForTerminal).join('\n')}\n` : '');
}

/** A case as a short block of text. */
export function describeCase(c: Case): string[] {
  const window = `${c.window.beforeMin} min before, ${c.window.afterMin} min after`;
  return [
    `Case ${c.id}: ${c.title}`,
    `  Reference:     ${c.reference ?? '-'}`,
    `  Scene:         ${c.scene ? `${c.scene.lat}, ${c.scene.lon} (radius ${c.scene.radiusM} m)` : '-'}`,
    `  Incident time: ${c.incidentTime ?? '-'}`,
    `  Time zone:     ${c.timezone ?? '- (local camera times cannot be placed without one)'}`,
    `  Window:        ${window}`,
    `  Created:       ${c.createdAt} by ${c.createdBy}`,
    `  UUID:          ${c.uuid}`,
  ];
}

/** Items as a table, one line each. */
export function describeItems(items: ItemView[]): string[] {
  if (items.length === 0) return ['No items.'];
  const rows = items.map((item) => [
    String(item.id),
    item.kind,
    item.sha256.slice(0, 12),
    formatSize(item.size),
    item.eventTime?.utc ? `${item.eventTime.utc} (${item.eventTime.source})` : '-',
    item.scene ? `${Math.round(item.scene.distanceM)} m` : '-',
    [item.withdrawn ? 'WITHDRAWN' : '', ...item.flags].filter(Boolean).join(',') || '-',
    item.title ?? item.originalName ?? item.sourceUrl ?? '',
  ]);
  return table(['ID', 'KIND', 'SHA256', 'SIZE', 'EVENT TIME (SOURCE)', 'DISTANCE', 'FLAGS', 'NAME'], rows);
}

/** Left-aligned columns. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit += 1;
  } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(1)} ${units[unit]}`;
}
