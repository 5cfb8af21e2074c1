/**
 * Running emitted graphs with onnxruntime-node: session creation with an execution provider and
 * a CPU fallback, feeds from typed arrays, and `Program`, a compiled graph ready to run.
 * The `Trainer` lives in trainer.ts.
 */
import * as ort from 'onnxruntime-node';
import { type DType, type TensorData, dtypeOfArray, onnxDataType } from './dtype.js';
import type { Graph } from './graph.js';
import { type EmitOptions, type ValueSignature, emitModel } from './onnx/emit.js';
import { encodeModel, valueInfo } from './onnx/proto.js';
import type { Shape } from './shape.js';

export type ExecutionProvider = 'cpu' | 'webgpu' | 'cuda';

export interface RuntimeOptions {
  /** Execution provider (default 'cpu'); an unavailable GPU provider falls back to cpu with a warning. */
  provider?: ExecutionProvider;
  /** Intra-op threads (default 1: deterministic and comparable across machines). */
  threads?: number;
  /**
   * onnxruntime graph optimisation level. Default 'all', except 'basic' for models with float64
   * values: the extended fusions (e.g. x·sigmoid(x) -> QuickGelu) have float32-only kernels and
   * session creation would fail.
   */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

export interface Session {
  session: ort.InferenceSession;
  /** The provider actually in use after any fallback. */
  provider: ExecutionProvider;
}

/**
 * Creates an onnxruntime-node session for model bytes. Sequential execution on a fixed number of
 * threads keeps results bit-for-bit reproducible on CPU. onnxruntime-node 1.30 bundles cpu and
 * webgpu; cuda needs provider libraries its installer downloads, so offline installs fall back.
 * `gpuOptions` (e.g. preferredOutputLocation) apply to the GPU provider only, never to the cpu
 * fallback, which has no device memory to put outputs in.
 *
 * @example
 *   const { session, provider } = await createSession(bytes, { provider: 'cuda' });
 */
export async function createSession(
  model: Uint8Array,
  options: RuntimeOptions = {},
  usesFloat64 = false,
  gpuOptions: Partial<ort.InferenceSession.SessionOptions> = {},
): Promise<Session> {
  const provider = options.provider ?? 'cpu';
  const sessionOptions = (ep: ExecutionProvider): ort.InferenceSession.SessionOptions => ({
    executionProviders: [ep],
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: options.optimization ?? (usesFloat64 ? 'basic' : 'all'),
    ...(ep === 'cpu' ? {} : gpuOptions),
  });
  try {
    return { session: await ort.InferenceSession.create(model, sessionOptions(provider)), provider };
  } catch (err) {
    if (provider === 'cpu') throw err;
    console.warn(`engine: execution provider '${provider}' failed to load (${(err as Error).message.trim()}); falling back to 'cpu'`);
    return { session: await ort.InferenceSession.create(model, sessionOptions('cpu')), provider: 'cpu' };
  }
}

/**
 * A model that copies its input `x` [size] to its output `y`: run on a GPU provider with a
 * GPU-buffer input, it brings device-resident values back to host memory.
 *
 * @example
 *   const { session } = await createSession(readbackModel('float32', n), { provider: 'webgpu' });
 *   const host = (await session.run({ x: gpuTensor })).y.data;
 */
export function readbackModel(dtype: DType, size: number): Uint8Array {
  return encodeModel({
    graph: {
      name: 'readback',
      nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'], name: 'copy' }],
      inputs: [valueInfo('x', onnxDataType(dtype), [size])],
      outputs: [valueInfo('y', onnxDataType(dtype), [size])],
    },
  });
}

/** A feed value: a typed array (dims inferred from the declared shape) or data with explicit dims. */
export type Feed = TensorData | { data: TensorData; dims: readonly number[] };

/** A fetched value. */
export interface Fetched {
  data: TensorData;
  dims: number[];
}

const ORT_TYPE: Record<DType, ort.Tensor.Type> = { float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool' };

/**
 * Resolves the dims of a feed against its declared shape. Symbolic dimensions are bound across
 * the feeds of one call (`bindings`); at most one unbound symbol per feed is inferred from length.
 */
export function resolveDims(sig: ValueSignature, data: TensorData, bindings: Map<string, number>): number[] {
  let known = 1;
  let unknown: string | undefined;
  for (const d of sig.shape) {
    if (typeof d === 'number') known *= d;
    else if (bindings.has(d)) known *= bindings.get(d)!;
    else if (unknown === undefined || unknown === d) {
      if (unknown === d) throw new Error(`feed ${sig.name}: repeated symbol ${d}; pass explicit dims`);
      unknown = d;
    } else throw new Error(`feed ${sig.name}: shape has several unbound symbols; pass explicit dims`);
  }
  if (unknown !== undefined) {
    if (known === 0 || data.length % known !== 0) throw new Error(`feed ${sig.name}: ${data.length} values do not fit its shape`);
    bindings.set(unknown, data.length / known);
  } else if (known !== data.length) {
    throw new Error(`feed ${sig.name}: expected ${known} values, got ${data.length}`);
  }
  return sig.shape.map((d) => (typeof d === 'number' ? d : bindings.get(d)!));
}

/** Builds an ort.Tensor, checking the element type against the declared one. */
export function toOrtTensor(sig: ValueSignature, feed: Feed, bindings: Map<string, number>): ort.Tensor {
  const data = ArrayBuffer.isView(feed) ? (feed as TensorData) : (feed as { data: TensorData }).data;
  if (dtypeOfArray(data) !== sig.dtype) throw new Error(`feed ${sig.name}: expected ${sig.dtype}, got ${dtypeOfArray(data)}`);
  let dims: number[];
  if (ArrayBuffer.isView(feed)) dims = resolveDims(sig, data, bindings);
  else {
    dims = [...(feed as { dims: readonly number[] }).dims];
    checkDims(sig.name, sig.shape, dims, bindings);
  }
  return new ort.Tensor(ORT_TYPE[sig.dtype], data as never, dims);
}

function checkDims(name: string, shape: Shape, dims: readonly number[], bindings: Map<string, number>): void {
  const bad = () => new Error(`feed ${name}: dims [${dims.join(', ')}] do not match [${shape.join(', ')}]`);
  if (dims.length !== shape.length) throw bad();
  shape.forEach((d, i) => {
    if (typeof d === 'number') {
      if (dims[i] !== d) throw bad();
    } else if (bindings.has(d)) {
      if (bindings.get(d) !== dims[i]) throw bad();
    } else bindings.set(d, dims[i]);
  });
}

export interface CompileOptions extends EmitOptions, RuntimeOptions {}

/**
 * A graph compiled to an onnxruntime session.
 *
 * @example
 *   const program = await Program.compile(g, { outputs: { y } });
 *   const { y: out } = await program.run({ x: new Float32Array([1, 2, 3]) });
 */
export class Program {
  private constructor(
    readonly session: ort.InferenceSession,
    readonly provider: ExecutionProvider,
    readonly inputs: readonly ValueSignature[],
    readonly outputs: readonly ValueSignature[],
    readonly bytes: Uint8Array,
    /** Every input/parameter name of the source graph: feeds for pruned ones are ignored. */
    private readonly known: ReadonlySet<string>,
  ) {}

  static async compile(graph: Graph, options: CompileOptions = {}): Promise<Program> {
    const emitted = emitModel(graph, options);
    const { session, provider } = await createSession(emitted.bytes, options, emitted.usesFloat64);
    const known = new Set([...graph.inputs, ...graph.params].map((t) => t.name!));
    return new Program(session, provider, emitted.inputs, emitted.outputs, emitted.bytes, known);
  }

  /**
   * Runs with the given feeds. Every model input is required; feeds for graph inputs the outputs
   * do not need are ignored, names the graph does not know are rejected.
   */
  async run(feeds: Readonly<Record<string, Feed>>): Promise<Record<string, Fetched>> {
    const bindings = new Map<string, number>();
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const sig of this.inputs) {
      const feed = feeds[sig.name];
      if (feed === undefined) throw new Error(`missing feed ${sig.name}`);
      ortFeeds[sig.name] = toOrtTensor(sig, feed, bindings);
    }
    for (const name of Object.keys(feeds)) {
      if (!this.known.has(name)) throw new Error(`unknown feed ${name}`);
    }
    const result = await this.session.run(ortFeeds);
    const out: Record<string, Fetched> = {};
    for (const sig of this.outputs) {
      const t = result[sig.name] as ort.Tensor;
      out[sig.name] = { data: t.data as TensorData, dims: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
