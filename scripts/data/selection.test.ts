import { describe, expect, it } from 'vitest';
import { applySelection, describeSelection, parseColumns, parseRows, parseSelection, parseWhere } from './selection.js';

// 6 rows x 3 columns; column 2 is a label.
const m = { rows: 6, cols: 3, data: Float32Array.from([0, 10, 0, 1, 11, 1, 2, 12, 0, 3, 13, 0, 4, 14, 1, 5, 15, 0]) };

describe('selection flags', () => {
  it('parses where, rows and columns', () => {
    expect(parseWhere('5=0')).toEqual([{ column: 5, op: '=', value: 0 }]);
    expect(parseWhere('5!=1,0=3.5')).toEqual([
      { column: 5, op: '!=', value: 1 },
      { column: 0, op: '=', value: 3.5 },
    ]);
    expect(parseRows('0:15000')).toEqual({ start: 0, end: 15000 });
    expect(parseRows('100:')).toEqual({ start: 100, end: undefined });
    expect(parseColumns('1-3,5')).toEqual([1, 2, 3, 5]);
  });

  it('rejects malformed flags', () => {
    expect(() => parseWhere('label=0')).toThrow(/--where/);
    expect(() => parseRows('5:2')).toThrow(/end before start/);
    expect(() => parseColumns('a,b')).toThrow(/--columns/);
  });
});

describe('applySelection', () => {
  it('filters, then slices the surviving rows, then picks columns', () => {
    const sel = parseSelection({ where: '2=0', rows: '1:3', columns: '1,0' });
    const out = applySelection(m, sel);
    // rows with label 0: 0, 2, 3, 5 → slice 1:3 → rows 2, 3 → columns (1, 0)
    expect(out).toEqual({ rows: 2, cols: 2, data: Float32Array.from([12, 2, 13, 3]) });
    expect(describeSelection(sel)).toBe('where col2=0; rows 1:3; columns 1,0');
  });

  it('refuses out-of-range columns and slices longer than the filtered rows', () => {
    expect(() => applySelection(m, parseSelection({ columns: '3' }))).toThrow(/out of range/);
    expect(() => applySelection(m, parseSelection({ where: '2=1', rows: '0:3' }))).toThrow(/more rows/);
  });
});
