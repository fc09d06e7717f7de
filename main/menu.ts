import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { EVENT_CHANNEL } from './ipc-guard.js';

/** Asks the page to show one of its screens (it follows the address fragment). */
function go(window: BrowserWindow, hash: string): void {
  if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { topic: 'app.navigate', hash });
}

/** The application menu: cases, review, the usual edit and view roles, and quit. */
export function installMenu(window: BrowserWindow, isDev: boolean): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => go(window, '#/cases/new') },
        { label: 'Cases', accelerator: 'CmdOrCtrl+Shift+C', click: () => go(window, '#/') },
        { label: 'Review a Bundle…', accelerator: 'CmdOrCtrl+O', click: () => go(window, '#/review') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
