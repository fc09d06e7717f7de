import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveDataDir } from '../../../src/config/data-dir.js';

describe('data directory', () => {
  it('prefers --data, then GOLDENHOUR_DATA, then the per-user app data folder', () => {
    expect(resolveDataDir('rel/dir', { GOLDENHOUR_DATA: '/env/dir' })).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { GOLDENHOUR_DATA: '/env/dir' })).toBe('/env/dir');
    expect(resolveDataDir(undefined, {})).toBe(defaultUserDataDir(process.platform, {}));
  });

  it("matches Electron's app.getPath('userData') for the app's product name on each platform", () => {
    expect(defaultUserDataDir('linux', {}, '/home/ana')).toBe(join('/home/ana', '.config', 'Golden Hour'));
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe(join('/cfg', 'Golden Hour'));
    expect(defaultUserDataDir('darwin', {}, '/Users/ana')).toBe(join('/Users/ana', 'Library', 'Application Support', 'Golden Hour'));
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(join('C:\\Users\\ana\\AppData\\Roaming', 'Golden Hour'));
  });
});
