/**
 * Row and column selection on a feature matrix, as given on the command line:
 * `--where 5=0` (keep rows whose column 5 equals 0), `--rows 0:15000` (a half-open slice of the
 * rows that survive the filter) and `--columns 1,2,3,4` (pick and order columns). They are applied
 * in that order, so `--where` and `--columns` always name columns of the source file.
 *
 * @example
 *   const sel = parseSelection({ where: '5=0', rows: '0:15000', columns: '1,2,3,4' });
 *   const features = applySelection(matrix, sel); // 15000 x 4
 *   describeSelection(sel); // "where col5=0; rows 0:15000; columns 1,2,3,4"
 */
import type { Matrix } from '../../src/formats/matrix.js';

/** One row condition: `column op value`. */
export interface RowCondition {
  column: number;
  op: '=' | '!=';
  value: number;
}

/** Half-open row range [start, end) over the filtered rows; end undefined = to the last row. */
export interface RowRange {
  start: number;
  end?: number;
}

export interface Selection {
  where: RowCondition[];
  rows?: RowRange;
  columns?: number[];
}

/** Raw flag strings as typed by the user; any may be missing. */
export interface SelectionFlags {
  where?: string;
  rows?: string;
  columns?: string;
}

/**
 * Parses `--where` (comma-separated conditions, ANDed: `5=0`, `5!=1`), `--rows` (`a:b`, `a:`,
 * `:b`) and `--columns` (`1,2,3,4`; ranges `1-4` allowed).
 *
 * @example parseSelection({ where: '5=0', rows: '30000:35000' })
 */
export function parseSelection(flags: SelectionFlags): Selection {
  return {
    where: flags.where ? parseWhere(flags.where) : [],
    rows: flags.rows ? parseRows(flags.rows) : undefined,
    columns: flags.columns ? parseColumns(flags.columns) : undefined,
  };
}

/** @example parseWhere('5=0') // [{ column: 5, op: '=', value: 0 }] */
export function parseWhere(text: string): RowCondition[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(!=|=)\s*(-?[\d.eE+-]+)\s*$/.exec(part);
    if (!m) throw new Error(`bad --where condition "${part}": expected COLUMN=VALUE or COLUMN!=VALUE`);
    const value = Number(m[3]);
    if (!Number.isFinite(value)) throw new Error(`bad --where value "${m[3]}"`);
    return { column: Number(m[1]), op: m[2] as '=' | '!=', value };
  });
}

/** @example parseRows('0:15000') // { start: 0, end: 15000 } */
export function parseRows(text: string): RowRange {
  const m = /^\s*(\d*)\s*:\s*(\d*)\s*$/.exec(text);
  if (!m) throw new Error(`bad --rows "${text}": expected START:END (half-open, either may be empty)`);
  const start = m[1] === '' ? 0 : Number(m[1]);
  const end = m[2] === '' ? undefined : Number(m[2]);
  if (end !== undefined && end < start) throw new Error(`bad --rows "${text}": end before start`);
  return { start, end };
}

/** @example parseColumns('1-3,5') // [1, 2, 3, 5] */
export function parseColumns(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a) throw new Error(`bad --columns range "${part}"`);
      for (let c = a; c <= b; c++) out.push(c);
    } else if (/^\s*\d+\s*$/.test(part)) {
      out.push(Number(part));
    } else {
      throw new Error(`bad --columns "${text}": expected a comma-separated list such as 1,2,3,4`);
    }
  }
  return out;
}

/**
 * Applies filter → row slice → column pick and returns a new matrix (the input is not changed).
 * Throws when a column is out of range or the slice asks for more rows than the filter left, so a
 * typo never silently trains on fewer events than the command line says.
 */
export function applySelection(m: Matrix, sel: Selection): Matrix {
  for (const c of [...sel.where.map((w) => w.column), ...(sel.columns ?? [])]) {
    if (c < 0 || c >= m.cols) throw new Error(`column ${c} out of range: the matrix has ${m.cols} columns`);
  }
  const kept: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    if (sel.where.every((w) => rowMatches(m, r, w))) kept.push(r);
  }
  let rows = kept;
  if (sel.rows) {
    const end = sel.rows.end ?? kept.length;
    if (end > kept.length) {
      throw new Error(`--rows ${sel.rows.start}:${end} asks for more rows than the ${kept.length} selected`);
    }
    rows = kept.slice(sel.rows.start, end);
  }
  const columns = sel.columns ?? Array.from({ length: m.cols }, (_, i) => i);
  const data = new Float32Array(rows.length * columns.length);
  rows.forEach((r, i) => {
    columns.forEach((c, j) => {
      data[i * columns.length + j] = m.data[r * m.cols + c];
    });
  });
  return { rows: rows.length, cols: columns.length, data };
}

/** Human-readable form for provenance records, e.g. "where col5=0; rows 0:15000; columns 1,2,3,4". */
export function describeSelection(sel: Selection): string {
  const parts: string[] = [];
  if (sel.where.length) parts.push(`where ${sel.where.map((w) => `col${w.column}${w.op}${w.value}`).join(' and ')}`);
  if (sel.rows) parts.push(`rows ${sel.rows.start}:${sel.rows.end ?? ''}`);
  if (sel.columns) parts.push(`columns ${sel.columns.join(',')}`);
  return parts.length ? parts.join('; ') : 'all rows, all columns';
}

function rowMatches(m: Matrix, r: number, w: RowCondition): boolean {
  // Labels are stored as float64 in the source files and float32 here: compare with a tolerance
  // far below any label spacing but above float32 rounding.
  const equal = Math.abs(m.data[r * m.cols + w.column] - w.value) <= 1e-6 * Math.max(1, Math.abs(w.value));
  return w.op === '=' ? equal : !equal;
}
