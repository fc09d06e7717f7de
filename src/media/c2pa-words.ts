/**
 * C2PA validation results in the investigator's words. The validators report C2PA status codes
 * (C2PA 2.1, section 15) with their own explanations, and parse errors in their own terms
 * ("Malformed PNG (chunk length too large)", "Internal error (Error)"); those stay in the record
 * (`failures`, `validatorMessage`) for an expert, while the item says what they mean.
 */

/** The failure codes a reader meets, each said as what it means for the file. */
const FAILURE_WORDS: Record<string, string> = {
  'assertion.dataHash.mismatch': "the file's bytes are not the ones that were signed",
  'assertion.bmffHash.mismatch': "the file's bytes are not the ones that were signed",
  'assertion.boxesHash.mismatch': "the file's bytes are not the ones that were signed",
  'assertion.collectionHash.mismatch': "the file's bytes are not the ones that were signed",
  'assertion.dataHash.malformed': 'the hash binding over the file is damaged',
  'assertion.bmffHash.malformed': 'the hash binding over the file is damaged',
  'assertion.hashedURI.mismatch': 'an assertion was changed after the claim was signed',
  'assertion.missing': 'an assertion the claim names is missing',
  'assertion.multipleHardBindings': 'the manifest binds the file more than once',
  'assertion.undeclared': 'the manifest holds an assertion its claim does not name',
  'assertion.inaccessible': 'an assertion the claim names could not be read',
  'claim.missing': 'the manifest has no claim',
  'claim.multiple': 'the manifest has more than one claim',
  'claim.malformed': 'the claim is damaged',
  'claim.hardBindings.missing': 'the claim binds nothing to the file',
  'claimSignature.missing': 'the claim has no signature',
  'claimSignature.mismatch': "the claim's signature does not match the claim",
  'claimSignature.outsideValidity': "the claim was signed outside its signing certificate's validity",
  'signingCredential.invalid': 'the signing certificate is invalid or could not be read',
  'signingCredential.revoked': 'the signing certificate was revoked',
  'signingCredential.expired': 'the signing certificate had expired when the claim was signed',
  'timeStamp.mismatch': "the signature's time-stamp does not match the signature",
  'timeStamp.malformed': "the signature's time-stamp is damaged",
  'timeStamp.outsideValidity': "the signature's time-stamp lies outside its certificate's validity",
  'ingredient.hashedURI.mismatch': "an ingredient's manifest was changed after the claim was signed",
  'manifest.inaccessible': 'the manifest could not be read',
  'manifest.multipleParents': 'the manifest names more than one parent',
  'algorithm.unsupported': 'the manifest uses a hash or signature algorithm the validator does not support',
  'general.error': 'the manifest is damaged and could not be checked',
};

/** One failure (`code` or `code: explanation`, as the validator reported it) in words, its code kept. */
export function failureInWords(failure: string): string {
  const code = /^[A-Za-z]+(\.[A-Za-z0-9]+)+/.exec(failure)?.[0];
  if (!code) return failure;
  const words = FAILURE_WORDS[code];
  return words ? `${words} (${code})` : `the validator reports ${code}`;
}

/**
 * Why a manifest could not be taken out of a photo at all, from c2pa-ts's parse error: its
 * "Malformed PNG|JPEG|BMFF (...)" errors mean the file's own structure is broken (usually cut
 * short); anything else happened inside the manifest store.
 */
export function parseErrorInWords(message: string): string {
  const format = /^Malformed (PNG|JPEG|BMFF)\b/.exec(message)?.[1];
  if (format) return `the ${format === 'BMFF' ? 'HEIF/MP4 box' : format} structure of the file is damaged or cut short, so its manifest could not be taken out`;
  return 'the manifest store is damaged and could not be parsed';
}
