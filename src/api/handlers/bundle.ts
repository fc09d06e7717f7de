import { resolve } from 'node:path';
import { exportBundle } from '../../bundle/export/exporter.js';
import { openBundle, readBundleFile } from '../../bundle/verify/review.js';
import { parseIsoArgument } from '../../bundle/export/selection.js';
import { groupFingerprint, loadOrCreateSigningKey } from '../../bundle/format/signing-key.js';
import { requestTimestamp } from '../../bundle/format/tsa-client.js';
import { verifyBundle } from '../../bundle/verify/verifier.js';
import type { Core } from '../../core.js';
import { GoldenHourError } from '../../util/errors.js';
import type { HandlerSet } from '../handler-types.js';

/** Export, verification and read-only review of sealed bundles, and the signing key. */
export function bundleHandlers(core: Core): HandlerSet<'bundle.export' | 'bundle.verify' | 'bundle.open' | 'bundle.choose' | 'bundle.file' | 'key.show'> {
  return {
    'bundle.export': async (req, context) => {
      const tsa = req.tsa;
      const from = parseIsoArgument('--from', req.from);
      const to = parseIsoArgument('--to', req.to);
      if (from && to && from > to) throw new GoldenHourError('invalid-input', `Expected --from to be before --to but received --from ${from} and --to ${to}`);
      return exportBundle(core, {
        caseId: req.caseId,
        outPath: resolve(req.out),
        selection: { from, to, itemIds: req.items ?? null },
        operator: req.operator ?? core.defaultOperator,
        timestamper: tsa ? (manifest) => requestTimestamp(tsa, manifest) : null,
        onProgress: (progress) => context.emit?.({ topic: 'bundle.progress', caseId: req.caseId, ...progress }),
      });
    },
    'bundle.verify': async (req) => (await verifyBundle(resolve(req.path), { expectedFingerprint: req.expectedFingerprint ?? null, trustedTsaPem: req.tsaCaPem ?? null })).report,
    'bundle.open': async (req) => openBundle(resolve(req.path)),
    'bundle.choose': async (_req, context) => {
      if (!context.chooseFile) throw new GoldenHourError('unavailable', 'Only the desktop app can show a file dialog; in a browser the bundle is chosen with the page\'s file picker and uploaded');
      return { path: await context.chooseFile('bundle') };
    },
    'bundle.file': async (req) => {
      const file = await readBundleFile(resolve(req.path), req.sha256, req.maxBytes);
      return { path: file.path, sha256: file.sha256, size: file.size, mediaType: file.mediaType, base64: file.bytes.toString('base64') };
    },
    'key.show': async () => {
      const key = loadOrCreateSigningKey(core.layout.keys);
      return { algorithm: 'Ed25519' as const, fingerprint: key.fingerprint, fingerprintGrouped: groupFingerprint(key.fingerprint), publicKeyPem: key.publicKeyPem, publicKeyRaw: key.publicKeyRaw, path: key.path };
    },
  };
}
