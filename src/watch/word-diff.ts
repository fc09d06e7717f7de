/** One run of words in a diff. */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** Beyond this many words on either side, the middle is shown as one removal and one addition. */
const MAX_WORDS = 1500;

/**
 * A word diff of two texts (longest common subsequence over whitespace-separated words),
 * adjacent words of one kind joined. Common prefix and suffix are trimmed first, so a small edit
 * in a long text stays cheap.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], word: string) => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += ` ${word}`;
    else parts.push({ op, text: word });
  };
  a.slice(0, start).forEach((w) => push('same', w));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length > MAX_WORDS || midB.length > MAX_WORDS) {
    midA.forEach((w) => push('removed', w));
    midB.forEach((w) => push('added', w));
  } else {
    for (const [op, w] of lcsOps(midA, midB)) push(op, w);
  }
  a.slice(endA).forEach((w) => push('same', w));
  return parts;
}

function lcsOps(a: string[], b: string[]): [DiffPart['op'], string][] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: [DiffPart['op'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push(['same', a[i]!]);
      i += 1;
      j += 1;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) ops.push(['removed', a[i++]!]);
    else ops.push(['added', b[j++]!]);
  }
  while (i < a.length) ops.push(['removed', a[i++]!]);
  while (j < b.length) ops.push(['added', b[j++]!]);
  return ops;
}
