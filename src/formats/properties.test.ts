/**
 * Property-based tests of the upload decoders, over every body type together:
 * - whatever the bytes, decoding either returns a well-formed finite matrix or throws a FormatError
 *   with a known code (never another exception, never NaN in a result, never a partial matrix);
 * - every format round-trips any finite float32 matrix, including the layouts numpy can write
 *   (big-endian, Fortran order, float64, versions 2.0 and 3.0);
 * - a single NaN/±Inf anywhere is reported at its own row and column with the right count;
 * - column selection is the matrix of the selected columns, in order.
 * The single-format cases (npy round trip, parseDecimal) are in the per-decoder test files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseColumnSpec, selectColumns } from './columns.js';
import { decodeCsvText } from './csv.js';
import { decodeBatch } from './decode.js';
import { FORMAT_ERROR_STATUS, FormatError } from './errors.js';
import { decodeJson } from './json.js';
import { matrixColumn, type Matrix } from './matrix.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { decodeRawFloat32 } from './raw.js';

const LIMITS = { maxRows: 10_000, maxCols: 64 };
const TYPES = ['application/x-npy', 'application/octet-stream', 'text/csv', 'application/json', 'text/csv; charset=utf-8', null, 'text/plain'];

/** A finite float32 matrix of 1–12 rows and 1–6 columns. */
const matrixArb: fc.Arbitrary<Matrix> = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }))
  .chain(([rows, cols]) =>
    fc
      .array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: rows * cols, maxLength: rows * cols })
      .map((values) => ({ rows, cols, data: Float32Array.from(values) })),
  );

/** Decode and classify: a matrix, or the code of the FormatError; anything else fails the property. */
function outcome(bytes: Uint8Array, type: string | null, opts: { shape?: string; columns?: string } = {}): Matrix | string {
  try {
    return decodeBatch(bytes, type, { ...LIMITS, ...opts }).matrix;
  } catch (e) {
    if (e instanceof FormatError && e.code in FORMAT_ERROR_STATUS) return e.code;
    throw e;
  }
}

function wellFormed(m: Matrix): boolean {
  return m.rows >= 1 && m.cols >= 1 && m.data.length === m.rows * m.cols && m.data.every((v) => Number.isFinite(v));
}

function sameMatrix(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.data.every((v, i) => Object.is(v, b.data[i]) || (v === 0 && b.data[i] === 0));
}

/** A .npy file of `m` written the way numpy would with the given dtype, byte order, order and version. */
function npyVariant(m: Matrix, opts: { bigEndian: boolean; fortran: boolean; float64: boolean; version: 1 | 2 | 3 }): Uint8Array {
  const descr = `${opts.bigEndian ? '>' : '<'}f${opts.float64 ? 8 : 4}`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${m.rows}, ${m.cols}), }`;
  const prefix = opts.version === 1 ? 10 : 12;
  const pad = (64 - ((prefix + dict.length + 1) % 64)) % 64;
  const headerLength = dict.length + pad + 1;
  const width = opts.float64 ? 8 : 4;
  const out = new Uint8Array(prefix + headerLength + m.data.length * width);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, opts.version, 0]);
  const view = new DataView(out.buffer);
  if (opts.version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < headerLength - 1; i++) out[prefix + i] = i < dict.length ? dict.charCodeAt(i) : 0x20;
  out[prefix + headerLength - 1] = 0x0a;
  const base = prefix + headerLength;
  let k = 0;
  const put = (v: number) => (opts.float64 ? view.setFloat64(base + 8 * k++, v, !opts.bigEndian) : view.setFloat32(base + 4 * k++, v, !opts.bigEndian));
  if (opts.fortran) for (let c = 0; c < m.cols; c++) for (let r = 0; r < m.rows; r++) put(m.data[r * m.cols + c]);
  else for (const v of m.data) put(v);
  return out;
}

function csvOf(m: Matrix, header: boolean, crlf: boolean): string {
  const eol = crlf ? '\r\n' : '\n';
  const lines = Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), (v) => (Object.is(v, -0) ? '-0' : String(v))).join(','));
  if (header) lines.unshift(Array.from({ length: m.cols }, (_, c) => `f${c}`).join(','));
  return lines.join(eol) + eol;
}

describe('decoders never fail in an unplanned way', () => {
  it('arbitrary bytes under any Content-Type: a finite matrix or a known FormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...TYPES), fc.option(fc.constantFrom('2,3', '0,0', '1,1', 'x')), (bytes, type, shape) => {
        const r = outcome(bytes, type, shape === null ? {} : { shape });
        return typeof r === 'string' || wellFormed(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary text (CSV- and JSON-like) : a finite matrix or a known FormatError', () => {
    const token = fc.constantFrom('1', '-2.5', '1e3', 'nan', 'inf', '', ' ', 'x', '"a"', '0x1', '[', ']', '{', '}', ',', '\n', '\r\n', 'null', 'true', '1e999', '"events":');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.constantFrom('text/csv', 'application/json'), (parts, type) => {
        const r = outcome(new TextEncoder().encode(parts.join('')), type);
        return typeof r === 'string' || wellFormed(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid .npy with bytes flipped or cut anywhere: a finite matrix of the declared size, or a FormatError', () => {
    fc.assert(
      fc.property(matrixArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.option(fc.nat()), (m, flips, cut) => {
        let bytes = encodeNpy(m);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        if (cut !== null) bytes = bytes.slice(0, cut % (bytes.length + 1));
        const r = outcome(bytes, 'application/x-npy');
        return typeof r === 'string' || wellFormed(r);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('every format round-trips any finite float32 matrix', () => {
  it('.npy in every layout numpy writes: byte order, C/Fortran order, float32/64, versions 1–3', () => {
    fc.assert(
      fc.property(matrixArb, fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom<1 | 2 | 3>(1, 2, 3), (m, bigEndian, fortran, float64, version) => {
        const decoded = decodeNpy(npyVariant(m, { bigEndian, fortran, float64, version }));
        return sameMatrix(decoded, m);
      }),
      { numRuns: 500 },
    );
  });

  it('CSV (with or without a header, \\n or \\r\\n), JSON and raw float32 decode to the same matrix', () => {
    fc.assert(
      fc.property(matrixArb, fc.boolean(), fc.boolean(), (m, header, crlf) => {
        const csv = decodeCsvText(csvOf(m, header, crlf));
        const json = decodeJson(new TextEncoder().encode(JSON.stringify({ events: Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols))) })));
        const raw = decodeRawFloat32(new Uint8Array(m.data.slice().buffer), { rows: m.rows, cols: m.cols });
        return sameMatrix(csv.matrix, m) && (csv.columnNames !== undefined) === header && sameMatrix(json, m) && sameMatrix(raw, m);
      }),
      { numRuns: 300 },
    );
  });

  it('the canonical encoding (what is hashed and stored) is the same whichever format the events came in', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const viaCsv = decodeBatch(new TextEncoder().encode(csvOf(m, false, false)), 'text/csv', LIMITS).matrix;
        const viaNpy = decodeBatch(npyVariant(m, { bigEndian: true, fortran: true, float64: false, version: 2 }), 'application/x-npy', LIMITS).matrix;
        const a = encodeNpy(viaCsv);
        const b = encodeNpy(viaNpy);
        return a.length === b.length && a.every((x, i) => x === b[i]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('non-finite values are reported where they are', () => {
  it('one NaN/±Inf at (row, column), in any format: non_finite naming that place and the count', () => {
    fc.assert(
      fc.property(
        matrixArb.chain((m) => fc.tuple(fc.constant(m), fc.nat(m.rows - 1), fc.nat(m.cols - 1), fc.constantFrom(NaN, Infinity, -Infinity))),
        fc.constantFrom('npy', 'csv', 'raw'),
        ([m, row, column, bad], format) => {
          const data = m.data.slice();
          data[row * m.cols + column] = bad;
          const broken = { ...m, data };
          const bytes =
            format === 'npy'
              ? encodeNpy(broken)
              : format === 'raw'
                ? new Uint8Array(data.buffer)
                : new TextEncoder().encode(csvOf(broken, false, false));
          const type = format === 'npy' ? 'application/x-npy' : format === 'raw' ? 'application/octet-stream' : 'text/csv';
          try {
            decodeBatch(bytes, type, { ...LIMITS, shape: `${m.rows},${m.cols}` });
            return false;
          } catch (e) {
            return e instanceof FormatError && e.code === 'non_finite' && e.details.row === row && e.details.column === column && e.details.count === 1;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('column selection', () => {
  it('selecting any ordered subset of columns gives exactly those columns', () => {
    fc.assert(
      fc.property(
        matrixArb.chain((m) => fc.tuple(fc.constant(m), fc.shuffledSubarray(Array.from({ length: m.cols }, (_, i) => i), { minLength: 1 }))),
        ([m, picked]) => {
          const spec = picked.join(',');
          expect(parseColumnSpec(spec, m.cols)).toEqual(picked);
          const s = selectColumns(m, picked);
          return s.rows === m.rows && s.cols === picked.length && picked.every((c, k) => matrixColumn(s, k).every((v, r) => Object.is(v, matrixColumn(m, c)[r])));
        },
      ),
      { numRuns: 300 },
    );
  });
});
