/**
 * The sliding window of a resonance search in the mass variable m (mjj):
 *
 *   [outer band 1 |] sideband 1 | signal region | sideband 2 [| outer band 2]
 *
 * Bands are half-open intervals [lo, hi) that touch: the signal region (SR) is where a resonance
 * is looked for, the sidebands (SB1 below, SB2 above) are where the background is learned, and
 * the optional outer bands (OB1, OB2) beyond them check that a transport learned between the
 * sidebands extrapolates (SB → OB). Edges are in the units of the mass column (TeV for LHCO).
 *
 * @example
 *   const w = parseWindow('3.3,3.4,3.6,3.7');            // SB1 3.3–3.4 | SR 3.4–3.6 | SB2 3.6–3.7
 *   const wide = parseWindow('3.3,3.4,3.6,3.7', '3.2,3.8'); // plus OB1 3.2–3.3 and OB2 3.7–3.8
 *   regionOf(3.45, w);                                     // 'sr'
 *   const rows = splitByRegion(matrix, w, 0);              // { sb1: Uint32Array, sr: …, sb2: … }
 */
import type { Matrix } from '../../src/formats/matrix.js';

export type Region = 'ob1' | 'sb1' | 'sr' | 'sb2' | 'ob2';

export const REGIONS: readonly Region[] = ['ob1', 'sb1', 'sr', 'sb2', 'ob2'];

export interface Band {
  lo: number;
  hi: number;
}

export interface WindowSpec {
  sb1: Band;
  sr: Band;
  sb2: Band;
  ob1?: Band;
  ob2?: Band;
}

/** The CURTAINS mini-window inside the LHCO signal-region files (all events have 3.3 < mjj < 3.7 TeV). */
export const LHCO_WINDOW: WindowSpec = { sb1: { lo: 3.3, hi: 3.4 }, sr: { lo: 3.4, hi: 3.6 }, sb2: { lo: 3.6, hi: 3.7 } };

/**
 * A window from its four edges "a,b,c,d" (SB1 = [a,b), SR = [b,c), SB2 = [c,d)) and optional
 * outer edges "o1,o2" (OB1 = [o1,a), OB2 = [d,o2)); either outer edge may be left empty (",3.8").
 */
export function parseWindow(edges: string, outer?: string): WindowSpec {
  const e = numbers(edges, 'window');
  if (e.length !== 4) throw new Error(`--window needs four edges SB1_lo,SR_lo,SR_hi,SB2_hi, got "${edges}"`);
  const w: WindowSpec = { sb1: { lo: e[0], hi: e[1] }, sr: { lo: e[1], hi: e[2] }, sb2: { lo: e[2], hi: e[3] } };
  if (outer !== undefined && outer.trim() !== '') {
    const parts = outer.split(',').map((s) => s.trim());
    if (parts.length !== 2) throw new Error(`--outer needs two edges OB1_lo,OB2_hi (either may be empty), got "${outer}"`);
    if (parts[0] !== '') w.ob1 = { lo: number(parts[0], 'outer'), hi: e[0] };
    if (parts[1] !== '') w.ob2 = { lo: e[3], hi: number(parts[1], 'outer') };
  }
  checkWindow(w);
  return w;
}

/** Throws unless every band has lo < hi and neighbouring bands touch in order. */
export function checkWindow(w: WindowSpec): void {
  const bands = bandsOf(w);
  for (const [region, b] of bands) {
    if (!(Number.isFinite(b.lo) && Number.isFinite(b.hi) && b.lo < b.hi)) throw new Error(`window: band ${region} [${b.lo}, ${b.hi}) is empty or not finite`);
  }
  for (let i = 1; i < bands.length; i++) {
    if (bands[i][1].lo !== bands[i - 1][1].hi) throw new Error(`window: ${bands[i - 1][0]} and ${bands[i][0]} do not touch`);
  }
}

/** The window's bands in increasing mass, as [region, band] pairs. */
export function bandsOf(w: WindowSpec): [Region, Band][] {
  return REGIONS.flatMap((r): [Region, Band][] => (w[r] ? [[r, w[r]!]] : []));
}

/** The region holding mass m, or null outside the window. */
export function regionOf(m: number, w: WindowSpec): Region | null {
  for (const [region, b] of bandsOf(w)) if (m >= b.lo && m < b.hi) return region;
  return null;
}

/** Row indices of each region (by the mass in `massColumn`); regions the window lacks stay empty. */
export function splitByRegion(m: Matrix, w: WindowSpec, massColumn = 0): Record<Region, Uint32Array> {
  const lists: Record<Region, number[]> = { ob1: [], sb1: [], sr: [], sb2: [], ob2: [] };
  for (let r = 0; r < m.rows; r++) {
    const region = regionOf(m.data[r * m.cols + massColumn], w);
    if (region) lists[region].push(r);
  }
  return Object.fromEntries(REGIONS.map((r) => [r, Uint32Array.from(lists[r])])) as Record<Region, Uint32Array>;
}

/** e.g. "SB1 3.3–3.4 | SR 3.4–3.6 | SB2 3.6–3.7". */
export function describeWindow(w: WindowSpec): string {
  return bandsOf(w)
    .map(([r, b]) => `${r.toUpperCase()} ${b.lo}–${b.hi}`)
    .join(' | ');
}

/** The edges as a command-line value: "3.3,3.4,3.6,3.7". */
export function windowEdges(w: WindowSpec): string {
  return [w.sb1.lo, w.sr.lo, w.sr.hi, w.sb2.hi].join(',');
}

/** The outer edges as a command-line value ("3.2,3.8", ",3.8"), or undefined without outer bands. */
export function outerEdges(w: WindowSpec): string | undefined {
  if (!w.ob1 && !w.ob2) return undefined;
  return `${w.ob1?.lo ?? ''},${w.ob2?.hi ?? ''}`;
}

function numbers(text: string, flag: string): number[] {
  return text.split(',').map((s) => number(s, flag));
}

function number(s: string, flag: string): number {
  const v = Number(s.trim());
  if (s.trim() === '' || !Number.isFinite(v)) throw new Error(`--${flag}: "${s}" is not a number`);
  return v;
}
