import { errorMessage } from '../util/errors.js';
import type { CapturedDownload } from './capture-download.js';
import { CaptureFailure } from './capture-failure.js';
import type { BrowsedPage, CapturedPage } from './page-capture.js';
import { checkCaptureUrl } from './url-policy.js';

/**
 * A public address that redirected to a private one (a way to read an intranet through us) is
 * not kept, unless private addresses are allowed.
 */
export async function refusePrivateHops(captured: CapturedPage | BrowsedPage | CapturedDownload, options: { allowPrivate?: boolean; proxy?: string | null }): Promise<void> {
  if (options.allowPrivate) return;
  const redirects = captured.kind === 'download' ? [] : captured.redirects.slice(1).map((r) => r.url);
  for (const hop of [...redirects, captured.finalUrl]) {
    try {
      await checkCaptureUrl(hop, { proxy: options.proxy });
    } catch (error) {
      throw new CaptureFailure(`${captured.requestedUrl} redirected to ${hop}: ${errorMessage(error)}`, false, 'private-redirect');
    }
  }
}
