import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/formats/matrix.js';
import { describeWindow, LHCO_WINDOW, outerEdges, parseWindow, regionOf, splitByRegion, windowEdges } from './window.js';

describe('sliding window', () => {
  it('parses four edges and optional outer bands', () => {
    expect(parseWindow('3.3,3.4,3.6,3.7')).toEqual(LHCO_WINDOW);
    const wide = parseWindow('3.3, 3.4, 3.6, 3.7', '3.2,3.8');
    expect(wide.ob1).toEqual({ lo: 3.2, hi: 3.3 });
    expect(wide.ob2).toEqual({ lo: 3.7, hi: 3.8 });
    expect(parseWindow('3.3,3.4,3.6,3.7', ',3.8')).toMatchObject({ ob2: { lo: 3.7, hi: 3.8 } });
    expect(parseWindow('3.3,3.4,3.6,3.7', ',3.8').ob1).toBeUndefined();
    expect(windowEdges(wide)).toBe('3.3,3.4,3.6,3.7');
    expect(outerEdges(wide)).toBe('3.2,3.8');
    expect(outerEdges(LHCO_WINDOW)).toBeUndefined();
    expect(describeWindow(wide)).toBe('OB1 3.2–3.3 | SB1 3.3–3.4 | SR 3.4–3.6 | SB2 3.6–3.7 | OB2 3.7–3.8');
  });

  it('refuses malformed windows', () => {
    expect(() => parseWindow('3.3,3.4,3.6')).toThrow(/four edges/);
    expect(() => parseWindow('3.3,3.6,3.4,3.7')).toThrow(/empty/);
    expect(() => parseWindow('3.3,x,3.6,3.7')).toThrow(/not a number/);
    expect(() => parseWindow('3.3,3.4,3.6,3.7', '3.4,3.8')).toThrow(/empty/);
    expect(() => parseWindow('3.3,3.4,3.6,3.7', '3.2')).toThrow(/two edges/);
  });

  it('assigns half-open regions', () => {
    const w = parseWindow('3.3,3.4,3.6,3.7', '3.2,3.8');
    expect([3.19, 3.2, 3.3, 3.399, 3.4, 3.5999, 3.6, 3.7, 3.8].map((m) => regionOf(m, w))).toEqual([null, 'ob1', 'sb1', 'sb1', 'sr', 'sr', 'sb2', 'ob2', null]);
    expect(regionOf(3.25, LHCO_WINDOW)).toBeNull();
  });

  it('splits matrix rows by the mass column', () => {
    const m = matrixFromRows([
      [0, 3.35],
      [1, 3.45],
      [2, 3.65],
      [3, 3.5],
      [4, 3.9],
    ]);
    const split = splitByRegion(m, LHCO_WINDOW, 1);
    expect(Array.from(split.sb1)).toEqual([0]);
    expect(Array.from(split.sr)).toEqual([1, 3]);
    expect(Array.from(split.sb2)).toEqual([2]);
    expect(split.ob1.length + split.ob2.length).toBe(0);
  });
});
