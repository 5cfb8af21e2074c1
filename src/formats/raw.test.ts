import { describe, expect, it } from 'vitest';
import { decodeRawFloat32, parseShape } from './raw.js';
import { expectFormatError } from './testing.js';

const le = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

describe('parseShape', () => {
  it('reads rows,cols', () => {
    expect(parseShape('3,2')).toEqual({ rows: 3, cols: 2 });
    expect(parseShape(' 1000 , 4 ')).toEqual({ rows: 1000, cols: 4 });
  });
  it.each(['4', '3,2,1', '-3,2', '3.5,2', 'a,b', '', '3,', '0x3,2'])('rejects %j', (spec) => {
    expectFormatError(() => parseShape(spec), 'bad_shape');
  });
});

describe('decodeRawFloat32', () => {
  it('decodes little-endian float32 row-major', () => {
    const m = decodeRawFloat32(le([1, 2, 3, 4, 5.5, -6.25]), { rows: 3, cols: 2 });
    expect([m.rows, m.cols, ...m.data]).toEqual([3, 2, 1, 2, 3, 4, 5.5, -6.25]);
  });
  it('works from an unaligned offset', () => {
    const body = new Uint8Array(17);
    body.set(le([1.5, -2, 3, 4]), 1);
    expect(Array.from(decodeRawFloat32(body.subarray(1), { rows: 2, cols: 2 }).data)).toEqual([1.5, -2, 3, 4]);
  });
  it('byte length must be exactly rows·cols·4', () => {
    expectFormatError(() => decodeRawFloat32(le([1, 2, 3]), { rows: 2, cols: 2 }), 'size_mismatch');
    expectFormatError(() => decodeRawFloat32(le([1, 2, 3, 4, 5]), { rows: 2, cols: 2 }), 'size_mismatch');
    expectFormatError(() => decodeRawFloat32(le([1, 2]).subarray(0, 7), { rows: 1, cols: 2 }), 'size_mismatch');
  });
  it('rejects non-finite values and enforces limits before decoding', () => {
    expectFormatError(() => decodeRawFloat32(le([1, NaN]), { rows: 1, cols: 2 }), 'non_finite');
    expectFormatError(() => decodeRawFloat32(le([1, 2]), { rows: 1, cols: 2 }, { maxCols: 1 }), 'too_many_cols');
    expectFormatError(() => decodeRawFloat32(le([1, 2]), { rows: 10 ** 12, cols: 2 }, { maxRows: 10 }), 'too_many_rows');
  });
});
