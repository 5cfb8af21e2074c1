/**
 * Writes the bad-input corpus: small files under test/corpus/files/ and test/corpus/manifest.json,
 * which says, for every case and every route that takes a body, the status and error code the
 * service must answer. The worker test test/worker/corpus.test.ts replays every case against
 * every route and checks that D1 and R2 are unchanged after each refusal.
 *
 *   npx tsx test/corpus/generate.ts          # rewrite the files and the manifest (deterministic)
 *
 * Routes: `upload` (the open demo monitor), `upload_token` (a closed monitor, with its token: the
 * access check must not hide or reorder the input checks), `score` (public) and `create`
 * (POST /v1/monitors with the admin token). Bodies too large to keep as files (over the row or byte
 * limit) are described by a `generate` recipe that the test expands.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

import type { CorpusCase, Expectation } from './types.js';

// ---------------------------------------------------------------------------------------------
// Builders

/** A 3 × 4 batch exactly representable in float32 (the demo model takes 4 features). */
const M = [
  [0.5, 0.25, 0.625, 0.5],
  [0.125, 0.375, 0.4375, 0.75],
  [1.0, 0.0625, 0.25, 0.375],
];

function npyBytes(header: string, data: Uint8Array, version: 1 | 2 | 3 = 1, headerBytes?: Uint8Array): Uint8Array {
  const text = headerBytes ?? latin1(header);
  const prefix = version === 1 ? 10 : 12;
  const pad = (64 - ((prefix + text.length + 1) % 64)) % 64;
  const headerLength = text.length + pad + 1;
  const out = new Uint8Array(prefix + headerLength + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  out.set(text, prefix);
  out.fill(0x20, prefix + text.length, prefix + text.length + pad);
  out[prefix + headerLength - 1] = 0x0a;
  out.set(data, prefix + headerLength);
  return out;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
}

function dict(descr: string, shape: string, fortran = false): string {
  return `{'descr': ${descr.startsWith('[') ? descr : `'${descr}'`}, 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
}

function floats(values: number[], littleEndian = true, width: 4 | 8 = 4): Uint8Array {
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (width === 4 ? view.setFloat32(i * 4, v, littleEndian) : view.setFloat64(i * 8, v, littleEndian)));
  return out;
}

const cOrder = M.flat();
const fOrder = [0, 1, 2, 3].flatMap((c) => M.map((row) => row[c]));

// ---------------------------------------------------------------------------------------------
// Expectations

const e = (status: number | number[], code?: string): Expectation => (code ? { status, code } : { status });
/** The same answer from both upload routes and the score route; `create` refuses a non-JSON body. */
function batch(status: number, code: string, create: Expectation = e(415, 'unsupported_media_type')) {
  const x = e(status, code);
  return { upload: x, upload_token: x, score: x, create };
}
/** A body that decodes but is a 4-feature batch of one event: fine to score, too small to upload. */
const oneEvent = (create = e(415, 'unsupported_media_type')) => ({
  upload: e(422, 'too_few_events'),
  upload_token: e(422, 'too_few_events'),
  score: e(200),
  create,
});
/** A valid batch in an unusual layout: scored, and stored as the same content as the canonical one. */
const valid = (create = e(415, 'unsupported_media_type')) => ({ upload: e([200, 201]), upload_token: e([200, 201]), score: e(200), create });
const jsonCreate = (status: number, code: string) => e(status, code);

const files = new Map<string, Uint8Array>();
function file(name: string, bytes: Uint8Array | string): { file: string } {
  files.set(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  return { file: name };
}

const NPY = 'application/x-npy';
const OCTET = 'application/octet-stream';
const CSV = 'text/csv';
const JSON_TYPE = 'application/json';

const cases: CorpusCase[] = [
  // --- valid layouts that must decode to the same events (not refusals: guards against garbage) ---
  { id: 'valid-npy-v1-c-order', about: 'baseline: .npy 1.0, <f4, C order, 3×4', body: file('npy/valid_v1_3x4.npy', npyBytes(dict('<f4', '(3, 4)'), floats(cOrder))), content_type: NPY, expect: valid() },
  { id: 'valid-npy-v2', about: '.npy 2.0 (4-byte header length)', body: file('npy/valid_v2_3x4.npy', npyBytes(dict('<f4', '(3, 4)'), floats(cOrder), 2)), content_type: NPY, expect: valid() },
  { id: 'valid-npy-v3', about: '.npy 3.0 (UTF-8 header)', body: file('npy/valid_v3_3x4.npy', npyBytes(dict('<f4', '(3, 4)'), floats(cOrder), 3)), content_type: NPY, expect: valid() },
  { id: 'valid-npy-big-endian', about: "'>f4' is byte-swapped to the same values", body: file('npy/bigendian_3x4.npy', npyBytes(dict('>f4', '(3, 4)'), floats(cOrder, false))), content_type: NPY, expect: valid() },
  { id: 'valid-npy-fortran', about: 'fortran_order True: column-major bytes, same C-order events', body: file('npy/fortran_3x4.npy', npyBytes(dict('<f4', '(3, 4)', true), floats(fOrder))), content_type: NPY, expect: valid() },
  { id: 'valid-npy-float64-big-endian-fortran', about: "'>f8' Fortran order: all three conversions at once", body: file('npy/f8_bigendian_fortran_3x4.npy', npyBytes(dict('>f8', '(3, 4)', true), floats(fOrder, false, 8))), content_type: NPY, expect: valid() },
  { id: 'valid-npy-octet-stream', about: '.npy sent as application/octet-stream is recognised by its magic', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: OCTET, expect: valid() },

  // --- .npy: structure ---
  { id: 'npy-empty-body', about: 'no bytes at all', body: { text: '' }, content_type: NPY, expect: batch(400, 'npy_truncated') },
  { id: 'npy-bad-magic', about: 'text labelled as .npy', body: { text: 'not an array' }, content_type: NPY, expect: batch(400, 'npy_bad_magic') },
  { id: 'npy-magic-only', about: 'the magic string and nothing else', body: file('npy/magic_only.npy', Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59)), content_type: NPY, expect: batch(400, 'npy_truncated') },
  { id: 'npy-bad-version', about: 'format version 9.0', body: file('npy/version_9.npy', ((b) => ((b[6] = 9), b))(npyBytes(dict('<f4', '(3, 4)'), floats(cOrder)))), content_type: NPY, expect: batch(400, 'npy_bad_version') },
  { id: 'npy-header-length-past-end', about: 'header length 65535 in a 20-byte file', body: file('npy/header_past_end.npy', Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0xff, 0xff, 0x7b, 0x7d, 0x0a, 0, 0, 0, 0, 0, 0, 0)), content_type: NPY, expect: batch(400, 'npy_truncated') },
  { id: 'npy-header-not-dict', about: 'header is a list', body: file('npy/header_list.npy', npyBytes('[1, 2, 3]', floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-corrupted', about: 'header bytes overwritten in the middle', body: file('npy/header_corrupted.npy', npyBytes("{'descr': '<f4', 'fortran_order': Fa\x00\xff\x13se, 'shape': (3, 4), }", floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-missing-shape', about: 'no shape key', body: file('npy/header_no_shape.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, }", floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-extra-key', about: 'an unknown key besides the three', body: file('npy/header_extra_key.npy', npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1, }", floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-code', about: 'a Python expression where a literal belongs (never evaluated)', body: file('npy/header_code.npy', npyBytes("{'descr': __import__('os').system('id'), 'fortran_order': False, 'shape': (3, 4), }", floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-deep-nesting', about: 'shape nested 40 tuples deep', body: file('npy/header_deep.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(40)}3,${'),'.repeat(39)}), }`, floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-huge-dimension', about: 'a dimension beyond 2^53', body: file('npy/header_huge_dim.npy', npyBytes(dict('<f4', '(99999999999999999999, 4)'), floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-negative-dimension', about: 'shape (-1, 4)', body: file('npy/header_negative_dim.npy', npyBytes(dict('<f4', '(-1, 4)'), floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-header-fortran-not-bool', about: "fortran_order 'yes'", body: file('npy/header_fortran_str.npy', npyBytes("{'descr': '<f4', 'fortran_order': 'yes', 'shape': (3, 4), }", floats(cOrder))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-v3-header-not-utf8', about: '.npy 3.0 header with invalid UTF-8', body: file('npy/v3_bad_utf8.npy', npyBytes('', floats(cOrder), 3, latin1("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), '\xff': 1}"))), content_type: NPY, expect: batch(400, 'npy_bad_header') },
  { id: 'npy-truncated-data', about: 'shape (3, 4) needs 48 data bytes, the file has 20', body: file('npy/truncated_data.npy', npyBytes(dict('<f4', '(3, 4)'), floats(cOrder).subarray(0, 20))), content_type: NPY, expect: batch(400, 'npy_truncated') },
  { id: 'npy-trailing-bytes', about: '4 bytes more than the shape accounts for', body: file('npy/trailing_bytes.npy', npyBytes(dict('<f4', '(3, 4)'), floats([...cOrder, 0]))), content_type: NPY, expect: batch(400, 'npy_trailing_bytes') },

  // --- .npy: dtypes ---
  { id: 'npy-dtype-int32', about: "'<i4' integers", body: file('npy/int32_3x4.npy', npyBytes(dict('<i4', '(3, 4)'), new Uint8Array(48))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-int64', about: "'<i8' integers", body: file('npy/int64_3x4.npy', npyBytes(dict('<i8', '(3, 4)'), new Uint8Array(96))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-uint8', about: "'|u1' bytes", body: file('npy/uint8_3x4.npy', npyBytes(dict('|u1', '(3, 4)'), new Uint8Array(12))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-bool', about: "'|b1' booleans", body: file('npy/bool_3x4.npy', npyBytes(dict('|b1', '(3, 4)'), new Uint8Array(12))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-complex64', about: "'<c8' complex", body: file('npy/complex64_3x4.npy', npyBytes(dict('<c8', '(3, 4)'), new Uint8Array(96))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-float16', about: "'<f2' half precision", body: file('npy/float16_3x4.npy', npyBytes(dict('<f2', '(3, 4)'), new Uint8Array(24))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-object', about: "'|O' Python objects (pickles)", body: file('npy/object_3x4.npy', npyBytes(dict('|O', '(3, 4)'), new Uint8Array(96))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-unicode', about: "'<U3' strings", body: file('npy/unicode_3x4.npy', npyBytes(dict('<U3', '(3, 4)'), new Uint8Array(144))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },
  { id: 'npy-dtype-structured', about: 'a record dtype', body: file('npy/structured_3.npy', npyBytes(dict("[('a', '<f4'), ('b', '<f4')]", '(3,)'), new Uint8Array(24))), content_type: NPY, expect: batch(415, 'unsupported_dtype') },

  // --- .npy: shapes and values ---
  { id: 'npy-0d', about: 'a 0-d scalar', body: file('npy/scalar.npy', npyBytes(dict('<f4', '()'), floats([1]))), content_type: NPY, expect: batch(422, 'bad_shape') },
  { id: 'npy-3d', about: 'shape (3, 2, 2)', body: file('npy/3d.npy', npyBytes(dict('<f4', '(3, 2, 2)'), floats(cOrder))), content_type: NPY, expect: batch(422, 'bad_shape') },
  { id: 'npy-zero-rows', about: 'shape (0, 4)', body: file('npy/zero_rows.npy', npyBytes(dict('<f4', '(0, 4)'), new Uint8Array(0))), content_type: NPY, expect: batch(422, 'empty_batch') },
  { id: 'npy-zero-columns', about: 'shape (3, 0)', body: file('npy/zero_cols.npy', npyBytes(dict('<f4', '(3, 0)'), new Uint8Array(0))), content_type: NPY, expect: batch(422, 'bad_shape') },
  { id: 'npy-one-row', about: 'one event: scored, but too few to summarise as an upload', body: file('npy/one_row.npy', npyBytes(dict('<f4', '(1, 4)'), floats(M[0]))), content_type: NPY, expect: oneEvent() },
  { id: 'npy-wrong-columns', about: '3 × 2 for a 4-feature model', body: file('npy/3x2.npy', npyBytes(dict('<f4', '(3, 2)'), floats([1, 2, 3, 4, 5.5, -6.25]))), content_type: NPY, expect: batch(422, 'feature_count_mismatch') },
  { id: 'npy-1d', about: 'shape (6,): read as one feature column, so the width is wrong', body: file('npy/1d_6.npy', npyBytes(dict('<f4', '(6,)'), floats([1, 2, 3, 4, 5.5, -6.25]))), content_type: NPY, expect: batch(422, 'feature_count_mismatch') },
  { id: 'npy-nan-inf', about: 'NaN, +Inf and -Inf inside a 3 × 4 batch', body: file('npy/nan_inf_3x4.npy', npyBytes(dict('<f4', '(3, 4)'), floats([0.5, NaN, 0.625, 0.5, 0.125, 0.375, Infinity, 0.75, -Infinity, 0.0625, 0.25, 0.375]))), content_type: NPY, expect: batch(422, 'non_finite') },
  { id: 'npy-float64-overflows-float32', about: '1e300 does not fit float32', body: file('npy/f8_overflow.npy', npyBytes(dict('<f8', '(3, 4)'), floats([...cOrder.slice(0, 11), 1e300], true, 8))), content_type: NPY, expect: batch(422, 'non_finite') },
  { id: 'npy-rows-over-limit', about: 'header claims 200001 rows (MAX_ROWS is 200000): refused from the header', body: file('npy/rows_over_limit.npy', npyBytes(dict('<f4', '(200001, 4)'), new Uint8Array(0))), content_type: NPY, expect: batch(413, 'too_many_rows') },
  { id: 'npy-columns-over-limit', about: 'header claims 2000 columns (the limit is 1024)', body: file('npy/cols_over_limit.npy', npyBytes(dict('<f4', '(1, 2000)'), new Uint8Array(0))), content_type: NPY, expect: batch(413, 'too_many_cols') },
  { id: 'npy-shape-product-overflow', about: 'rows × cols × 4 beyond any buffer: refused before allocating', body: file('npy/shape_product_huge.npy', npyBytes(dict('<f4', '(200000, 1024)'), new Uint8Array(16))), content_type: NPY, expect: batch(400, 'npy_truncated') },

  // --- raw float32 ---
  { id: 'raw-missing-shape', about: 'octet-stream without the npy magic and no shape', body: file('raw/3x4.f32', floats(cOrder)), content_type: OCTET, expect: batch(400, 'missing_shape') },
  { id: 'raw-bad-shape', about: 'shape=3x4', body: { file: 'raw/3x4.f32' }, content_type: OCTET, query: '?shape=3x4', expect: batch(422, 'bad_shape') },
  { id: 'raw-size-mismatch', about: 'shape=3,4 needs 48 bytes; 44 sent', body: file('raw/44_bytes.f32', floats(cOrder.slice(0, 11))), content_type: OCTET, query: '?shape=3,4', expect: batch(400, 'size_mismatch') },
  { id: 'raw-rows-over-limit', about: 'shape=200001,4', body: { file: 'raw/3x4.f32' }, content_type: OCTET, query: '?shape=200001,4', expect: batch(413, 'too_many_rows') },
  { id: 'raw-shape-huge', about: 'shape=999999999999999,999999999999999', body: { file: 'raw/3x4.f32' }, content_type: OCTET, query: '?shape=999999999999999,999999999999999', expect: batch(413, 'too_many_rows') },
  { id: 'raw-x-shape-header-bad', about: 'X-Shape: -3,4', body: { file: 'raw/3x4.f32' }, content_type: OCTET, headers: { 'x-shape': '-3,4' }, expect: batch(422, 'bad_shape') },
  { id: 'raw-nan', about: 'a NaN in raw float32', body: file('raw/nan_3x4.f32', floats([...cOrder.slice(0, 5), NaN, ...cOrder.slice(6)])), content_type: OCTET, query: '?shape=3,4', expect: batch(422, 'non_finite') },

  // --- CSV ---
  { id: 'csv-ragged', about: 'second row has 2 fields', body: file('csv/ragged.csv', '0.5,0.25,0.625,0.5\n0.1,0.2\n'), content_type: CSV, expect: batch(400, 'ragged_csv') },
  { id: 'csv-text-in-numeric-column', about: 'a word in a data row', body: file('csv/text_in_column.csv', 'mj1,delta_mj,tau21_j1,tau21_j2\n0.5,0.25,0.625,0.5\n0.1,high,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-text-in-first-row', about: 'first row mixes numbers and text: a data row with a typo, not a header', body: file('csv/text_in_first_row.csv', '0.5,0.25,O.625,0.5\n0.1,0.2,0.4,0.7\n1,0.06,0.25,0.37\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-empty-field', about: 'an empty field is not zero', body: file('csv/empty_field.csv', '0.5,0.25,,0.5\n0.1,0.2,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-header-only', about: 'a header and no events', body: file('csv/header_only.csv', 'mj1,delta_mj,tau21_j1,tau21_j2\n'), content_type: CSV, expect: batch(422, 'empty_batch') },
  { id: 'csv-nan', about: 'nan spelled out', body: file('csv/nan.csv', '0.5,0.25,nan,0.5\n0.1,0.2,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'non_finite') },
  { id: 'csv-inf', about: '-inf spelled out', body: file('csv/inf.csv', '0.5,0.25,0.6,0.5\n0.1,-inf,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'non_finite') },
  { id: 'csv-overflow', about: '1e39 overflows float32', body: file('csv/overflow.csv', '0.5,0.25,0.6,0.5\n0.1,1e39,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'non_finite') },
  { id: 'csv-hex', about: '0x10 is not a decimal number', body: file('csv/hex.csv', '0.5,0.25,0.6,0.5\n0.1,0x10,0.4,0.7\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-semicolons', about: 'semicolon-separated', body: file('csv/semicolons.csv', 'mj1;delta_mj;tau21_j1;tau21_j2\n0.5;0.25;0.6;0.5\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-quoted-numbers', about: 'quoted numbers in data rows', body: file('csv/quoted.csv', 'a,b,c,d\n"0.5","0.25","0.6","0.5"\n'), content_type: CSV, expect: batch(422, 'not_numeric') },
  { id: 'csv-invalid-utf8', about: 'bytes that are not UTF-8', body: file('csv/latin1.csv', latin1('m\xe9j1,b,c,d\n0.5,0.25,0.6,0.5\n')), content_type: CSV, expect: batch(400, 'bad_encoding') },
  { id: 'csv-charset-latin1', about: 'text/csv; charset=latin1', body: file('csv/valid_3x4.csv', 'mj1,delta_mj,tau21_j1,tau21_j2\n0.5,0.25,0.625,0.5\n0.125,0.375,0.4375,0.75\n1,0.0625,0.25,0.375\n'), content_type: 'text/csv; charset=latin1', expect: batch(415, 'unsupported_media_type') },
  { id: 'csv-wrong-columns', about: '3 columns for a 4-feature model', body: file('csv/3_columns.csv', '0.5,0.25,0.6\n0.1,0.2,0.4\n'), content_type: CSV, expect: batch(422, 'feature_count_mismatch') },
  { id: 'csv-rows-over-limit', about: '200001 data rows (generated)', body: { generate: { kind: 'csv_rows', rows: 200_001, line: '0.5,0.25,0.625,0.5' } }, content_type: CSV, expect: batch(413, 'too_many_rows') },
  { id: 'csv-one-row', about: 'one event', body: file('csv/one_row.csv', '0.5,0.25,0.625,0.5\n'), content_type: CSV, expect: oneEvent() },

  // --- JSON ---
  { id: 'json-invalid', about: 'cut off mid-array', body: file('json/cut_off.json', '{"events": [[0.5, 0.25'), content_type: JSON_TYPE, expect: batch(400, 'bad_json', jsonCreate(400, 'bad_json')) },
  { id: 'json-deeply-nested', about: '5000 nested arrays', body: file('json/nested_5000.json', '['.repeat(5000) + ']'.repeat(5000)), content_type: JSON_TYPE, expect: batch(422, 'not_numeric', jsonCreate(422, 'invalid_body')) },
  { id: 'json-very-deeply-nested', about: '100000 nested arrays (200 kB, over the management body limit)', body: { generate: { kind: 'nested', open: '[', inner: '', close: ']', depth: 100_000 } }, content_type: JSON_TYPE, expect: batch(422, 'not_numeric', jsonCreate(413, 'body_too_large')) },
  { id: 'json-nested-objects', about: '10000 nested objects', body: { generate: { kind: 'nested', open: '{"a":', inner: '1', close: '}', depth: 10_000 } }, content_type: JSON_TYPE, expect: batch(400, 'bad_json', jsonCreate(422, 'invalid_body')) },
  { id: 'json-not-a-batch', about: 'an object without events', body: file('json/object.json', '{"rows": [[0.5, 0.25, 0.6, 0.5]]}'), content_type: JSON_TYPE, expect: batch(400, 'bad_json', jsonCreate(422, 'invalid_body')) },
  { id: 'json-number', about: 'a bare number', body: { text: '42' }, content_type: JSON_TYPE, expect: batch(400, 'bad_json', jsonCreate(422, 'invalid_body')) },
  { id: 'json-strings', about: 'numbers as strings', body: file('json/strings.json', '[["0.5", "0.25", "0.6", "0.5"], ["0.1", "0.2", "0.4", "0.7"]]'), content_type: JSON_TYPE, expect: batch(422, 'not_numeric', jsonCreate(422, 'invalid_body')) },
  { id: 'json-booleans', about: 'a boolean value', body: file('json/bool.json', '[[0.5, true, 0.6, 0.5], [0.1, 0.2, 0.4, 0.7]]'), content_type: JSON_TYPE, expect: batch(422, 'not_numeric', jsonCreate(422, 'invalid_body')) },
  { id: 'json-null', about: 'null (how pandas writes NaN)', body: file('json/null.json', '{"events": [[0.5, 0.25, null, 0.5], [0.1, 0.2, 0.4, 0.7]]}'), content_type: JSON_TYPE, expect: batch(422, 'non_finite', jsonCreate(422, 'invalid_body')) },
  { id: 'json-1e999', about: '1e999 parses to Infinity', body: file('json/1e999.json', '[[0.5, 0.25, 1e999, 0.5], [0.1, 0.2, 0.4, 0.7]]'), content_type: JSON_TYPE, expect: batch(422, 'non_finite', jsonCreate(422, 'invalid_body')) },
  { id: 'json-ragged', about: 'rows of different lengths', body: file('json/ragged.json', '[[0.5, 0.25, 0.6, 0.5], [0.1, 0.2]]'), content_type: JSON_TYPE, expect: batch(400, 'ragged_json', jsonCreate(422, 'invalid_body')) },
  { id: 'json-empty', about: 'no events', body: { text: '{"events": []}' }, content_type: JSON_TYPE, expect: batch(422, 'empty_batch', jsonCreate(422, 'invalid_body')) },
  { id: 'json-empty-rows', about: 'events with no features', body: { text: '[[], []]' }, content_type: JSON_TYPE, expect: batch(422, 'bad_shape', jsonCreate(422, 'invalid_body')) },
  { id: 'json-invalid-utf8', about: 'bytes that are not UTF-8', body: file('json/bad_utf8.json', latin1('{"events": [[0.5, 0.25, 0.6, 0.5]], "n\xff": 1}')), content_type: JSON_TYPE, expect: batch(400, 'bad_encoding', jsonCreate(400, 'bad_json')) },
  { id: 'json-proto-key', about: '"__proto__" smuggling an extra field', body: file('json/proto.json', '{"id": "proto-monitor", "model": "lhco-dream", "__proto__": {"open_uploads": true}}'), content_type: JSON_TYPE, expect: batch(400, 'bad_json', jsonCreate(422, 'invalid_body')) },
  { id: 'json-one-row', about: 'one event', body: { text: '[[0.5, 0.25, 0.625, 0.5]]' }, content_type: JSON_TYPE, expect: oneEvent(jsonCreate(422, 'invalid_body')) },
  { id: 'json-charset-utf16', about: 'application/json; charset=utf-16', body: { text: '[[0.5, 0.25, 0.625, 0.5]]' }, content_type: 'application/json; charset=utf-16', expect: batch(415, 'unsupported_media_type', jsonCreate(415, 'unsupported_media_type')) },

  // --- Content-Type ---
  { id: 'content-type-missing', about: 'no Content-Type', body: { file: 'npy/valid_v1_3x4.npy' }, expect: batch(415, 'unsupported_media_type') },
  { id: 'content-type-text-plain', about: 'text/plain', body: { file: 'csv/valid_3x4.csv' }, content_type: 'text/plain', expect: batch(415, 'unsupported_media_type') },
  { id: 'content-type-multipart', about: 'multipart/form-data', body: { text: '--x\r\ncontent-disposition: form-data; name="f"\r\n\r\n1\r\n--x--\r\n' }, content_type: 'multipart/form-data; boundary=x', expect: batch(415, 'unsupported_media_type') },
  { id: 'content-type-garbage', about: 'Content-Type ";;;"', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: ';;;', expect: batch(415, 'unsupported_media_type') },
  { id: 'content-type-mismatch', about: '.npy bytes labelled application/json', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: JSON_TYPE, expect: batch(400, 'bad_encoding', jsonCreate(400, 'bad_json')) },

  // --- ?columns= ---
  { id: 'columns-empty-item', about: 'columns=1,,2', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: NPY, query: '?columns=1,,2', expect: batch(400, 'bad_columns_spec') },
  { id: 'columns-out-of-range', about: 'columns=0,1,2,9 of 4', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: NPY, query: '?columns=0,1,2,9', expect: batch(422, 'column_out_of_range') },
  { id: 'columns-duplicate', about: 'columns=0,0,1,2', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: NPY, query: '?columns=0,0,1,2', expect: batch(422, 'duplicate_column') },
  { id: 'columns-backwards', about: 'columns=3-0', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: NPY, query: '?columns=3-0', expect: batch(400, 'bad_columns_spec') },

  // --- body size ---
  { id: 'body-declared-over-limit', about: 'Content-Length 64 MiB (limit 32 MiB; 64 KiB for create): refused before reading', body: { generate: { kind: 'declared_length', declared: 64 * 1024 * 1024, bytes: 8 } }, content_type: JSON_TYPE, expect: batch(413, 'body_too_large', e(413, 'body_too_large')) },
  { id: 'body-endless-stream', about: 'a streamed body with no length that never ends: cut off at the limit', body: { generate: { kind: 'endless_stream', chunk: 1 << 20 } }, content_type: JSON_TYPE, expect: batch(413, 'body_too_large', e(413, 'body_too_large')) },

  // --- ids in paths (and in the create body) ---
  ...[
    ['id-path-separators', '..%2F..%2Fetc', 'path separators'],
    ['id-slash', 'lhco-dream%2Fx', 'an encoded slash'],
    ['id-quotes', '%22%3B%20drop%20table%20monitors%3B--', 'quotes and SQL'],
    ['id-unicode', 'caf%C3%A9', 'unicode'],
    ['id-homoglyph', 'lhco-dr%D0%B5am', 'a Cyrillic е in lhco-dream'],
    ['id-very-long', 'a'.repeat(300), 'a 300-character id'],
    ['id-uppercase', 'LHCO-DREAM', 'upper case'],
    ['id-null-byte', 'lhco%00dream', 'a NUL byte'],
    ['id-leading-dash', '-lhco', 'a leading dash'],
  ].map(
    ([id, pathId, about]): CorpusCase => ({
      id,
      about: `id with ${about}`,
      body: { file: 'npy/valid_v1_3x4.npy' },
      content_type: NPY,
      path_id: pathId,
      expect: { upload: e(400, 'invalid_id'), upload_token: e(400, 'invalid_id'), score: e(400, 'invalid_id'), create: e(422, 'invalid_body') },
    }),
  ),
  { id: 'id-unknown', about: 'a well-formed id that names nothing', body: { file: 'npy/valid_v1_3x4.npy' }, content_type: NPY, path_id: 'no-such-thing', expect: { upload: e(404, 'monitor_not_found'), upload_token: e(404, 'monitor_not_found'), score: e(404, 'model_not_found'), create: e(404, 'model_not_found') } },

  // --- Idempotency-Key ---
  {
    id: 'idempotency-key-reused-with-other-events',
    about: 'the key of a stored upload sent again with other events',
    prelude: { body: { text: '[[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, 0.75]]' }, content_type: JSON_TYPE, headers: { 'idempotency-key': 'corpus-key-1' } },
    body: { text: '[[0.5, 0.25, 0.625, 0.5], [1, 0.0625, 0.25, 0.375]]' },
    content_type: JSON_TYPE,
    headers: { 'idempotency-key': 'corpus-key-1' },
    expect: { upload: e(422, 'idempotency_key_reused'), upload_token: e(422, 'idempotency_key_reused'), score: e(200), create: jsonCreate(422, 'invalid_body') },
  },
  {
    id: 'idempotency-key-malformed',
    about: 'an Idempotency-Key with a space',
    body: { text: '[[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, 0.75]]' },
    content_type: JSON_TYPE,
    headers: { 'idempotency-key': 'two words' },
    expect: { upload: e(400, 'invalid_idempotency_key'), upload_token: e(400, 'invalid_idempotency_key'), score: e(200), create: jsonCreate(422, 'invalid_body') },
  },
  {
    id: 'idempotency-key-too-long',
    about: 'a 256-character Idempotency-Key',
    body: { text: '[[0.5, 0.25, 0.625, 0.5], [0.125, 0.375, 0.4375, 0.75]]' },
    content_type: JSON_TYPE,
    headers: { 'idempotency-key': 'k'.repeat(256) },
    expect: { upload: e(400, 'invalid_idempotency_key'), upload_token: e(400, 'invalid_idempotency_key'), score: e(200), create: jsonCreate(422, 'invalid_body') },
  },
];

// ---------------------------------------------------------------------------------------------

function main(): void {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  rmSync(join(here, 'files'), { recursive: true, force: true });
  for (const [name, bytes] of files) {
    const path = join(here, 'files', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  // Cases that an upload or score route must refuse (monitor creation refuses nearly every batch body anyway).
  const refusals = cases.filter((c) => (['upload', 'upload_token', 'score'] as const).some((r) => typeof c.expect[r].status === 'number' && c.expect[r].status >= 400)).length;
  const manifest = {
    description:
      'Bad-input corpus: every case is sent to every route that takes a body; `expect` is the status and stable error code per route. ' +
      'Regenerate with `npx tsx test/corpus/generate.ts`.',
    routes: {
      upload: 'POST /v1/monitors/lhco-dream/uploads (open demo monitor)',
      upload_token: 'POST /v1/monitors/<closed monitor>/uploads with its upload token',
      score: 'POST /v1/score/lhco-dream',
      create: 'POST /v1/monitors with the admin token',
    },
    canonical: M,
    cases,
  };
  writeFileSync(join(here, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(`${cases.length} cases (${refusals} refused by an upload or score route), ${files.size} files`);
}

main();
