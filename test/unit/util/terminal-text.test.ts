import { describe, expect, it } from 'vitest';
import { escapeForTerminal, hasUnsafeCharacters } from '../../../src/util/terminal-text.js';

describe('escapeForTerminal', () => {
  it.each([
    ['a\nb', 'a\\nb'],
    ['row\r\u001b[2Kforged', 'row\\r\\x1b[2Kforged'],
    ['photo\u202egpj.exe', 'photo\\u{202e}gpj.exe'],
    ['\u2066isolate\u2069', '\\u{2066}isolate\\u{2069}'],
    ['tab\there', 'tab\\there'],
    ['c1\u009bcontrol', 'c1\\x9bcontrol'],
    ['lone \udc80 surrogate', 'lone \\u{dc80} surrogate'],
    ['Zoë 写真 😀.jpg', 'Zoë 写真 😀.jpg'],
  ])('%j is shown as %j', (input, shown) => {
    expect(escapeForTerminal(input)).toBe(shown);
    expect(hasUnsafeCharacters(input)).toBe(input !== shown);
  });
});
