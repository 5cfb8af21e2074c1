import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matrixFromRows, matrixToRows } from './matrix.js';
import { decodeNpy, encodeNpy, hasNpyMagic } from './npy.js';
import { expectFormatError } from './testing.js';

const EXPECTED = [
  [1, 2],
  [3, 4],
  [5.5, -6.25],
];

/** Build a .npy file from a header dict string and payload bytes (any version). */
function npyFile(dict: string, payload: Uint8Array, version = 1, headerBytes?: Uint8Array): Uint8Array {
  const header = headerBytes ?? new TextEncoder().encode(dict + ' '.repeat(8) + '\n');
  const lengthSize = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lengthSize + header.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(header, 8 + lengthSize);
  out.set(payload, 8 + lengthSize + header.length);
  return out;
}

function floats(values: number[], dtype: 'f4' | 'f8', littleEndian: boolean): Uint8Array {
  const size = dtype === 'f4' ? 4 : 8;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (dtype === 'f4' ? view.setFloat32(i * size, v, littleEndian) : view.setFloat64(i * size, v, littleEndian)));
  return out;
}

const header = (descr: string, shape: string, fortran = false) =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;

describe('decodeNpy: accepted layouts', () => {
  const cOrder = [1, 2, 3, 4, 5.5, -6.25];
  const fOrder = [1, 3, 5.5, 2, 4, -6.25];

  it.each([
    ['v1 <f4', npyFile(header('<f4', '(3, 2)'), floats(cOrder, 'f4', true))],
    ['v2 <f4', npyFile(header('<f4', '(3, 2)'), floats(cOrder, 'f4', true), 2)],
    ['v3 <f4', npyFile(header('<f4', '(3, 2)'), floats(cOrder, 'f4', true), 3)],
    ['>f4', npyFile(header('>f4', '(3, 2)'), floats(cOrder, 'f4', false))],
    ['<f8', npyFile(header('<f8', '(3, 2)'), floats(cOrder, 'f8', true))],
    ['>f8', npyFile(header('>f8', '(3, 2)'), floats(cOrder, 'f8', false))],
    ['fortran <f4', npyFile(header('<f4', '(3, 2)', true), floats(fOrder, 'f4', true))],
    ['fortran >f8', npyFile(header('>f8', '(3, 2)', true), floats(fOrder, 'f8', false))],
    ['keys in another order, double quotes', npyFile(`{"shape": (3, 2), "fortran_order": False, "descr": "<f4"}`, floats(cOrder, 'f4', true))],
    ['Python 2 long integers', npyFile(header('<f4', '(3L, 2L)'), floats(cOrder, 'f4', true))],
  ])('%s', (_name, bytes) => {
    const m = decodeNpy(bytes);
    expect(matrixToRows(m)).toEqual(EXPECTED);
  });

  it('transposes a wider Fortran-order array correctly', () => {
    // 2×3 [[1,2,3],[4,5,6]] stored column-major.
    const m = decodeNpy(npyFile(header('<f4', '(2, 3)', true), floats([1, 4, 2, 5, 3, 6], 'f4', true)));
    expect(matrixToRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('1-D (n,) becomes n events × 1 feature', () => {
    const m = decodeNpy(npyFile(header('<f4', '(6,)'), floats([1, 2, 3, 4, 5.5, -6.25], 'f4', true)));
    expect(m.rows).toBe(6);
    expect(m.cols).toBe(1);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5.5, -6.25]);
  });

  it('zero rows decode to an empty matrix (decodeBatch rejects it)', () => {
    const m = decodeNpy(npyFile(header('<f4', '(0, 4)'), new Uint8Array(0)));
    expect([m.rows, m.cols, m.data.length]).toEqual([0, 4, 0]);
  });

  it('reads data at an unaligned offset inside a larger buffer', () => {
    const file = npyFile(header('<f4', '(3, 2)'), floats(cOrder, 'f4', true));
    const buffer = new Uint8Array(file.length + 3);
    buffer.set(file, 3);
    expect(matrixToRows(decodeNpy(buffer.subarray(3)))).toEqual(EXPECTED);
  });
});

describe('decodeNpy: rejected input', () => {
  const good = floats([1, 2, 3, 4, 5.5, -6.25], 'f4', true);

  it('bad magic, bad version', () => {
    expectFormatError(() => decodeNpy(new TextEncoder().encode('1,2\n3,4\n')), 'npy_bad_magic');
    const v4 = npyFile(header('<f4', '(3, 2)'), good, 2);
    v4[6] = 4;
    expectFormatError(() => decodeNpy(v4), 'npy_bad_version');
    const minor = npyFile(header('<f4', '(3, 2)'), good);
    minor[7] = 1;
    expectFormatError(() => decodeNpy(minor), 'npy_bad_version');
  });

  it('truncated anywhere: preamble, header, data — never a partial matrix', () => {
    const file = npyFile(header('<f4', '(3, 2)'), good);
    expectFormatError(() => decodeNpy(file.subarray(0, 4)), 'npy_truncated');
    expectFormatError(() => decodeNpy(file.subarray(0, 9)), 'npy_truncated');
    expectFormatError(() => decodeNpy(file.subarray(0, 40)), 'npy_truncated');
    expectFormatError(() => decodeNpy(file.subarray(0, file.length - 1)), 'npy_truncated');
    expectFormatError(() => decodeNpy(file.subarray(0, file.length - 8)), 'npy_truncated');
  });

  it('more data than the shape accounts for', () => {
    const file = npyFile(header('<f4', '(2, 2)'), good);
    expectFormatError(() => decodeNpy(file), 'npy_trailing_bytes');
  });

  it.each([
    ['<i4', 'integer'],
    ['<i8', 'integer'],
    ['|u1', 'integer'],
    ['|b1', 'boolean'],
    ['<c8', 'complex'],
    ['|O', 'object'],
    ['<f2', 'float width'],
    ['<U5', "'<U5'"],
  ])('dtype %s is unsupported_dtype (%s)', (descr, word) => {
    const file = npyFile(header(descr, '(3, 2)'), good);
    expectFormatError(() => decodeNpy(file), 'unsupported_dtype');
    expect(() => decodeNpy(file)).toThrow(word);
  });

  it('structured dtypes are unsupported_dtype', () => {
    const file = npyFile(`{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (3,), }`, good);
    expectFormatError(() => decodeNpy(file), 'unsupported_dtype');
  });

  it('0-d and 3-D+ arrays are bad_shape', () => {
    expectFormatError(() => decodeNpy(npyFile(header('<f4', '()'), good.subarray(0, 4))), 'bad_shape');
    expectFormatError(() => decodeNpy(npyFile(header('<f4', '(3, 1, 2)'), good)), 'bad_shape');
    expectFormatError(() => decodeNpy(npyFile(header('<f4', '(1, 3, 1, 2)'), good)), 'bad_shape');
  });

  it.each([
    ['missing shape', `{'descr': '<f4', 'fortran_order': False}`],
    ['extra key', `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'x': 1}`],
    ['duplicate key', `{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 2)}`],
    ['code, not a literal', `__import__('os').system('true')`],
    ['negative dimension', header('<f4', '(-3, 2)')],
    ['fortran_order as a string', `{'descr': '<f4', 'fortran_order': 'False', 'shape': (3, 2)}`],
    ['shape as an int', `{'descr': '<f4', 'fortran_order': False, 'shape': 6}`],
    ['(3) is not a tuple', header('<f4', '(6)')],
    ['float dimension', header('<f4', '(3.0, 2)')],
    ['unterminated string', `{'descr': '<f4, 'fortran_order': False, 'shape': (3, 2)}`],
    ['escape in string', `{'descr': '<f\\x34', 'fortran_order': False, 'shape': (3, 2)}`],
    ['trailing garbage', header('<f4', '(3, 2)') + ' extra'],
    ['not a dict', `[1, 2]`],
    ['empty', ``],
    ['too deep', '('.repeat(40) + ')'.repeat(40)],
  ])('malformed header: %s → npy_bad_header', (_name, dict) => {
    expectFormatError(() => decodeNpy(npyFile(dict, good)), 'npy_bad_header');
  });

  it('v3 header that is not UTF-8', () => {
    const headerBytes = new TextEncoder().encode(header('<f4', '(3, 2)') + '       \n');
    headerBytes[headerBytes.length - 2] = 0xff;
    expectFormatError(() => decodeNpy(npyFile('', good, 3, headerBytes)), 'npy_bad_header');
  });

  it('NaN/Inf: non_finite naming the first row/column and the count', () => {
    const file = npyFile(header('<f4', '(3, 2)'), floats([1, NaN, 3, Infinity, 5.5, -Infinity], 'f4', true));
    const error = expectFormatError(() => decodeNpy(file), 'non_finite');
    expect(error.details).toEqual({ row: 0, column: 1, count: 3 });
    expect(error.message).toMatch(/row 0, column 1.*3 non-finite values/);
  });

  it('float64 values beyond the float32 range are non_finite, not silently Infinity', () => {
    const file = npyFile(header('<f8', '(1, 2)'), floats([1, 1e300], 'f8', true));
    expectFormatError(() => decodeNpy(file), 'non_finite');
    expect(() => decodeNpy(file)).toThrow(/float32/);
  });

  it('limits are checked from the header, before the data', () => {
    const file = npyFile(header('<f4', '(3, 2)'), good);
    expectFormatError(() => decodeNpy(file, { maxRows: 2 }), 'too_many_rows');
    expectFormatError(() => decodeNpy(file, { maxCols: 1 }), 'too_many_cols');
    // A header claiming a huge array in a tiny body is refused without allocating for it.
    expectFormatError(() => decodeNpy(npyFile(header('<f4', '(100000000000, 2)'), good), { maxRows: 1e6 }), 'too_many_rows');
    expectFormatError(() => decodeNpy(npyFile(header('<f4', '(100000000000, 2)'), good)), 'npy_truncated');
  });
});

describe('encodeNpy', () => {
  it('writes a v1.0 <f4 file with the data 64-byte aligned', () => {
    const bytes = encodeNpy(matrixFromRows(EXPECTED));
    expect(hasNpyMagic(bytes)).toBe(true);
    expect([bytes[6], bytes[7]]).toEqual([1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + headerLength)).trim()).toBe(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }",
    );
  });

  it('property: decode(encode(m)) = m', () => {
    const finite = fc.float({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 12 }), fc.infiniteStream(finite), (rows, cols, values) => {
        const data = Float32Array.from(values.take(rows * cols));
        const back = decodeNpy(encodeNpy({ rows, cols, data }));
        return back.rows === rows && back.cols === cols && back.data.every((v, i) => Object.is(v, data[i]));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes 100k × 533 float32 quickly', () => {
    const rows = 100_000;
    const cols = 533;
    const data = new Float32Array(rows * cols).fill(0.5);
    data[rows * cols - 1] = -3.25;
    const bytes = encodeNpy({ rows, cols, data });
    const t0 = performance.now();
    const m = decodeNpy(bytes);
    const ms = performance.now() - t0;
    expect(m.rows).toBe(rows);
    expect(m.data[rows * cols - 1]).toBe(data[rows * cols - 1]);
    // Typically ~0.1 s (one copy and one finiteness scan); the bound catches per-element slow paths.
    expect(ms).toBeLessThan(2000);
  });
});
