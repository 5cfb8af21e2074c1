/**
 * Numeric CSV: comma-separated numbers, one event per line, optional header row.
 *
 * The header is detected, not declared: a first row with a non-empty field that is not a number
 * is a header, and its fields become the column names — unless another of its fields is a number
 * with a fraction or exponent ("0.5", "1e3"): nobody names a column that, so such a row is data
 * with a typo in it ("0.5,O.25,…"), refused as 'not_numeric' rather than silently dropped as a
 * header. Integer-looking names ("1,x") still make a header. Lines may end in \n or \r\n; blank
 * lines (including a trailing newline) are skipped. Quoting is accepted only around header
 * names; a data field must be a plain decimal number. Spelled-out nan/inf fields are reported
 * by the non-finite policy (code 'non_finite'), everything else non-numeric as 'not_numeric'.
 */
import { FormatError } from './errors.js';
import { checkCols, checkRows, type MatrixLimits } from './limits.js';
import { assertFinite, type Matrix } from './matrix.js';
import { parseDecimal } from './numbers.js';
import { decodeUtf8 } from './text.js';

export interface CsvResult {
  matrix: Matrix;
  /** Names from the header row, when there was one. */
  columnNames?: string[];
}

/**
 * Decode a numeric CSV body (UTF-8 bytes).
 *
 * @example
 *   decodeCsv(new TextEncoder().encode('px,py\r\n1,2\r\n3,4\r\n'));
 *   // { matrix: { rows: 2, cols: 2, data: Float32Array [1, 2, 3, 4] }, columnNames: ['px', 'py'] }
 */
export function decodeCsv(bytes: Uint8Array, limits?: MatrixLimits): CsvResult {
  return decodeCsvText(decodeUtf8(bytes), limits);
}

/** `decodeCsv` for text already decoded. */
export function decodeCsvText(text: string, limits?: MatrixLimits): CsvResult {
  let cols = -1;
  let rows = 0;
  let columnNames: string[] | undefined;
  let data: Float32Array = new Float32Array(1024);
  let lineNumber = 0;
  let pos = 0;

  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNumber++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    const fields = line.split(',');

    if (cols < 0) {
      cols = fields.length;
      checkCols(cols, limits);
      if (isHeader(fields)) {
        columnNames = fields.map(headerName);
        continue;
      }
    }
    if (fields.length !== cols) {
      throw new FormatError(
        'ragged_csv',
        `CSV line ${lineNumber} (row ${rows}) has ${fields.length} fields; expected ${cols}`,
        { line: lineNumber, row: rows, expected: cols, actual: fields.length },
      );
    }
    checkRows(rows + 1, limits);
    if ((rows + 1) * cols > data.length) data = grow(data, (rows + 1) * cols);
    const base = rows * cols;
    for (let c = 0; c < cols; c++) {
      const field = fields[c].trim();
      const value = parseDecimal(field);
      if (value === undefined) {
        const shown = field === '' ? 'an empty field' : JSON.stringify(field.length > 40 ? field.slice(0, 40) + '…' : field);
        throw new FormatError(
          'not_numeric',
          `CSV line ${lineNumber} (row ${rows}, column ${c}, 0-based) has ${shown} where a number is required`,
          { line: lineNumber, row: rows, column: c },
        );
      }
      data[base + c] = value;
    }
    rows++;
  }

  const width = Math.max(cols, 0);
  const matrix = { rows, cols: width, data: data.slice(0, rows * width) };
  assertFinite(matrix, 'values beyond ±3.4e38 overflow float32');
  return columnNames ? { matrix, columnNames } : { matrix };
}

function isHeader(fields: string[]): boolean {
  let text = false;
  for (const f of fields) {
    const t = f.trim();
    if (t === '') continue;
    if (parseDecimal(t) === undefined) text = true;
    else if (/[.eE]/.test(t) && Number.isFinite(Number(t))) return false;
  }
  return text;
}

function headerName(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function grow(data: Float32Array, needed: number): Float32Array {
  let capacity = data.length * 2;
  while (capacity < needed) capacity *= 2;
  const bigger = new Float32Array(capacity);
  bigger.set(data);
  return bigger;
}
