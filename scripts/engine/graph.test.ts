import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Graph } from './graph.js';
import { emitModel } from './onnx/emit.js';
import { DataType, ProtoWriter, encodeModel, valueInfo } from './onnx/proto.js';
import * as op from './ops/index.js';
import { Program } from './runtime.js';
import { broadcastShapes } from './shape.js';

describe('shapes', () => {
  it('broadcasts like NumPy, symbolic dimensions included', () => {
    expect(broadcastShapes([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes(['N', 1], [5])).toEqual(['N', 5]);
    expect(broadcastShapes([], ['N', 2])).toEqual(['N', 2]);
    expect(() => broadcastShapes([2, 3], [4])).toThrow(/broadcast/);
    expect(() => broadcastShapes(['N'], [3])).toThrow(/broadcast/);
  });

  it('infers op shapes and reports mismatches with the op name', () => {
    const g = new Graph();
    const x = g.input('x', ['N', 3]);
    expect(op.gemm(x, g.param('w', [3, 4])).shape).toEqual(['N', 4]);
    expect(op.reduceSum(x, 0, true).shape).toEqual([1, 3]);
    expect(op.reshape(x, ['N', 3, 1]).shape).toEqual(['N', 3, 1]);
    expect(() => op.matmul(x, g.param('bad', [4, 2]))).toThrow(/MatMul.*inner dimensions/);
    expect(() => op.reshape(x, [3, 3])).toThrow(/cannot reshape/);
    expect(() => op.where(x, x, x)).toThrow(/condition must be bool/);
  });
});

describe('graph', () => {
  it('rejects duplicate names and foreign tensors', () => {
    const g = new Graph();
    g.input('x', [1]);
    expect(() => g.param('x', [1])).toThrow(/already used/);
    const other = new Graph().input('y', [1]);
    expect(() => op.add(g.tensor('x')!, other)).toThrow(/another graph/);
  });

  it('creates identical nodes once and folds scalar constants', () => {
    const g = new Graph();
    const x = g.input('x', [3]);
    expect(op.exp(x)).toBe(op.exp(x));
    expect(op.mul(x, 1)).toBe(x);
    expect(op.add(x, 0)).toBe(x);
    expect(op.neg(op.neg(x))).toBe(x);
    const folded = op.mul(op.add(g.scalar(2), 3), g.scalar(4));
    expect(folded.scalarValue).toBe(20);
    expect(g.nodes.length).toBe(2); // exp and the first neg
  });
});

describe('emission', () => {
  it('prunes nodes and inputs the outputs do not need', () => {
    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const unused = g.input('unused', [1]);
    const y = op.relu(x);
    op.exp(op.add(x, unused)); // a dead branch
    const model = emitModel(g, { outputs: { y } });
    expect(model.nodeCount).toBe(1);
    expect(model.inputs.map((s) => s.name)).toEqual(['x']);
  });

  it('handles outputs that are inputs, constants or repeated tensors', async () => {
    const g = new Graph();
    const x = g.input('x', [2]);
    const y = op.mul(x, 2);
    const program = await Program.compile(g, { outputs: { same: x, y, y2: y, c: g.constant([1, 2], [2]) } });
    const r = await program.run({ x: new Float32Array([3, 4]) });
    expect(Array.from(r.same.data as Float32Array)).toEqual([3, 4]);
    expect(Array.from(r.y.data as Float32Array)).toEqual([6, 8]);
    expect(Array.from(r.y2.data as Float32Array)).toEqual([6, 8]);
    expect(Array.from(r.c.data as Float32Array)).toEqual([1, 2]);
  });

  it('embeds parameters as initializers when given values', async () => {
    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const w = g.param('w', [2, 1]);
    const program = await Program.compile(g, { outputs: { y: op.matmul(x, w) }, initializers: { w: new Float32Array([1, 10]) } });
    expect(program.inputs.map((s) => s.name)).toEqual(['x']);
    const r = await program.run({ x: new Float32Array([1, 2, 3, 4]) });
    expect(r.y.dims).toEqual([2, 1]);
    expect(Array.from(r.y.data as Float32Array)).toEqual([21, 43]);
  });

  it('checks feeds against the declared shapes and types', async () => {
    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const program = await Program.compile(g, { outputs: { y: op.relu(x) } });
    await expect(program.run({ x: new Float32Array(3) })).rejects.toThrow(/do not fit/);
    await expect(program.run({ x: new Float64Array(4) })).rejects.toThrow(/expected float32/);
    await expect(program.run({ x: new Float32Array(4), z: new Float32Array(1) })).rejects.toThrow(/unknown feed/);
    await expect(program.run({ x: { data: new Float32Array(6), dims: [3, 2] } })).resolves.toBeDefined();
  });
});

describe('protobuf writer', () => {
  it('encodes negative int64 as 10-byte two’s complement varints', () => {
    const w = new ProtoWriter();
    w.varint(-1);
    expect(Array.from(w.finish())).toEqual([255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);
    const v = new ProtoWriter();
    v.varint(300);
    expect(Array.from(v.finish())).toEqual([0xac, 0x02]);
  });

  it('writes a model onnxruntime accepts (attributes, initializers, symbolic dims)', async () => {
    const bytes = encodeModel({
      graph: {
        name: 't',
        nodes: [
          { opType: 'LeakyRelu', inputs: ['x'], outputs: ['h'], attributes: [{ name: 'alpha', type: 'float', value: 0.5 }] },
          { opType: 'ReduceSum', inputs: ['h', 'axes'], outputs: ['y'], attributes: [{ name: 'keepdims', type: 'int', value: 0 }] },
          { opType: 'Transpose', inputs: ['h'], outputs: ['t'], attributes: [{ name: 'perm', type: 'ints', value: [1, 0] }] },
        ],
        initializers: [{ name: 'axes', dataType: DataType.INT64, dims: [1], rawData: new Uint8Array(new BigInt64Array([-1n]).buffer) }],
        inputs: [valueInfo('x', DataType.FLOAT, ['N', 2])],
        outputs: [valueInfo('y', DataType.FLOAT, ['N']), valueInfo('t', DataType.FLOAT, [2, 'N'])],
      },
      metadata: { purpose: 'test' },
    });
    const session = await ort.InferenceSession.create(bytes);
    const r = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, -2, 3, 4]), [2, 2]) });
    expect(Array.from(r.y.data as Float32Array)).toEqual([0, 7]);
    expect(r.t.dims).toEqual([2, 2]);
  });
});
