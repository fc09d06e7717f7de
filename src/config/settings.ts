import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GoldenHourError, errorMessage } from '../util/errors.js';

/** Where the map's base map and place search come from. */
export const mapSettingsSchema = z.object({
  /** Whether the map may ask servers on the network for tiles and places (off by default). */
  online: z.boolean().default(false),
  /** A MapLibre style (https, JSON) or a raster tile template with {z}, {x} and {y}: used when online. */
  styleUrl: z.string().default(''),
  /** A Nominatim-compatible search address (https): used when online. */
  searchUrl: z.string().default(''),
  /** A PMTiles or MBTiles file on this machine: the offline base map ('' for the Natural Earth outline). */
  offlineFile: z.string().default(''),
});
export type MapSettings = z.infer<typeof mapSettingsSchema>;

/** Installation settings kept in the data folder (`settings.json`), shared by the CLI and the app. */
export const settingsSchema = z.object({
  /** RFC 3161 time-stamping authorities that anchor every case's ledger head; empty: anchoring off. */
  tsa: z.array(z.string()).default([]),
  /** Least time between two requests to one authority (a burst of work is coalesced). */
  tsaIntervalSeconds: z.number().int().min(0).max(3600).default(60),
  /** The base map: nothing goes online unless `online` is on; an offline map file is read locally. */
  map: mapSettingsSchema.default(mapSettingsSchema.parse({})),
}).passthrough();
export type Settings = z.infer<typeof settingsSchema>;

const settingsFile = (dataDir: string) => join(dataDir, 'settings.json');

/** The settings of a data folder (defaults when it has none). */
export function readSettings(dataDir: string): Settings {
  let text: string;
  try {
    text = readFileSync(settingsFile(dataDir), 'utf8');
  } catch {
    return settingsSchema.parse({});
  }
  try {
    return settingsSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new GoldenHourError('invalid-input', `The settings file ${settingsFile(dataDir)} is unreadable: ${errorMessage(error)}`);
  }
}

/** Writes settings atomically (a new file renamed over the old), owner-only. */
export function writeSettings(dataDir: string, settings: Settings): void {
  const file = settingsFile(dataDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Checks a `tsa` setting: comma-separated http(s) URLs, or `off`/empty for none. */
export function parseTsaList(value: string): string[] {
  if (value.trim() === '' || value.trim().toLowerCase() === 'off') return [];
  const urls = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new GoldenHourError('invalid-input', `Expected each time-stamping authority to be an http(s) URL but received ${JSON.stringify(url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new GoldenHourError('invalid-input', `Expected each time-stamping authority to be an http(s) URL but received ${JSON.stringify(url)}`);
    }
    if (parsed.username || parsed.password) throw new GoldenHourError('invalid-input', `A time-stamping authority URL cannot hold a user name or password: ${parsed.host}`);
  }
  if (urls.length > 5) throw new GoldenHourError('invalid-input', `Expected at most 5 time-stamping authorities but received ${urls.length}`);
  return [...new Set(urls)];
}
