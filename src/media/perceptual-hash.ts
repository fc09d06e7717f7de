/**
 * A 64-bit DCT perceptual hash (the "pHash" of Zauner, 2010): the picture shrunk to 32x32 grey,
 * its 8x8 lowest frequencies compared with their median. It survives resizing, recompression,
 * stripped metadata and light crops; the Hamming distance between two hashes says how alike the
 * pictures look.
 */

/** Side of the grey square the hash is computed from. */
export const HASH_INPUT_SIZE = 32;
const LOW = 8;

/** The hash algorithm's name, stored beside each hash so that a change of method is visible. */
export const PERCEPTUAL_HASH_ALGORITHM = 'dct-phash-64';

const COSINES: number[][] = Array.from({ length: LOW }, (_, u) =>
  Array.from({ length: HASH_INPUT_SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_INPUT_SIZE))));

/** The hash (16 hex digits) of 32x32 one-byte grey pixels, row by row. */
export function perceptualHash(grey: Uint8Array): string {
  const n = HASH_INPUT_SIZE;
  if (grey.length !== n * n) throw new Error(`perceptual hash needs ${n * n} grey pixels, received ${grey.length}`);
  // Separable 2D DCT, only the 8x8 low-frequency corner.
  const rows: number[][] = [];
  for (let y = 0; y < n; y++) {
    const row: number[] = [];
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < n; x++) sum += (grey[y * n + x] ?? 0) * COSINES[u]![x]!;
      row.push(sum);
    }
    rows.push(row);
  }
  const coefficients: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < n; y++) sum += rows[y]![u]! * COSINES[v]![y]!;
      coefficients.push(sum);
    }
  }
  // The DC term measures overall brightness only: left out of the median.
  const median = [...coefficients.slice(1)].sort((a, b) => a - b)[31]!;
  let hash = 0n;
  for (const c of coefficients) hash = (hash << 1n) | (c > median ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}

/** Number of differing bits between two hashes (0 = look the same, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (x > 0n) {
    count += Number(x & 1n);
    x >>= 1n;
  }
  return count;
}
