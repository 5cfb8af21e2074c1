import { describe, expect, it } from 'vitest';
import { decodeBatch, type DecodeOptions } from './decode.js';
import { FormatError } from './errors.js';
import { matrixFromRows, matrixToRows } from './matrix.js';
import { encodeNpy } from './npy.js';

const ROWS = [
  [1, 2, 3],
  [4, 5, 6],
];
const LIMITS: DecodeOptions = { maxRows: 100, maxCols: 10 };
const enc = (s: string) => new TextEncoder().encode(s);
const raw = new Uint8Array(Float32Array.from(ROWS.flat()).buffer);
const npy = encodeNpy(matrixFromRows(ROWS));

const errorOf = (f: () => unknown): FormatError => {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
};

describe('decodeBatch dispatch', () => {
  it.each([
    ['application/x-npy', npy, {}, 'npy'],
    ['application/octet-stream', npy, {}, 'npy'],
    ['application/octet-stream', raw, { shape: '2,3' }, 'raw'],
    ['text/csv', enc('1,2,3\n4,5,6\n'), {}, 'csv'],
    ['text/csv; charset=utf-8', enc('1,2,3\n4,5,6\n'), {}, 'csv'],
    ['application/json', enc(JSON.stringify({ events: ROWS })), {}, 'json'],
    ['Application/JSON; charset="UTF-8"', enc(JSON.stringify(ROWS)), {}, 'json'],
  ] as const)('%s → %s', (type, body, extra, format) => {
    const r = decodeBatch(body, type, { ...LIMITS, ...extra });
    expect(r.format).toBe(format);
    expect(matrixToRows(r.matrix)).toEqual(ROWS);
  });

  it.each([null, '', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/vnd.apache.arrow.stream'])(
    'content type %j → unsupported_media_type (415)',
    (type) => {
      const e = errorOf(() => decodeBatch(npy, type, LIMITS));
      expect(e.code).toBe('unsupported_media_type');
      expect(e.status).toBe(415);
    },
  );

  it('rejects non-UTF-8 charsets on text types', () => {
    expect(errorOf(() => decodeBatch(enc('1\n'), 'text/csv; charset=latin1', LIMITS)).code).toBe('unsupported_media_type');
  });

  it('x-npy without the magic is npy_bad_magic; octet-stream without magic or shape is missing_shape', () => {
    expect(errorOf(() => decodeBatch(raw, 'application/x-npy', LIMITS)).code).toBe('npy_bad_magic');
    expect(errorOf(() => decodeBatch(raw, 'application/octet-stream', LIMITS)).code).toBe('missing_shape');
    expect(errorOf(() => decodeBatch(raw, 'application/octet-stream', { ...LIMITS, shape: '3,3' })).code).toBe('size_mismatch');
  });
});

describe('decodeBatch limits and selection', () => {
  it('enforces row and column limits with 413', () => {
    const rows = errorOf(() => decodeBatch(npy, 'application/x-npy', { maxRows: 1, maxCols: 10 }));
    expect([rows.code, rows.status]).toEqual(['too_many_rows', 413]);
    const cols = errorOf(() => decodeBatch(enc('1,2,3\n'), 'text/csv', { maxRows: 10, maxCols: 2 }));
    expect([cols.code, cols.status]).toEqual(['too_many_cols', 413]);
  });

  it('zero events → empty_batch in every format', () => {
    const empty = encodeNpy({ rows: 0, cols: 3, data: new Float32Array(0) });
    expect(errorOf(() => decodeBatch(empty, 'application/x-npy', LIMITS)).code).toBe('empty_batch');
    expect(errorOf(() => decodeBatch(new Uint8Array(0), 'application/octet-stream', { ...LIMITS, shape: '0,3' })).code).toBe('empty_batch');
    expect(errorOf(() => decodeBatch(enc('a,b\n'), 'text/csv', LIMITS)).code).toBe('empty_batch');
    expect(errorOf(() => decodeBatch(enc(''), 'text/csv', LIMITS)).code).toBe('empty_batch');
    expect(errorOf(() => decodeBatch(enc('{"events": []}'), 'application/json', LIMITS)).code).toBe('empty_batch');
  });

  it('events without features → bad_shape', () => {
    expect(errorOf(() => decodeBatch(enc('[[], []]'), 'application/json', LIMITS)).code).toBe('bad_shape');
  });

  it('selects columns and carries CSV names along', () => {
    const r = decodeBatch(enc('a,b,c\n1,2,3\n4,5,6\n'), 'text/csv', { ...LIMITS, columns: '2,0' });
    expect(matrixToRows(r.matrix)).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(r.columnNames).toEqual(['c', 'a']);
    const n = decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: '1-2' });
    expect(matrixToRows(n.matrix)).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('column errors', () => {
    expect(errorOf(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: '3' })).code).toBe('column_out_of_range');
    expect(errorOf(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: '0,0' })).code).toBe('duplicate_column');
    expect(errorOf(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: 'x' })).code).toBe('bad_columns_spec');
  });

  it('non-finite values are never passed on, whatever the format', () => {
    const nanRaw = new Uint8Array(Float32Array.of(1, NaN).buffer);
    expect(errorOf(() => decodeBatch(nanRaw, 'application/octet-stream', { ...LIMITS, shape: '1,2' })).code).toBe('non_finite');
    expect(errorOf(() => decodeBatch(encodeNpy({ rows: 1, cols: 2, data: Float32Array.of(Infinity, 1) }), 'application/x-npy', LIMITS)).code).toBe('non_finite');
    expect(errorOf(() => decodeBatch(enc('1,NaN\n'), 'text/csv', LIMITS)).code).toBe('non_finite');
    expect(errorOf(() => decodeBatch(enc('[[1, null]]'), 'application/json', LIMITS)).code).toBe('non_finite');
  });
});
