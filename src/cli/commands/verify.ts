import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { verifyBundle, type BundleVerification } from '../../bundle/verify/verifier.js';
import { GoldenHourError, errorMessage } from '../../util/errors.js';
import { printJson, printLines } from '../output.js';

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new GoldenHourError('invalid-input', `Expected --tsa-ca to name a readable PEM file but ${file} could not be read: ${errorMessage(error)}`);
  }
}

/** The verdict as lines of text. */
export function describeVerification(path: string, report: BundleVerification): string[] {
  const signature = report.signature;
  const stamp = signature.timestamp;
  return [
    `Bundle:    ${path}`,
    ...(report.case ? [`Case:      ${report.case.title} (${report.case.uuid})`, `Exported:  ${report.exportedAt ?? '?'} by ${report.exporter ?? '?'}`] : []),
    `Signature: ${!signature.present ? 'none' : signature.valid ? `valid Ed25519, signed ${signature.signedAt ?? '?'}` : 'INVALID'}`,
    ...(signature.fingerprintGrouped ? [`Key:       ${signature.fingerprintGrouped}`, '           (confirm this fingerprint with the sender by another channel)'] : []),
    ...(stamp.present ? [`Timestamp: ${stamp.valid ? `valid, ${stamp.genTime ?? '?'} from ${stamp.tsaName ?? stamp.tsaUrl ?? 'the authority'} ${stamp.chainTrusted ? '(its certificate chains to the --tsa-ca root)' : '(certificate included; trust in it is yours to decide, or give --tsa-ca)'}` : 'INVALID'}`] : []),
    `Files:     ${report.files} checked against the manifest`,
    report.ok ? 'Result:    INTACT' : `Result:    FAILED: ${report.problems.length} problem(s)`,
    ...report.problems.map((p) => `  ${p.path}: ${p.problem}`),
  ];
}

/**
 * `goldenhour verify FILE.zip`: exit 0 intact, 1 problems, 2 when the file is missing.
 * It reads only the bundle, never a data directory, so a recipient's machine gets no case
 * database or key as a side effect of checking what they were sent.
 */
export function verifyCommand(): Command {
  return new Command('verify')
    .description('verify a sealed bundle (structure, every file against the manifest, SHA256SUMS, signature, custody, timestamp) without extracting it')
    .argument('<bundle>', 'the bundle .zip')
    .option('--json', 'print machine-readable JSON')
    .option('--key <fingerprint>', "also require the seal to be made with this key (the sender's `goldenhour key show`, spaces allowed)")
    .option('--tsa-ca <file.pem>', "also require the timestamp authority's certificate to chain to these PEM root certificates")
    .action(async (bundleArg: string, options: { json?: boolean; key?: string; tsaCa?: string }) => {
      const path = resolve(bundleArg);
      const trustedTsaPem = options.tsaCa !== undefined ? readPem(options.tsaCa) : null;
      const showProgress = !options.json && process.stderr.isTTY;
      const { report } = await verifyBundle(path, {
        expectedFingerprint: options.key ?? null,
        trustedTsaPem,
        onProgress: showProgress ? ({ done, total }) => process.stderr.write(`\r${done}/${total} files...`) : undefined,
      });
      if (showProgress) process.stderr.write('\r\x1b[K');
      if (options.json) printJson(report);
      else printLines(describeVerification(bundleArg, report));
      if (!report.ok) process.exitCode = 1;
    });
}
