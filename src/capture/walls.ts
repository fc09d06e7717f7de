import type { Page } from 'playwright-core';
import { wallSignalsScript } from './in-page-scripts.js';

/** What a page showed instead of (or on top of) its content. */
export type WallFlag = 'login-wall' | 'cookie-wall' | 'bot-check';

/** Signals read from the rendered page; pure data, so the rules can be tested without a browser. */
export interface WallSignals {
  title: string;
  /** Visible text, lower-cased and cut to a few thousand characters. */
  text: string;
  passwordInputs: number;
  /** Elements whose id/class/src name a known consent manager or challenge. */
  markers: string[];
  status: number | null;
}

const loginPhrases = [/\blog ?in to (see|continue|view)\b/, /\bsign in to (see|continue|view)\b/, /\bsee more on\b/, /\byou must (be )?log(ged)? ?in\b/, /\blogin required\b/, /\bjoin .* to (see|view)\b/, /\bthis content isn'?t available (right now|unless)\b/];
const cookiePhrases = [/\baccept (all )?cookies\b/, /\bwe (use|value your) (cookies|privacy)\b/, /\bbefore you continue\b/, /\bcookie (settings|preferences|consent)\b/, /\breject all\b/];
const botPhrases = [/\bchecking (if the site connection is secure|your browser)\b/, /\bverify (that )?you are (a )?human\b/, /\bare you a robot\b/, /\bcomplete the security check\b/, /\bunusual traffic\b/, /\bcaptcha\b/, /^just a moment/];
/** Consent managers and challenge widgets, as they appear in element ids, classes and iframe addresses. */
const consentMarkers = ['onetrust-banner-sdk', 'onetrust-consent-sdk', 'cybotcookiebotdialog', 'didomi-popup', 'qc-cmp2-container', 'sp_message_container', 'truste-consent', 'truste_box', 'cookie-consent', 'consent-banner'];
const challengeMarkers = ['cf-turnstile', 'cf-challenge', 'challenge-platform', 'g-recaptcha', 'recaptcha/api2/anchor', 'recaptcha/enterprise/anchor', 'h-captcha', 'hcaptcha.com/captcha', 'px-captcha', 'captcha-delivery.com'];

/** Every marker name, for the reader of the page. */
export const wallMarkerNames = [...consentMarkers, ...challengeMarkers];

/**
 * The markers found in a page's element ids, classes and iframe addresses (lower-cased and
 * joined). Not in its scripts: sites load challenge libraries without showing a challenge.
 */
export function matchMarkers(haystack: string): string[] {
  return wallMarkerNames.filter((name) => haystack.includes(name));
}

/** The walls the signals show, by simple, explainable rules. */
export function detectWalls(signals: WallSignals): WallFlag[] {
  const text = `${signals.title.toLowerCase()}\n${signals.text}`;
  const flags: WallFlag[] = [];
  const loginText = loginPhrases.some((p) => p.test(text));
  if ((signals.passwordInputs > 0 && (loginText || signals.text.length < 1500)) || loginText || signals.status === 401) flags.push('login-wall');
  if (cookiePhrases.filter((p) => p.test(text)).length >= 2 || signals.markers.some((m) => consentMarkers.includes(m))) flags.push('cookie-wall');
  if (botPhrases.some((p) => p.test(text)) || signals.markers.some((m) => challengeMarkers.includes(m))) flags.push('bot-check');
  return flags;
}

/** Reads the signals from the rendered page (visible text, password fields, known markers). */
export async function readWallSignals(page: Page, status: number | null): Promise<WallSignals> {
  const read = (await page.evaluate(wallSignalsScript)) as Omit<WallSignals, 'status' | 'markers'> & { haystack: string };
  return { title: read.title, text: read.text, passwordInputs: read.passwordInputs, markers: matchMarkers(read.haystack), status };
}
