import type { ElementHandle, JSHandle, Page, Route } from 'playwright-core';
import { errorMessage } from '../util/errors.js';
import { EXPAND_LANGUAGES, MAX_LABEL_WORDS } from './expand-words.js';
import { inPage, scrollTopScript } from './in-page-scripts.js';

/** How much expanding of comment threads and truncated text a capture does before its screenshots. */
export interface ExpandLimits {
  /** Clicks in all, over every pass (0: no expanding). */
  maxClicks: number;
  /** Time spent expanding in all, over every pass. */
  maxTimeMs: number;
  /** Pause after each round of clicks for what they load to arrive. */
  pauseMs: number;
}

/** What expanding did, for the capture record. */
export interface ExpansionRecord {
  /** `done`: nothing left to expand; a limit; `navigated`: a click changed the page's address (expanding stopped there); `off`: no clicks allowed. */
  stoppedBy: 'done' | 'click-limit' | 'time-limit' | 'navigated' | 'off' | 'error';
  clicks: number;
  /** Each control clicked, by what it said (its text or label), with how many times. */
  controls: { label: string; clicks: number }[];
  durationMs: number;
  limits: { maxClicks: number; maxTimeMs: number };
  /** Navigations of the page a click started, refused (expanding never leaves the page). */
  refusedNavigations: string[];
  error?: string;
}

/** A control is clicked at most this often (a "more comments" button stays while there are more). */
const MAX_CLICKS_PER_CONTROL = 10;
/** At most this many controls are clicked in one round before looking again. */
const MAX_PER_ROUND = 25;
const CLICK_TIMEOUT_MS = 1500;

/**
 * Finds the controls an investigator would click to see a thread whole: "View more comments",
 * "View all 32 comments", "Show more replies", "9 replies", "See more", "Read more", "… more",
 * and the same in the languages of expand-words.ts ("Ver más comentarios", "Mehr anzeigen").
 * Only buttons, role=button elements, <summary> and links that stay on this document; never
 * anything in a form (no submitting), disabled, already expanded, hidden, or whose words say it
 * does something else (like, follow, share, reply, report, sign in, hide, show less). The
 * innermost of nested candidates is kept, so one control is one click. Takes the page-side
 * map of clicks per element; returns `{ el, label }` in document order. Read-only: the page's
 * DOM is not marked.
 */
const findControlsScript = inPage(`(clicked) => {
  const expand = [
    /^(view|show|load|see|read)( all)?( \\d[\\d,.]*[km]?)?( more| previous| earlier| older| hidden| additional| other| remaining)? (replies|reply|comments|comment|answers|responses)\\b/i,
    /^\\d[\\d,.]*[km]? (more )?(replies|reply|comments)$/i,
    /^(view|show|see) (\\d+ )?(more )?repl(y|ies)$/i,
    /^more (replies|comments)$/i,
    /^(see|show|read) more$/i,
    /^(…|\\.\\.\\.) ?more$/i,
    // TikTok continues a reply list with "View 3 more"; Facebook sums one up as "Ann Quay replied · 2 replies".
    /^view \\d[\\d,.]*[km]? more$/i,
    /^[^·]{1,80} replied · \\d[\\d,.]*[km]? repl(y|ies)$/i,
  ];
  const never = /\\b(like|likes|unlike|follow|subscribe|share|report|delete|block|mute|sign|log ?in|log ?out|send|submit|translate|hide|less|download|buy|join)\\b/i;
  // The same controls in other languages, by their words (see expand-words.ts); case and accents folded.
  const fold = (text) => text.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  const wordsOf = (text) => fold(text).split(/[^\\p{L}\\p{N}]+/u).filter(Boolean);
  const languages = ${JSON.stringify(EXPAND_LANGUAGES)}.map((l) => Object.fromEntries(
    Object.entries(l).map(([key, list]) => [key, key === 'lang' ? list : new Set(list.map(fold))])));
  const counted = (words, l) => /^\\d/.test(words[0] || '') && words.length <= 4 && l.nouns.has(words[words.length - 1]);
  const otherLanguage = (text) => {
    const words = wordsOf(text);
    const afterDot = wordsOf(text.split('·').pop());
    return languages.some((l) => {
      const has = (set) => words.some((w) => set.has(w));
      if (has(l.refuse)) return false;
      if (has(l.verbs) && has(l.nouns)) return words.length <= ${MAX_LABEL_WORDS};
      if (has(l.more) && has(l.nouns)) return words.length <= 5;
      if (has(l.verbs) && has(l.more)) return words.length <= 3 && words.every((w) => l.verbs.has(w) || l.more.has(w) || l.small.has(w));
      return counted(words, l) || (text.includes('·') && afterDot.length <= 3 && counted(afterDot, l));
    });
  };
  // A control that shows only an icon is named by it (Instagram's "Load more comments" is an svg's aria-label).
  const iconName = (el) => { const icon = el.querySelector('svg[aria-label], img[alt]'); return icon ? icon.getAttribute('aria-label') || icon.getAttribute('alt') : ''; };
  const squeeze = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  const label = (el) => (squeeze(el.getAttribute('aria-label') || el.innerText || el.textContent) || squeeze(iconName(el))).slice(0, 120);
  const visible = (el) => {
    if (el.closest('[hidden]') || el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const staysHere = (el) => {
    const link = el.closest('a[href]');
    if (!link) return true;
    const href = link.getAttribute('href').trim();
    if (href === '' || href.startsWith('#') || /^javascript:/i.test(href)) return true;
    // Any other address loads a document, even this one's own.
    return false;
  };
  const submits = (el) => {
    if (el.closest('form') === null) return false;
    if (el.tagName === 'BUTTON') return (el.getAttribute('type') || 'submit').toLowerCase() !== 'button';
    return el.tagName === 'INPUT';
  };
  // A "less" control folds back what was opened (YouTube's #less-replies says "9 replies" too).
  const collapses = (el) => {
    for (let node = el, up = 0; node && up < 5; node = node.parentElement, up++) {
      if (/(^|[-_\\s])less([-_\\s]|$)/i.test((node.id || '') + ' ' + (typeof node.className === 'string' ? node.className : ''))) return true;
    }
    return false;
  };
  const found = [];
  // TikTok's "View 2 replies" is a bare span in its replies container, not a button.
  for (const el of Array.from(document.querySelectorAll('button, [role=button], a, summary, tp-yt-paper-button, [class*="DivViewRepliesContainer"] > span, [class*="DivViewMoreRepliesOptionsContainer"] span'))) {
    const text = label(el);
    if (!text || never.test(text) || !(expand.some((re) => re.test(text)) || otherLanguage(text))) continue;
    if (el.closest('[aria-expanded="true"]') || el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true') continue;
    if (collapses(el) || /logged_?out|login|signup/i.test(el.getAttribute('data-testid') || '')) continue;
    if ((clicked.get(el) || 0) >= ${MAX_CLICKS_PER_CONTROL}) continue;
    if (!visible(el) || !staysHere(el) || submits(el)) continue;
    found.push({ el, label: text });
  }
  return found.filter((c) => !found.some((other) => other !== c && c.el.contains(other.el))).slice(0, ${MAX_PER_ROUND});
}`);


/** Counts a click on an element, in the page-side map (not in the DOM). */
const countClickScript = inPage(`([clicked, el]) => { clicked.set(el, (clicked.get(el) || 0) + 1); }`);

/** How much the page shows: changes when a click loaded or revealed something. */
const pageSizeScript = `(() => (document.body ? document.body.getElementsByTagName('*').length + ':' + (document.body.innerText || '').length : ''))()`;

/**
 * Expands comment threads and truncated text on a page, as an investigator would by hand, in
 * passes (before the first screenshot, and again after scrolling has loaded more), sharing one
 * budget of clicks and time. While it clicks, any navigation of the page's main frame is refused
 * (a control that turns out to be a link or a form cannot take the capture elsewhere), and a
 * click that changes the address anyway (a script's pushState) stops expanding and goes back.
 */
export class Expander {
  private clicks = 0;
  private spentMs = 0;
  private readonly controls = new Map<string, number>();
  private readonly refused: string[] = [];
  private stoppedBy: ExpansionRecord['stoppedBy'];
  private error: string | undefined;
  private clickedHandle: JSHandle | null = null;

  constructor(private readonly page: Page, private readonly limits: ExpandLimits, private readonly settle: () => Promise<void> = async () => undefined) {
    this.stoppedBy = limits.maxClicks > 0 && limits.maxTimeMs > 0 ? 'done' : 'off';
  }

  /** One pass: rounds of clicks until nothing is left to expand or a limit is reached. */
  async pass(): Promise<void> {
    if (this.stoppedBy !== 'done') return;
    const started = Date.now();
    const home = this.page.url();
    const refuse = (route: Route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.frame() === this.page.mainFrame()) {
        this.refused.push(request.url());
        // 'aborted' leaves the page as it was (any other error would show Chromium's error page).
        return route.abort('aborted');
      }
      return route.fallback();
    };
    await this.page.route('**/*', refuse);
    try {
      this.clickedHandle ??= await this.page.evaluateHandle('new WeakMap()');
      await this.rounds(started, home);
    } catch (error) {
      this.stoppedBy = 'error';
      this.error = errorMessage(error);
    } finally {
      this.spentMs += Date.now() - started;
      await this.page.unroute('**/*', refuse).catch(() => undefined);
      await this.page.evaluate(scrollTopScript).catch(() => undefined);
    }
  }

  private async rounds(started: number, home: string): Promise<void> {
    const timeLeft = () => this.limits.maxTimeMs - this.spentMs - (Date.now() - started);
    for (;;) {
      const found = await this.find();
      if (found.length === 0) return;
      const before = await this.page.evaluate(pageSizeScript);
      for (const { el, label } of found) {
        if (this.clicks >= this.limits.maxClicks) return void (this.stoppedBy = 'click-limit');
        if (timeLeft() <= 0) return void (this.stoppedBy = 'time-limit');
        await this.click(el);
        this.clicks += 1;
        this.controls.set(label, (this.controls.get(label) ?? 0) + 1);
        if (!sameDocument(this.page.url(), home)) {
          this.stoppedBy = 'navigated';
          await this.page.goBack({ waitUntil: 'commit', timeout: 5000 }).catch(() => null);
          return;
        }
      }
      await this.page.waitForTimeout(Math.max(0, Math.min(this.limits.pauseMs, timeLeft())));
      await this.settle();
      if (timeLeft() <= 0) return void (this.stoppedBy = 'time-limit');
      // Clicks that changed nothing (a control that does nothing here) end the pass.
      if ((await this.page.evaluate(pageSizeScript)) === before) return;
    }
  }

  private async find(): Promise<{ el: ElementHandle; label: string }[]> {
    const list = await this.page.evaluateHandle(findControlsScript, this.clickedHandle);
    try {
      const out: { el: ElementHandle; label: string }[] = [];
      for (const entry of (await list.getProperties()).values()) {
        const el = (await entry.getProperty('el')).asElement();
        const label = String(await (await entry.getProperty('label')).jsonValue());
        if (el) out.push({ el, label });
      }
      return out;
    } finally {
      await list.dispose();
    }
  }

  /** A real click where the control can take one; else the click event on the control itself (never on whatever covers it). */
  private async click(el: ElementHandle): Promise<void> {
    await this.page.evaluate(countClickScript, [this.clickedHandle, el]);
    try {
      await el.click({ timeout: CLICK_TIMEOUT_MS });
    } catch {
      await el.dispatchEvent('click').catch(() => undefined);
    }
  }

  record(): ExpansionRecord {
    return {
      stoppedBy: this.stoppedBy, clicks: this.clicks, controls: [...this.controls].map(([label, clicks]) => ({ label, clicks })),
      durationMs: this.spentMs, limits: { maxClicks: this.limits.maxClicks, maxTimeMs: this.limits.maxTimeMs }, refusedNavigations: this.refused,
      ...(this.error ? { error: this.error } : {}),
    };
  }
}

function sameDocument(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0];
}
