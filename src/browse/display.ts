/**
 * Why a visible browser window cannot open here, in the investigator's words, or null when it
 * can. On Linux and the BSDs a window needs a graphical session (X11's DISPLAY or Wayland's
 * WAYLAND_DISPLAY); macOS and Windows always have one for a logged-in user.
 */
export function displayProblem(env: Record<string, string | undefined>, platform: string): string | null {
  if (platform === 'darwin' || platform === 'win32') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'The case browser needs a window, and Golden Hour is running where no screen is attached '
    + '(no graphical desktop session, as when it is started over a remote connection or as a background service). '
    + 'Start Golden Hour from the desktop of this computer to browse, or capture pages by their addresses on the Capture screen, which needs no window.';
}
