import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Api } from '../src/api/api.js';
import { operationNames } from '../src/api/contract.js';
import { EVENT_CHANNEL, guardInvoke, INVOKE_CHANNEL } from './ipc-guard.js';

/** The allow-list, generated from the contract: every operation the API names, and nothing else. */
const allowList: ReadonlySet<string> = new Set(operationNames);

/**
 * Wires the window to the API: one invoke channel whose calls pass the guard (top-level app
 * frame, listed operation, plain payload) before the API validates the payload against the
 * operation's schema; and pushed events to this window only. Returns the teardown.
 */
export function connectIpc(api: Api, window: BrowserWindow): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, payload: unknown) => {
    const frame = event.senderFrame;
    const verdict = guardInvoke(
      { frameUrl: frame?.url ?? null, isMainFrame: frame !== null && event.sender === window.webContents && frame === window.webContents.mainFrame, name, payload },
      allowList,
    );
    if (!verdict.ok) return { ok: false, error: verdict.error };
    return api.invoke(verdict.name, verdict.payload);
  });
  const unsubscribe = api.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
