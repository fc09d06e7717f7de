import { describe, expect, it } from 'vitest';
import { unsafeNameReason } from '../../../src/zip/safe-zip-reader.js';
import { isAlreadyCompressed } from '../../../src/bundle/export/entry-compression.js';
import { blobPath, extensionFor } from '../../../src/bundle/format/layout.js';

describe('zip entry names', () => {
  it.each([
    ['evidence/ab.jpg', null],
    ['items/12.json', null],
    ['a/b/c..d.txt', null],
    ['../evil', "'..'"],
    ['evidence/../../evil', "'..'"],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/x', 'absolute path'],
    ['c:evil', 'absolute path'],
    ['evidence\\..\\x', 'backslash'],
    ['', 'empty'],
    ['a\0b', 'NUL'],
  ])('%j -> %s', (name, expected) => {
    const reason = unsafeNameReason(name);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toContain(expected);
  });
});

describe('bundle layout', () => {
  it.each([
    ['image/jpeg', 'jpg', true],
    ['image/png', 'png', true],
    ['video/mp4', 'mp4', true],
    ['video/quicktime', 'mov', true],
    ['application/wacz', 'wacz', true],
    ['text/html; charset=utf-8', 'html', false],
    ['application/json', 'json', false],
    ['image/tiff', 'tif', false],
    ['application/x-unknown', 'bin', false],
  ])('%s -> .%s, stored: %s', (mediaType, extension, stored) => {
    expect(extensionFor(mediaType)).toBe(extension);
    expect(isAlreadyCompressed(mediaType)).toBe(stored);
  });

  it('names originals under evidence/ and working copies under derived/, by sha256', () => {
    const sha = 'a'.repeat(64);
    expect(blobPath(sha, 'image/jpeg', false)).toBe(`evidence/${sha}.jpg`);
    expect(blobPath(sha, 'image/jpeg', true)).toBe(`derived/${sha}.jpg`);
  });
});
