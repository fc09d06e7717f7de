import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { operationNames } from '../src/api/contract.js';
import type { TeamConnection } from '../src/api/team-connection.js';
import { fileChooser } from './file-dialog.js';
import { CONNECTION_CALLS, CONNECTION_CHANNEL, EVENT_CHANNEL, guardInvoke, INVOKE_CHANNEL } from './ipc-guard.js';

/** The allow-list, generated from the contract: every operation the API names, and nothing else. */
const allowList: ReadonlySet<string> = new Set(operationNames);

/**
 * Wires the window to the API: one invoke channel whose calls pass the guard (top-level app
 * frame, listed operation, plain payload) before the API validates the payload against the
 * operation's schema; and pushed events to this window only. Calls and events go through the
 * team connection, which answers them from this machine's data folder, or forwards them to the
 * team server the user connected to (the session token stays in this process). The connection
 * channel (status, connect, disconnect) passes the same guard. The API may show this window's open
 * dialog (bundle.choose). Returns the teardown.
 */
export function connectIpc(door: TeamConnection, window: BrowserWindow): () => void {
  // The open dialog (bundle.choose) belongs to this window: modal to it, never free-floating.
  const chooseFile = fileChooser((options) => dialog.showOpenDialog(window, options));
  const sender = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return { frameUrl: frame?.url ?? null, isMainFrame: frame !== null && event.sender === window.webContents && frame === window.webContents.mainFrame };
  };
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, payload: unknown) => {
    const verdict = guardInvoke({ ...sender(event), name, payload }, allowList);
    if (!verdict.ok) return { ok: false, error: verdict.error };
    return door.invoke(verdict.name, verdict.payload, { chooseFile });
  });
  ipcMain.handle(CONNECTION_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, payload: unknown) => {
    const verdict = guardInvoke({ ...sender(event), name, payload }, CONNECTION_CALLS);
    if (!verdict.ok) return { ok: false, error: verdict.error };
    return door.call(verdict.name, verdict.payload);
  });
  const unsubscribe = door.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    ipcMain.removeHandler(CONNECTION_CHANNEL);
  };
}
