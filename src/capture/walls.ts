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
const consentMarkers = ['onetrust', 'cookiebot', 'didomi', 'qc-cmp', 'sp_message', 'cookie-consent', 'consent-banner', 'truste'];
const challengeMarkers = ['cf-turnstile', 'cf-challenge', 'g-recaptcha', 'h-captcha', 'hcaptcha', 'recaptcha', 'px-captcha', 'datadome'];

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
export async function readWallSignals(page: Page, status: number | null, markerNames: string[] = [...consentMarkers, ...challengeMarkers]): Promise<WallSignals> {
  const read = (await page.evaluate(wallSignalsScript(markerNames))) as Omit<WallSignals, 'status'>;
  return { ...read, status };
}
