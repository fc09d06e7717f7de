import { app, protocol, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createApi, type Api } from '../src/api/api.js';
import { TeamConnection } from '../src/api/team-connection.js';
import { appConnectionFile, sessionsFile } from '../src/api/team-sessions.js';
import { resolveDataDir } from '../src/config/data-dir.js';
import { openCore, type Core } from '../src/core.js';
import { packageRoot } from '../src/version.js';
import { answerAppRequest } from './app-protocol.js';
import { answerBlobRequest } from './blob-protocol.js';
import { connectIpc } from './ipc.js';
import { APP_SCHEME, BLOB_SCHEME } from './ipc-guard.js';
import { installMenu } from './menu.js';
import { createAppWindow } from './window.js';

// The app's own pages and the vault's blobs come from two private schemes, registered before
// the app is ready as Electron requires; nothing is loaded from file:// or the network.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: BLOB_SCHEME, privileges: { standard: true, secure: true, stream: true } },
]);

const rendererDir = join(packageRoot, 'dist', 'renderer');
let core: Core | null = null;
let connection: TeamConnection | null = null;
let window: BrowserWindow | null = null;
let disconnect: (() => void) | null = null;
let watching: ReturnType<Core['startWatching']> | null = null;

function openWindow(activeCore: Core, api: Api, door: TeamConnection): void {
  window = createAppWindow();
  disconnect = connectIpc(door, window);
  // The app runs the case's watches while a window is open; each run reaches the window as an event.
  watching = activeCore.startWatching((caseId) => api.invoke('watch.runDue', { caseId }));
  installMenu(window, !app.isPackaged);
  window.on('closed', () => {
    void watching?.stop();
    watching = null;
    disconnect?.();
    disconnect = null;
    window = null;
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  // The same data folder as the CLI and browser mode (GOLDENHOUR_DATA, else the per-user folder).
  core = openCore({ dataDir: resolveDataDir(undefined) });
  const activeCore = core;
  // "Connect to a team server": this process holds the session (kept as `goldenhour login` keeps
  // it) and forwards the window's calls, events and blobs there; the page never sees the token.
  const api = createApi(activeCore);
  const door = new TeamConnection({ api, dataDir: activeCore.dataDir, sessionsFile: sessionsFile(), connectionFile: appConnectionFile() });
  connection = door;
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request.url, rendererDir));
  protocol.handle(BLOB_SCHEME, (request) => answerBlobRequest(activeCore, request, door));
  openWindow(activeCore, api, door);
  app.on('activate', () => {
    if (!window) openWindow(activeCore, api, door);
  });
}

// One instance per data folder: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    // Close the case browsers (their profiles stay) before the database goes.
    if (!core) return;
    const closing = core;
    core = null;
    connection?.close();
    event.preventDefault();
    void Promise.all([watching?.stop(), closing.close()]).finally(() => app.quit());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  start().catch((error: unknown) => {
    console.error('Golden Hour could not start:', error);
    app.exit(1);
  });
}
