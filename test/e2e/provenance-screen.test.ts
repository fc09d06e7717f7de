import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, type AppInChromium } from '../support/app-in-chromium.js';
import type { BrowserModeFixture } from '../support/browser-mode.js';
import { makePhoneKey, signedBundle } from '../support/proofmode-bundle.js';
import { makeTempDir } from '../support/temp-dir.js';
import { saveScreen } from '../support/ui-screens.js';

const STEP_TIMEOUT_MS = 240_000;
const SAMPLE_2016 = join(__dirname, '../fixtures/proofmode/sample-2016-IMG_20161214_072053.zip');

// Page-side code; test files are checked without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const setHash = (page: Page, hash: string) => page.evaluate((to) => { (globalThis as any).location.hash = to; }, hash);

/** Issue 15 item 3 in real Chromium: a ProofMode photo's provenance is read on its item, in words. */
describe('ProofMode provenance on the item', () => {
  let fixture: BrowserModeFixture;
  let app: AppInChromium;
  let page: Page;
  let errors: string[];
  let temp: ReturnType<typeof makeTempDir>;
  let caseId: number;

  beforeAll(async () => {
    temp = makeTempDir('goldenhour-provenance-e2e-');
    app = await openAppInChromium();
    ({ fixture, page, errors } = app);
    caseId = (await fixture.api.call('case.create', { title: 'Witness phones', timezone: 'Europe/Prague' })).id;
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    temp?.remove();
  }, STEP_TIMEOUT_MS);

  const photoFrom = async (bundlePath: string) => {
    const result = await fixture.core.ingest.ingest(caseId, [bundlePath], { operator: 'tester' });
    expect(result.errors).toEqual([]);
    const photo = result.items.find((i) => i.kind === 'photo');
    if (!photo) throw new Error(`no photo came out of ${bundlePath}`);
    return photo;
  };

  it('says a real bundle states the photo\'s hash and that its signatures cannot be checked without a key, and links the bundle', async () => {
    const photo = await photoFrom(SAMPLE_2016);
    await setHash(page, `#/case/${caseId}/item/${photo.id}`);
    const panel = page.getByTestId('proofmode');
    await panel.waitFor();
    await expect.poll(() => panel.innerText()).toMatch(/ProofMode proof states this file's exact SHA-256/);
    const text = await panel.innerText();
    expect(text).toMatch(/Signature of the file\s+not checkable: the bundle holds no public key, key B64C8428C2AE01C5/);
    expect(text).toMatch(/Proof written\s+2016-12-14 12:20:55/);
    expect(text).toMatch(/Device\s+LGE LGE Nexus 5/);
    await panel.getByRole('link', { name: 'sample-2016-IMG_20161214_072053.zip' }).click();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await page.waitForFunction((id) => (globalThis as any).location.hash.endsWith(`/item/${id}`), photo.parentId);
    await saveScreen(page, 'proofmode-bundle-item');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);

  it('marks a photo changed after the phone signed it, at the top of the item and in the panel', async () => {
    const key = await makePhoneKey();
    const photoBytes = readFileSync(join(__dirname, '../fixtures/camera/exiftool__GPS.jpg'));
    const photo = await photoFrom(await signedBundle(key, join(temp.path, 'tampered.zip'), 'PXL_20260701_214500.jpg', photoBytes, { tamperAfterSigning: true }));
    await setHash(page, `#/case/${caseId}/item/${photo.id}`);
    const panel = page.getByTestId('proofmode');
    await panel.waitFor();
    await expect.poll(() => panel.innerText()).toMatch(/this is not the file the phone recorded/);
    expect(await panel.innerText()).toMatch(/Signature of the file\s+does NOT verify/);
    expect(await page.getByTestId('analysis-notes').innerText()).toMatch(/A ProofMode signature in the file's bundle does not verify/);
    await saveScreen(page, 'proofmode-tampered');
    expect(errors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
