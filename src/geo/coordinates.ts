// Reading typed coordinates, shared by the CLI (through src/cases/case-input.ts) and (through
// src/api/coordinates.ts) the renderer's scene fields: pure, with no imports, so the sandboxed page can bundle it too.

/** A read value, or what was wrong with the text. */
export type Reading = { ok: true; value: number } | { ok: false; message: string };

const DEGREES = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * Reads one coordinate in decimal degrees, written with a decimal point or a decimal comma;
 * `context` (e.g. ' for scene') goes into the message after what was expected.
 */
export function readDegrees(value: string, axis: 'latitude' | 'longitude', context = ''): Reading {
  const text = value.trim().replace(/\s*°$/, '');
  if (!DEGREES.test(text)) {
    const example = axis === 'latitude' ? '50.0875 or 50,0875' : '14.4213 or 14,4213';
    return { ok: false, message: `Expected the ${axis} in decimal degrees (e.g. ${example})${context} but received ${JSON.stringify(value)}` };
  }
  const degrees = Number(text.replace(',', '.'));
  const limit = axis === 'latitude' ? 90 : 180;
  if (degrees < -limit || degrees > limit) return { ok: false, message: `Expected a ${axis} between -${limit} and ${limit}${context} but received ${degrees}` };
  return { ok: true, value: degrees };
}

/**
 * Splits a typed pair into latitude and longitude text. Accepted: `50.0875,14.4213` (with or
 * without spaces), `50.0875 14.4213`, and with decimal commas `50,0875;14,4213`,
 * `50,0875 14,4213` or `50,0875, 14,4213` (four digit groups: one decimal comma each). Three
 * groups (`50,0875,14`) can be read two ways, so they give null rather than a guess.
 */
export function splitLatLon(value: string): [string, string] | null {
  const t = value.trim();
  const bySemicolon = t.split(/\s*;\s*/);
  if (bySemicolon.length === 2) return [bySemicolon[0] as string, bySemicolon[1] as string];
  if (!t.includes(',') || !/,\s/.test(t)) {
    const bySpace = t.split(/\s*[\s/]\s*/);
    if (bySpace.length === 2) return [bySpace[0] as string, bySpace[1] as string];
  }
  const groups = t.split(/\s*,\s*/);
  if (groups.length === 2) return [groups[0] as string, groups[1] as string];
  const digits = /^[+-]?\d+$/;
  const unsigned = /^\d+$/;
  if (groups.length === 4 && digits.test(groups[0] as string) && unsigned.test(groups[1] as string) && digits.test(groups[2] as string) && unsigned.test(groups[3] as string)) {
    return [`${groups[0]},${groups[1]}`, `${groups[2]},${groups[3]}`];
  }
  return null;
}
