import { describe, expect, it } from 'vitest';
import { decodeBatch, type DecodeOptions } from './decode.js';
import { matrixFromRows, matrixToRows } from './matrix.js';
import { encodeNpy } from './npy.js';
import { expectFormatError, formatErrorOf } from './testing.js';

const ROWS = [
  [1, 2, 3],
  [4, 5, 6],
];
const LIMITS: DecodeOptions = { maxRows: 100, maxCols: 10 };
const enc = (s: string) => new TextEncoder().encode(s);
const raw = new Uint8Array(Float32Array.from(ROWS.flat()).buffer);
const npy = encodeNpy(matrixFromRows(ROWS));

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
      const e = expectFormatError(() => decodeBatch(npy, type, LIMITS), 'unsupported_media_type');
      expect(e.status).toBe(415);
    },
  );

  it('rejects non-UTF-8 charsets on text types', () => {
    expectFormatError(() => decodeBatch(enc('1\n'), 'text/csv; charset=latin1', LIMITS), 'unsupported_media_type');
  });

  it('x-npy without the magic is npy_bad_magic; octet-stream without magic or shape is missing_shape', () => {
    expectFormatError(() => decodeBatch(raw, 'application/x-npy', LIMITS), 'npy_bad_magic');
    expectFormatError(() => decodeBatch(raw, 'application/octet-stream', LIMITS), 'missing_shape');
    expectFormatError(() => decodeBatch(raw, 'application/octet-stream', { ...LIMITS, shape: '3,3' }), 'size_mismatch');
  });
});

describe('decodeBatch limits and selection', () => {
  it('enforces row and column limits with 413', () => {
    const rows = formatErrorOf(() => decodeBatch(npy, 'application/x-npy', { maxRows: 1, maxCols: 10 }));
    expect([rows.code, rows.status]).toEqual(['too_many_rows', 413]);
    const cols = formatErrorOf(() => decodeBatch(enc('1,2,3\n'), 'text/csv', { maxRows: 10, maxCols: 2 }));
    expect([cols.code, cols.status]).toEqual(['too_many_cols', 413]);
  });

  it('zero events → empty_batch in every format', () => {
    const empty = encodeNpy({ rows: 0, cols: 3, data: new Float32Array(0) });
    expectFormatError(() => decodeBatch(empty, 'application/x-npy', LIMITS), 'empty_batch');
    expectFormatError(() => decodeBatch(new Uint8Array(0), 'application/octet-stream', { ...LIMITS, shape: '0,3' }), 'empty_batch');
    expectFormatError(() => decodeBatch(enc('a,b\n'), 'text/csv', LIMITS), 'empty_batch');
    expectFormatError(() => decodeBatch(enc(''), 'text/csv', LIMITS), 'empty_batch');
    expectFormatError(() => decodeBatch(enc('{"events": []}'), 'application/json', LIMITS), 'empty_batch');
  });

  it('events without features → bad_shape', () => {
    expectFormatError(() => decodeBatch(enc('[[], []]'), 'application/json', LIMITS), 'bad_shape');
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
    expectFormatError(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: '3' }), 'column_out_of_range');
    expectFormatError(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: '0,0' }), 'duplicate_column');
    expectFormatError(() => decodeBatch(npy, 'application/x-npy', { ...LIMITS, columns: 'x' }), 'bad_columns_spec');
  });

  it('non-finite values are never passed on, whatever the format', () => {
    const nanRaw = new Uint8Array(Float32Array.of(1, NaN).buffer);
    expectFormatError(() => decodeBatch(nanRaw, 'application/octet-stream', { ...LIMITS, shape: '1,2' }), 'non_finite');
    expectFormatError(() => decodeBatch(encodeNpy({ rows: 1, cols: 2, data: Float32Array.of(Infinity, 1) }), 'application/x-npy', LIMITS), 'non_finite');
    expectFormatError(() => decodeBatch(enc('1,NaN\n'), 'text/csv', LIMITS), 'non_finite');
    expectFormatError(() => decodeBatch(enc('[[1, null]]'), 'application/json', LIMITS), 'non_finite');
  });
});
