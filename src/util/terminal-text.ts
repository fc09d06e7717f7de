/**
 * Characters that can forge or hide text on a terminal or in a table: C0 and C1 controls
 * (newline, carriage return, escape sequences), DEL, and the Unicode bidirectional overrides,
 * embeddings, isolates and marks (a file name with U+202E can show "gpj.exe" as "exe.jpg"),
 * and lone surrogates (what a file name that is not valid UTF-8 can turn into).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/gu;

/** The text with every unsafe character shown as a visible escape (`\n`, `\x1b`, `\u{202e}`). */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    const code = char.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Whether the text holds a character {@link escapeForTerminal} would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
