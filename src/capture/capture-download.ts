import { stat, readFile } from 'node:fs/promises';
import type { BrowserContext, Download } from 'playwright-core';
import { CaptureFailure } from './capture-failure.js';

/** A URL that answered with a file to download instead of a page: the file is the evidence. */
export interface CapturedDownload {
  kind: 'download';
  requestedUrl: string;
  /** Where the file came from (after redirects). */
  finalUrl: string;
  suggestedFilename: string;
  body: Buffer;
  startedAt: string;
  endedAt: string;
  browser: { name: string; version: string };
}

/**
 * Keeps the file a URL downloads, as the browser received it, up to the resource size limit.
 * Playwright saves it to a temporary file that goes when the context closes.
 */
export async function captureDownload(context: BrowserContext, download: Download, requestedUrl: string, startedAt: Date, maxBytes: number): Promise<CapturedDownload> {
  const path = await download.path();
  const size = (await stat(path)).size;
  if (size > maxBytes) throw new CaptureFailure(`${requestedUrl} downloads a file of ${size} bytes, over the limit of ${maxBytes}`, false, 'download-too-large');
  return {
    kind: 'download',
    requestedUrl,
    finalUrl: download.url(),
    suggestedFilename: download.suggestedFilename(),
    body: await readFile(path),
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    browser: { name: 'Chromium', version: context.browser()?.version() ?? 'unknown' },
  };
}
