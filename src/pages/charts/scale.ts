/**
 * Linear scales and "nice" ticks for the hand-drawn SVG charts. A chart library would add tens of
 * kilobytes to every page for what is a few lines of arithmetic here.
 */

export interface LinearScale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

/**
 * Maps `domain` linearly onto `range` (pixels; a reversed range flips the axis, as for y).
 *
 * @example
 *   const y = linearScale([0, 1], [200, 0]);
 *   y(0.25); // 150
 */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/**
 * A tick step of 1, 2 or 5 × 10^k giving about `target` ticks over [lo, hi].
 *
 * @example
 *   tickStep(0, 1, 5);     // 0.2
 *   tickStep(0.4, 0.6, 4);  // 0.05
 */
export function tickStep(lo: number, hi: number, target = 5): number {
  const span = Math.abs(hi - lo) || Math.abs(lo) || 1;
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction >= 7 ? 10 : fraction >= 3 ? 5 : fraction >= 1.5 ? 2 : 1) * power;
}

/**
 * The domain widened outwards to whole tick steps, and the ticks in it.
 *
 * @example
 *   niceDomain(0.47, 0.58, 5); // { domain: [0.46, 0.58], ticks: [0.46, 0.48, …, 0.58], step: 0.02 }
 */
export function niceDomain(lo: number, hi: number, target = 5): { domain: [number, number]; ticks: number[]; step: number } {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return niceDomain(0, 1, target);
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 0.5;
    lo -= pad;
    hi += pad;
  }
  const step = tickStep(lo, hi, target);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  return { domain: [start, end], ticks: ticksBetween(start, end, step), step };
}

/**
 * Ticks at multiples of `step` inside [lo, hi], rounded so they print cleanly.
 *
 * @example
 *   ticksBetween(0, 1, 0.25); // [0, 0.25, 0.5, 0.75, 1]
 */
export function ticksBetween(lo: number, hi: number, step: number): number[] {
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let k = first; k <= last && ticks.length < 50; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Smallest and largest finite value; null when there is none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Rounds pixel coordinates to 0.1 px: sharper than any screen, a third of the SVG bytes. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
