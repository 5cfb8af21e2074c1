/**
 * NumPy .npy decoding (format versions 1.0, 2.0 and 3.0) into a float32 matrix, and encoding.
 *
 * Layout: magic "\x93NUMPY", major and minor version bytes, header length (2-byte little-endian
 * in 1.0; 4-byte in 2.0 and 3.0), the header — a Python dict literal with descr, fortran_order
 * and shape (latin-1 text up to 2.0, UTF-8 in 3.0) — then the raw array bytes.
 *
 * Accepted: dtypes '<f4', '>f4', '<f8', '>f8' (float64 is narrowed to float32, the model's input
 * type); 2-D arrays in C or Fortran order; 1-D arrays of n values, decoded as n events × 1
 * feature (a deliberate choice: one column of a single feature is the natural reading of a
 * vector, and a model that needs more features rejects the width later with a clear message).
 * Everything else — 0-d or 3-D+ arrays, integer/bool/complex/structured dtypes, a body shorter
 * or longer than the shape requires, NaN or ±Infinity values — is a FormatError, and nothing
 * partial is ever returned.
 */
import { FormatError } from './errors.js';
import { checkCols, checkRows, type MatrixLimits } from './limits.js';
import { assertFinite, HOST_LITTLE_ENDIAN, type Matrix } from './matrix.js';
import { parsePyLiteral, PyLiteralError, type PyValue } from './py-literal.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** True when the bytes start with the .npy magic string. */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/** The layout of a .npy file as its header describes it (what chunked readers need). */
export interface NpyHeader {
  littleEndian: boolean;
  itemSize: 4 | 8;
  fortranOrder: boolean;
  rows: number;
  cols: number;
  /** Byte offset of the array data. */
  dataOffset: number;
}

/**
 * Parse only the header of a .npy file, from its first bytes (the header is at most a few KiB;
 * the whole file is not needed). Throws the same FormatErrors as decodeNpy for a bad header.
 *
 * @example
 *   const header = readNpyHeader(firstBytes); // { rows: 100000, cols: 533, itemSize: 4, dataOffset: 128, … }
 */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  return readHeader(bytes);
}

/**
 * Decode `rows` consecutive C-order rows of array data (no header: `data` starts at a row
 * boundary) laid out as `header` describes, into a float32 matrix. Used to score a large file one
 * slice at a time with exactly the numbers decodeNpy would give for the whole file.
 *
 * @example
 *   const header = readNpyHeader(first);
 *   const rowBytes = header.cols * header.itemSize;
 *   const m = decodeNpyRows(fileBytes.subarray(header.dataOffset, header.dataOffset + 10 * rowBytes), header, 10);
 */
export function decodeNpyRows(data: Uint8Array, header: NpyHeader, rows: number): Matrix {
  if (header.fortranOrder && rows > 1 && header.cols > 1) {
    throw new FormatError('npy_fortran_order', 'row slices of a Fortran-order .npy are not contiguous; save it in C order (np.ascontiguousarray)');
  }
  const count = rows * header.cols;
  if (data.length !== count * header.itemSize) {
    throw new FormatError('npy_truncated', `.npy slice has ${data.length} bytes; ${rows} rows need ${count * header.itemSize}`, {
      expected: count * header.itemSize,
      actual: data.length,
    });
  }
  const matrix = { rows, cols: header.cols, data: readElements(data, { ...header, dataOffset: 0 }, count) };
  assertFinite(matrix, header.itemSize === 8 ? 'float64 values beyond ±3.4e38 do not fit float32' : '');
  return matrix;
}

/**
 * Decode a .npy file into a row-major float32 matrix.
 *
 * When the file already holds native-endian float32 in C order at a 4-byte-aligned offset (what
 * numpy.save writes), `data` is a view on `bytes` rather than a copy: a Worker holding the body
 * and a decoded copy of a large batch would need twice the memory. Do not modify `bytes` while
 * the matrix is in use.
 *
 * @example
 *   const m = decodeNpy(new Uint8Array(await file.arrayBuffer()));
 *   m.rows; m.cols; m.data; // e.g. 3, 2, Float32Array [1, 2, 3, 4, 5.5, -6.25]
 */
export function decodeNpy(bytes: Uint8Array, limits?: MatrixLimits): Matrix {
  const header = readHeader(bytes);
  checkRows(header.rows, limits);
  checkCols(header.cols, limits);

  const count = header.rows * header.cols;
  const needed = count * header.itemSize;
  const available = bytes.length - header.dataOffset;
  if (available < needed) {
    throw new FormatError(
      'npy_truncated',
      `.npy data is truncated: shape needs ${needed} bytes, file has ${available}`,
      { expected: needed, actual: available },
    );
  }
  if (available > needed) {
    throw new FormatError(
      'npy_trailing_bytes',
      `.npy file has ${available - needed} bytes beyond the ${needed} its shape accounts for`,
      { expected: needed, actual: available },
    );
  }

  let data = readElements(bytes, header, count);
  if (header.fortranOrder && header.rows > 1 && header.cols > 1) data = transpose(data, header.rows, header.cols);
  const matrix = { rows: header.rows, cols: header.cols, data };
  assertFinite(matrix, header.itemSize === 8 ? 'float64 values beyond ±3.4e38 do not fit float32' : '');
  return matrix;
}

function readHeader(bytes: Uint8Array): NpyHeader {
  for (let i = 0; i < Math.min(bytes.length, MAGIC.length); i++) {
    if (bytes[i] !== MAGIC[i]) throw new FormatError('npy_bad_magic', 'not a .npy file (missing the \\x93NUMPY magic string)');
  }
  if (bytes.length < 10) throw new FormatError('npy_truncated', `.npy file is truncated (${bytes.length} bytes)`);
  const major = bytes[6];
  const minor = bytes[7];
  if (!(major >= 1 && major <= 3) || minor !== 0) {
    throw new FormatError('npy_bad_version', `.npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0 are)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) throw new FormatError('npy_truncated', '.npy file is truncated inside its preamble');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthSize;
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    throw new FormatError('npy_truncated', `.npy header claims ${headerLength} bytes but the file ends first`);
  }
  const text = decodeHeaderText(bytes.subarray(headerStart, dataOffset), major);
  return { ...interpretHeader(text), dataOffset };
}

function decodeHeaderText(raw: Uint8Array, major: number): string {
  if (major === 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      throw new FormatError('npy_bad_header', '.npy 3.0 header is not valid UTF-8');
    }
  }
  // Versions 1.0 and 2.0 are latin-1: one byte is one code point.
  let text = '';
  for (let i = 0; i < raw.length; i++) text += String.fromCharCode(raw[i]);
  return text;
}

function interpretHeader(text: string): Omit<NpyHeader, 'dataOffset'> {
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (e instanceof PyLiteralError) throw new FormatError('npy_bad_header', `.npy header is malformed: ${e.message}`);
    throw e;
  }
  if (!(dict instanceof Map)) throw new FormatError('npy_bad_header', '.npy header is not a dict');
  const keys = [...dict.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    throw new FormatError('npy_bad_header', `.npy header must have exactly descr, fortran_order and shape (got ${keys || 'none'})`);
  }
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof fortranOrder !== 'boolean') throw new FormatError('npy_bad_header', '.npy fortran_order must be True or False');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) {
    throw new FormatError('npy_bad_header', '.npy shape must be a tuple of integers');
  }
  const dims = shape as number[];
  const { littleEndian, itemSize } = interpretDescr(descr);
  if (dims.length === 0) throw new FormatError('bad_shape', '.npy holds a 0-d scalar; a batch needs a 2-D array (events × features)');
  if (dims.length > 2) {
    throw new FormatError('bad_shape', `.npy array has ${dims.length} dimensions (${dims.join('×')}); a batch needs 2-D (events × features)`);
  }
  return { littleEndian, itemSize, fortranOrder, rows: dims[0], cols: dims.length === 2 ? dims[1] : 1 };
}

const FLOAT_DESCRS: Record<string, { littleEndian: boolean; itemSize: 4 | 8 }> = {
  '<f4': { littleEndian: true, itemSize: 4 },
  '>f4': { littleEndian: false, itemSize: 4 },
  '<f8': { littleEndian: true, itemSize: 8 },
  '>f8': { littleEndian: false, itemSize: 8 },
};

function interpretDescr(descr: PyValue | undefined): { littleEndian: boolean; itemSize: 4 | 8 } {
  if (typeof descr !== 'string') {
    throw new FormatError('unsupported_dtype', '.npy structured (record) dtypes are not supported; save a plain float32 2-D array');
  }
  const known = FLOAT_DESCRS[descr];
  if (known) return known;
  const kind = /^[<>|=]?([a-zA-Z])/.exec(descr)?.[1];
  const name = kind === 'i' || kind === 'u' ? 'integer' : kind === 'b' || kind === '?' ? 'boolean' : kind === 'c' ? 'complex' : kind === 'O' ? 'object' : kind === 'f' ? 'this float width' : `'${descr}'`;
  throw new FormatError(
    'unsupported_dtype',
    `.npy dtype '${descr}' (${name}) is not supported; use float32 or float64 (e.g. arr.astype('<f4'))`,
  );
}

/** Array bytes → float32 in file order, with the fastest path the layout allows. */
function readElements(bytes: Uint8Array, header: NpyHeader, count: number): Float32Array {
  const raw = bytes.subarray(header.dataOffset, header.dataOffset + count * header.itemSize);
  const nativeOrder = header.littleEndian === HOST_LITTLE_ENDIAN;
  if (header.itemSize === 4 && nativeOrder && raw.byteOffset % 4 === 0) {
    return new Float32Array(raw.buffer, raw.byteOffset, count); // zero-copy view
  }
  const out = new Float32Array(count);
  if (header.itemSize === 4) {
    if (nativeOrder) {
      new Uint8Array(out.buffer).set(raw); // unaligned: one memcpy
    } else {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, header.littleEndian);
    }
  } else if (nativeOrder) {
    const wide = new Float64Array(count);
    new Uint8Array(wide.buffer).set(raw);
    out.set(wide); // native float64 → float32 conversion
  } else {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, header.littleEndian);
  }
  return out;
}

/** Column-major rows×cols → row-major. */
function transpose(columnMajor: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(columnMajor.length);
  for (let c = 0; c < cols; c++) {
    const base = c * rows;
    for (let r = 0; r < rows; r++) out[r * cols + c] = columnMajor[base + r];
  }
  return out;
}

/**
 * Encode a matrix as a .npy 1.0 file ('<f4', C order, 2-D), readable by numpy.load.
 *
 * @example
 *   const bytes = encodeNpy(matrixFromRows([[1, 2], [3, 4]]));
 *   decodeNpy(bytes); // the same matrix
 */
export function encodeNpy(matrix: Matrix): Uint8Array {
  const header = encodeNpyHeader(matrix.rows, matrix.cols);
  const out = new Uint8Array(header.length + matrix.data.length * 4);
  out.set(header, 0);
  const view = new DataView(out.buffer);
  const dataOffset = header.length;
  if (HOST_LITTLE_ENDIAN) {
    out.set(new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength), dataOffset);
  } else {
    for (let i = 0; i < matrix.data.length; i++) view.setFloat32(dataOffset + i * 4, matrix.data[i], true);
  }
  return out;
}

/**
 * The header encodeNpy writes for a rows×cols float32 matrix: the bytes before the data. With it,
 * the canonical encoding of a batch too large to hold at once can be hashed slice by slice.
 *
 * @example
 *   encodeNpyHeader(2, 2).length; // 128 (data starts on a 64-byte boundary)
 */
export function encodeNpyHeader(rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  // Pad with spaces and end with a newline so the data starts on a 64-byte boundary, as numpy does.
  const unpadded = 10 + dict.length + 1;
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64);
  const out = new Uint8Array(10 + headerLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLength, true);
  for (let i = 0; i < headerLength - 1; i++) out[10 + i] = i < dict.length ? dict.charCodeAt(i) : 0x20;
  out[10 + headerLength - 1] = 0x0a;
  return out;
}
