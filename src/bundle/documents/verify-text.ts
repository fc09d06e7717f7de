import { tool } from '../../version.js';
import { groupFingerprint } from '../format/signing-key.js';

/** The steps a recipient follows to check a bundle, as plain text lines (VERIFY.txt and the report). */
export function verifySteps(fingerprint: string): string[] {
  return [
    'HOW TO VERIFY THIS BUNDLE',
    '',
    '1. With standard tools only (no Golden Hour needed). Unzip the bundle into an empty folder and, inside it, run',
    '     sha256sum -c SHA256SUMS            (Linux; macOS: shasum -a 256 -c SHA256SUMS)',
    '   Windows PowerShell:',
    "     Get-Content SHA256SUMS | ForEach-Object { $h, $p = $_ -split '  ', 2; if ((Get-FileHash -Algorithm SHA256 -LiteralPath $p).Hash -eq $h) { \"OK      $p\" } else { \"FAILED  $p\" } }",
    '   Every line must say OK. SHA256SUMS covers every file of the bundle except itself and the seal',
    '   (seal.json, seal.tsr); manifest.json is covered, and manifest.json lists every other file with',
    '   its path, size, SHA-256 and media type.',
    '',
    '2. The signature. seal.json holds the SHA-256 of manifest.json and an Ed25519 signature over those',
    '   32 raw bytes, with the public key. With OpenSSL 3:',
    '     sha256sum manifest.json                                  (must equal "manifestSha256" in seal.json)',
    '     python3 -c "import json;print(json.load(open(\'seal.json\'))[\'publicKeyPem\'],end=\'\')" > seal-key.pem',
    '     python3 -c "import json,base64;open(\'seal.sig\',\'wb\').write(base64.b64decode(json.load(open(\'seal.json\'))[\'signature\']))"',
    '     openssl dgst -sha256 -binary manifest.json > manifest.sha256',
    '     openssl pkeyutl -verify -pubin -inkey seal-key.pem -rawin -in manifest.sha256 -sigfile seal.sig',
    '   A valid signature proves the manifest is unchanged since it was signed by the holder of this key.',
    '   Confirm by another channel (phone, letter) with the sender that the key fingerprint is:',
    `     ${groupFingerprint(fingerprint)}`,
    '   (SHA-256 of the raw 32-byte public key; the sender sees it with `goldenhour key show`).',
    '',
    '3. The custody ledger. custody.jsonl is the case\'s hash-chained ledger, one JSON entry per line.',
    '   Each entry\'s "hash" is the SHA-256 of the canonical JSON (keys sorted, no spaces) of all its',
    '   other fields, and "prevHash" is the hash of the entry before it (64 zeros for the first).',
    '   It ends before this export: the export itself is recorded in the sender\'s ledger afterwards,',
    '   with this bundle\'s SHA-256.',
    '',
    '4. With Golden Hour (any machine):',
    '     goldenhour verify BUNDLE.zip            (add --json for a machine-readable result)',
    '   This checks the zip structure (refusing paths with "..", absolute paths, links, duplicate',
    '   names and zip bombs, without extracting anything), every file\'s size and SHA-256 against the',
    '   manifest, missing and extra files, SHA256SUMS against the manifest, the signature, the custody',
    '   chain and that the ledger covers every exported item as exported, and the RFC 3161 timestamp',
    '   (seal.tsr) when there is one. Exit code 0 means intact, 1 lists what is wrong, file by file.',
    '',
    '5. RFC 3161 timestamp (only when seal.tsr is present): a time-stamp token from the authority named',
    '   in seal.json over the SHA-256 of manifest.json. With OpenSSL:',
    '     openssl ts -reply -in seal.tsr -token_in -text',
    '     openssl ts -verify -digest $(sha256sum manifest.json | cut -d" " -f1) -in seal.tsr -token_in -CAfile TSA-CA.pem',
    '   (TSA-CA.pem: the authority\'s root certificate, obtained from the authority itself), or',
    '     goldenhour verify BUNDLE.zip --tsa-ca TSA-CA.pem',
    '',
    'WHAT "DETERMINISTIC" MEANS HERE',
    '  Every zip entry has the same fixed date (2000-01-01 00:00 UTC) and the entries are written in a',
    '  fixed order, and the same content is always written the same way, so the bytes of a bundle depend',
    '  only on what is in it. The export time is written in manifest.json and seal.json only. Exporting',
    '  the same selection of the same case state with the same key at the same export time gives a',
    '  byte-identical zip (in any time zone). Exporting again later, the evidence, items, timeline, map and',
    '  CASE/UCO files are byte-identical; manifest.json and seal.json carry the new time, and custody.jsonl',
    '  (with the report\'s ledger line and SHA256SUMS) has grown by what was recorded since, at least the',
    '  earlier export itself. A timestamp token (seal.tsr) differs on every request.',
    '',
    `Made by ${tool.name} ${tool.version}.`,
    '',
  ];
}

/** VERIFY.txt. */
export function verifyText(fingerprint: string): string {
  return verifySteps(fingerprint).join('\n');
}
