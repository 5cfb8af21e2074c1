/**
 * Sorting score samples and walking two sorted samples together, one group of tied values at a
 * time. Rank statistics (AUC and its DeLong components, Mann–Whitney tie corrections, isotonic
 * pooling, Kolmogorov–Smirnov) only need, for each distinct value, how many of each sample sit at
 * it and below it — which a merge walk over two separately sorted arrays gives in O(n) with no
 * per-element allocation.
 */

/** Below this size the native sort is as fast as anything else. */
const RADIX_MIN_LENGTH = 2048;

/**
 * A sorted Float64Array copy of `values`. −0 is stored as +0 so the two compare as one tie.
 * Throws a RangeError on NaN, which has no place in an order.
 *
 * Values that are all exactly float32 (classifier scores usually are) are sorted by a 3-pass
 * radix sort on their bit patterns, several times faster than the native comparison sort on a
 * million scores; anything else falls back to the native Float64Array sort.
 *
 * @example
 *   sortedCopy([3, 1, 2]); // Float64Array [1, 2, 3]
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let allFloat32 = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) throw new RangeError(`value at index ${i} is NaN`);
    if (allFloat32 && Math.fround(v) !== v) allFloat32 = false;
  }
  if (allFloat32 && n >= RADIX_MIN_LENGTH) return radixSortedFloat32(values);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] + 0; // -0 + 0 === +0
  return out.sort();
}

/**
 * Radix sort of float32-representable values through order-preserving unsigned keys: flip all
 * bits of negatives, set the sign bit of non-negatives. Passes of 11, 11 and 10 bits.
 */
function radixSortedFloat32(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const floats = new Float32Array(n);
  for (let i = 0; i < n; i++) floats[i] = values[i] + 0;
  let keys = new Uint32Array(floats.buffer);
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < n; i++) {
    const bits = keys[i];
    const key = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    keys[i] = key;
    counts[key & 0x7ff]++;
    counts[2048 + ((key >>> 11) & 0x7ff)]++;
    counts[4096 + (key >>> 22)]++;
  }
  let scratch = new Uint32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * 2048;
    const shift = pass * 11;
    let running = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[base + b];
      counts[base + b] = running;
      running += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      scratch[counts[base + ((key >>> shift) & 0x7ff)]++] = key;
    }
    const swap = keys;
    keys = scratch;
    scratch = swap;
  }
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    keys[i] = key & 0x80000000 ? key ^ 0x80000000 : ~key >>> 0;
  }
  const out = new Float64Array(n);
  out.set(new Float32Array(keys.buffer, keys.byteOffset, n));
  return out;
}

/** Number of NaN entries; lets callers report instead of throwing. */
export function countNaN(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) n++;
  return n;
}

/**
 * Called once per distinct value, in increasing order.
 * `countA`/`countB`: how many of each sample equal `value`; `belowA`/`belowB`: how many are smaller.
 */
export type TieGroupVisitor = (value: number, countA: number, countB: number, belowA: number, belowB: number) => void;

/**
 * Visit every distinct value of two ascending samples (as from `sortedCopy`) in increasing order.
 * (The AUC hot paths inline this loop instead of taking a callback.)
 *
 * @example
 *   forEachTieGroup(sortedCopy([1, 2]), sortedCopy([2, 3]), (v, a, b) => console.log(v, a, b));
 *   // 1 1 0 / 2 1 1 / 3 0 1
 */
export function forEachTieGroup(a: Float64Array, b: Float64Array, visit: TieGroupVisitor): void {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    const value = i < na && (j >= nb || a[i] <= b[j]) ? a[i] : b[j];
    const startA = i;
    const startB = j;
    while (i < na && a[i] === value) i++;
    while (j < nb && b[j] === value) j++;
    visit(value, i - startA, j - startB, startA, startB);
  }
}
