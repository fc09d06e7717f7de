import { APP_ORIGIN, BLOB_SCHEME } from './ipc-guard.js';

/**
 * The app window's Content Security Policy: only the app's own scripts and styles; pictures and
 * video from the vault (read-only, by hash) or an https tile server the investigator sets; no
 * network connections but to https map servers (only once the online map is turned on in Map
 * settings: a style, its tiles, place search), no frames, objects or forms.
 */
export const APP_CSP = [
  "default-src 'none'",
  `script-src ${APP_ORIGIN}`,
  `style-src ${APP_ORIGIN}`,
  `img-src ${APP_ORIGIN} ${BLOB_SCHEME}: data: blob: https:`,
  `media-src ${BLOB_SCHEME}:`,
  `connect-src ${APP_ORIGIN} https:`,
  `font-src ${APP_ORIGIN}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
].join('; ');
