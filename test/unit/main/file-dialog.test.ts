import type { OpenDialogOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIALOG, chosenPath, fileChooser } from '../../../main/file-dialog.js';
import { createApi, type Api } from '../../../src/api/api.js';
import type { Core } from '../../../src/core.js';
import { openTestCore } from '../../support/bundle-case.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The desktop app's open dialog behind bundle.choose, as far as it goes without the Electron
 * binary: the dialog the API asks the window for, what its answer means, and the operation
 * through the real API with and without a door that has a dialog.
 */
describe('bundle.choose and the open dialog', () => {
  const temp = makeTempDir('gh-file-dialog-');
  let core: Core;
  let api: Api;
  beforeAll(() => {
    core = openTestCore(temp.path);
    api = createApi(core);
  });
  afterAll(async () => {
    await core.close();
    temp.remove();
  });

  it('asks for one .zip file, with every file still choosable', () => {
    expect(BUNDLE_DIALOG.properties).toEqual(['openFile', 'dontAddToRecent']);
    expect(BUNDLE_DIALOG.filters?.[0]).toEqual({ name: 'Golden Hour bundle (.zip)', extensions: ['zip'] });
    expect(BUNDLE_DIALOG.filters?.[1]).toEqual({ name: 'All files', extensions: ['*'] });
    expect(chosenPath({ canceled: true, filePaths: [] })).toBeNull();
    expect(chosenPath({ canceled: false, filePaths: [] })).toBeNull();
    expect(chosenPath({ canceled: false, filePaths: ['/media/usb/bundle.zip', '/other.zip'] })).toBe('/media/usb/bundle.zip');
  });

  it('gives the chosen path through the API, null when cancelled, and says why a door without a dialog cannot', async () => {
    const asked: OpenDialogOptions[] = [];
    let answer = { canceled: false, filePaths: ['/media/usb/Harbour Road.zip'] };
    const chooseFile = fileChooser(async (options) => {
      asked.push(options);
      return answer;
    });
    expect(await api.invoke('bundle.choose', {}, { chooseFile })).toEqual({ ok: true, value: { path: '/media/usb/Harbour Road.zip' } });
    expect(asked).toEqual([BUNDLE_DIALOG]);
    answer = { canceled: true, filePaths: [] };
    expect(await api.invoke('bundle.choose', {}, { chooseFile })).toEqual({ ok: true, value: { path: null } });
    expect(await api.invoke('bundle.choose', { path: '/etc/passwd' }, { chooseFile })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await api.invoke('bundle.choose', {})).toEqual({ ok: false, error: { code: 'unavailable', message: "Only the desktop app can show a file dialog; in a browser the bundle is chosen with the page's file picker and uploaded" } });
  });
});
