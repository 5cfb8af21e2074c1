import { describe, expect, it } from 'vitest';
import { decodeJson, matrixFromJsonValue } from './json.js';
import { matrixToRows } from './matrix.js';
import { expectFormatError, formatErrorOf } from './testing.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeJson', () => {
  it('{"events": [[…]]} and a bare array of arrays', () => {
    const rows = [
      [1, 2],
      [3, 4],
      [5.5, -6.25],
    ];
    expect(matrixToRows(decodeJson(enc(JSON.stringify({ events: rows }))))).toEqual(rows);
    expect(matrixToRows(decodeJson(enc(JSON.stringify(rows))))).toEqual(rows);
  });

  it('empty events decode to zero rows', () => {
    expect(decodeJson(enc('{"events": []}')).rows).toBe(0);
  });

  it('ragged → ragged_json with the row', () => {
    const e = expectFormatError(() => decodeJson(enc('[[1, 2], [3]]')), 'ragged_json');
    expect(e.details).toEqual({ row: 1, expected: 2, actual: 1 });
  });

  it.each([
    ['[[1, "2"]]', 'not_numeric'],
    ['[[1, true]]', 'not_numeric'],
    ['[[1, [2]]]', 'not_numeric'],
    ['[[1, {}]]', 'not_numeric'],
    ['[[1, null]]', 'non_finite'],
    ['[[1, 1e999]]', 'non_finite'],
    ['[[1, 1e39]]', 'non_finite'],
    ['[1, 2]', 'bad_json'],
    ['{"rows": [[1]]}', 'bad_json'],
    ['{"events": 3}', 'bad_json'],
    ['42', 'bad_json'],
    ['null', 'bad_json'],
    ['[[1, 2]', 'bad_json'],
    ['', 'bad_json'],
  ] as const)('%s → %s', (body, code) => {
    expectFormatError(() => decodeJson(enc(body)), code);
  });

  it('names the position of a non-number', () => {
    const e = formatErrorOf(() => matrixFromJsonValue([[1, 2], [3, 'x']]));
    expect(e.details).toEqual({ row: 1, column: 1 });
    expect(e.message).toMatch(/row 1, column 1/);
  });

  it('limits and encoding', () => {
    expectFormatError(() => decodeJson(enc('[[1], [2], [3]]'), { maxRows: 2 }), 'too_many_rows');
    expectFormatError(() => decodeJson(enc('[[1, 2, 3]]'), { maxCols: 2 }), 'too_many_cols');
    expectFormatError(() => decodeJson(Uint8Array.of(0x5b, 0xff, 0x5d)), 'bad_encoding');
  });
});
