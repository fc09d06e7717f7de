import { isAbsolute } from 'node:path';
import type { Core } from '../../core.js';
import { readSettings, writeSettings } from '../../config/settings.js';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import type { HandlerSet } from '../handler-types.js';

type MapOperation = 'map.settings' | 'map.setSettings' | 'map.tile' | 'map.items';

/** The base map's settings, offline tiles and the items of a cluster. */
export function mapHandlers(core: Pick<Core, 'dataDir' | 'offlineMap' | 'cases' | 'summaries'>): HandlerSet<MapOperation> {
  const view = async () => {
    const map = readSettings(core.dataDir).map;
    try {
      return { map, offline: await core.offlineMap.info(), offlineProblem: null };
    } catch (error) {
      // The setting names a file that is gone or broken: the map falls back and says why.
      return { map, offline: null, offlineProblem: errorMessage(error) };
    }
  };
  return {
    'map.settings': view,
    'map.setSettings': async (req) => {
      if (req.offlineFile !== '') {
        if (!isAbsolute(req.offlineFile)) throw new GoldenHourError('invalid-input', `Expected the offline map as a full path to a .pmtiles or .mbtiles file but received ${JSON.stringify(req.offlineFile)}`);
        await core.offlineMap.check(req.offlineFile);
      }
      if (req.online && req.styleUrl === '') throw new GoldenHourError('invalid-input', 'Give a map style or tile address to use the map online');
      const settings = readSettings(core.dataDir);
      writeSettings(core.dataDir, { ...settings, map: { online: req.online, styleUrl: req.styleUrl, searchUrl: req.searchUrl, offlineFile: req.offlineFile } });
      return view();
    },
    'map.tile': async (req) => {
      const tile = await core.offlineMap.tile(req.z, req.x, req.y);
      return { data: tile ? tile.toString('base64') : null };
    },
    'map.items': async (req) => {
      const c = await core.cases.get(req.caseId);
      const wanted = new Set(req.ids);
      return { rows: (await core.summaries.rows(c)).filter((row) => wanted.has(row.id)) };
    },
  };
}
