// The preload: the only bridge between the sandboxed page and the main process. It exposes
// named functions, never ipcRenderer itself, and every subscription returns its unsubscribe.
// (CommonJS, as sandboxed preloads must be.)
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'goldenhour:invoke';
const EVENT_CHANNEL = 'goldenhour:event';
const CONNECTION_CHANNEL = 'goldenhour:connection';

const bridge = {
  /** Runs one API operation; the result is `{ ok, value }` or `{ ok: false, error: { code, message } }`. */
  invoke: (name: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, String(name), payload),
  /** The team-server connection: 'status', 'connect' ({ server, user, password }) or 'disconnect'. The session token never reaches the page. */
  connection: (name: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke(CONNECTION_CHANNEL, String(name), payload),
  /** Listens to progress events; returns the unsubscribe. */
  onEvent: (listener: (event: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  /** The read-only address of a vault blob, by SHA-256. */
  blobUrl: (sha256: string): string => `gh-blob://vault/${/^[0-9a-f]{64}$/.test(sha256) ? sha256 : 'invalid'}`,
  /** The path of a file dropped on the page (Electron no longer puts it on File). */
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('goldenHour', bridge);
