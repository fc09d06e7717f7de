import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Expander } from '../../../src/capture/expand.js';
import { launchTestBrowser } from '../../support/chromium.js';
import { startFixtureSite, type FixtureSite } from '../../support/fixture-site.js';

// test/fixtures/site/comments/languages.html: twenty "more comments" controls in eleven interface
// languages, each revealing one comment, beside twenty-two controls in the same languages that must
// never be clicked (hide, less, translate, reply, like, share, follow, "more options"), four of
// them with a showing verb and a thread noun ("Ver menos respuestas").

let site: FixtureSite;
let browser: Browser;
beforeAll(async () => {
  site = await startFixtureSite();
  browser = await launchTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('expanding threads for an investigator whose accounts are not in English', () => {
  it('clicks "Ver más comentarios", "Weitere Kommentare anzeigen", "عرض المزيد من التعليقات" and the rest, and nothing else', async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(site.url('/comments/languages.html'));
      const expander = new Expander(tab, { maxClicks: 60, maxTimeMs: 15_000, pauseMs: 100 });
      await expander.pass();
      const record = expander.record();
      expect(record.stoppedBy).toBe('done');
      const revealed = await tab.locator('.revealed:not([hidden])').allTextContents();
      expect(revealed).toHaveLength(20);
      expect(record.controls.map((c) => c.label)).toEqual(expect.arrayContaining([
        'Ver más comentarios', 'Ana respondió · 2 respuestas', 'Lire la suite', 'Mehr anzeigen', 'Wyświetl 5 odpowiedzi',
        'Показать ещё комментарии', '12 yanıtı gör', 'عرض المزيد من التعليقات',
      ]));
      expect(record.clicks).toBe(20);
      expect(await tab.locator('#traps').textContent()).not.toContain('TRAP');
    } finally {
      await tab.close();
    }
  }, 60_000);
});
