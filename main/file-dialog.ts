import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

/**
 * The desktop app's open dialog behind `bundle.choose`, kept free of Electron's runtime so it is
 * tested without the Electron binary: what the dialog asks for, and what its answer means.
 */

/** The dialog for choosing a sealed bundle: one .zip file (any file may still be picked; opening it says what it is). */
export const BUNDLE_DIALOG: OpenDialogOptions = {
  title: 'Open a sealed bundle for review',
  buttonLabel: 'Open and verify',
  properties: ['openFile', 'dontAddToRecent'],
  filters: [
    { name: 'Golden Hour bundle (.zip)', extensions: ['zip'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/** The chosen path, or null when the dialog was cancelled or gave nothing. */
export function chosenPath(result: OpenDialogReturnValue): string | null {
  if (result.canceled) return null;
  return result.filePaths[0] ?? null;
}

/** What Electron's `dialog.showOpenDialog(window, options)` is, bound to the app's window. */
export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

/** The `chooseFile` capability the desktop door hands the API (see HandlerContext). */
export function fileChooser(show: ShowOpenDialog): (kind: 'bundle') => Promise<string | null> {
  // One kind today; each kind names its own dialog, so no call can ask for an arbitrary one.
  const dialogs: Record<'bundle', OpenDialogOptions> = { bundle: BUNDLE_DIALOG };
  return async (kind) => chosenPath(await show(dialogs[kind]));
}
