import { DataType, type DataTypeCode } from './onnx/proto.js';

/** Element types the engine understands. float64 exists so finite-difference checks are precise. */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';
export type FloatDType = 'float32' | 'float64';

/** Floating-point arrays: parameters, optimiser state and most feeds. */
export type FloatArray = Float32Array | Float64Array;
/** Any array the engine can feed to or read from a session. */
export type TensorData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

export function onnxDataType(dtype: DType): DataTypeCode {
  switch (dtype) {
    case 'float32':
      return DataType.FLOAT;
    case 'float64':
      return DataType.DOUBLE;
    case 'int64':
      return DataType.INT64;
    case 'bool':
      return DataType.BOOL;
  }
}

/** Allocates a zero-filled array of the given element type. */
export function allocate(dtype: DType, length: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'bool':
      return new Uint8Array(length);
  }
}

/** Copies numbers (or bigints) into a new array of the given element type. */
export function toTypedArray(dtype: DType, values: ArrayLike<number | bigint>): TensorData {
  const out = allocate(dtype, values.length);
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  } else {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  }
  return out;
}

export function dtypeOfArray(data: TensorData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  return 'bool';
}

/** Little-endian bytes of a typed array (the platforms ONNX runs on are little-endian). */
export function rawBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}
