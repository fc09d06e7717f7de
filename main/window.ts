import { BrowserWindow, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN, mayNavigate, opensOutside } from './ipc-guard.js';

/**
 * The one app window, locked down: context isolation, the sandbox, no Node in the page, no
 * new windows (web links open in the investigator's browser), no navigation away from the app, no webviews, and every permission refused.
 */
export function createAppWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Golden Hour',
    backgroundColor: '#f6f7f9',
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  const contents = window.webContents;
  // No window opens in the app; a web link it shows in a new tab (a comment's permalink) opens in the investigator's browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (opensOutside(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Opens an address in the investigator's own browser, only for the project's documentation. */
export function openExternalDocs(url: string): void {
  if (url.startsWith('https://github.com/')) void shell.openExternal(url);
}
