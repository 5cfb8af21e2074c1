/**
 * ONNX export of trained flows (float32 inputs and outputs, parameters embedded), one model per use:
 * - `exportLogProb`: x [N, D] (and `context` [N, C]) → `log_prob` [N], the density model the edge serves;
 * - `exportSampler`: z [N, D] base noise (and context) → `x` [N, D];
 * - `exportTransform`: x, context → `z` [N, D], `logdet` [N] (the flow's forward map);
 * - `exportTransport`: x, `context_from`, `context_to` → `y` [N, D], `logdet` [N]: the flow from one
 *   context to another, f⁻¹(f(x; from); to).
 * Input and output names are the constants in `FLOW_IO`.
 *
 * @example
 *   const bytes = exportLogProb(flow, fit.params, { metadata: { model: 'lhco-funnel' } });
 *   const session = await ort.InferenceSession.create(bytes);
 *   const { log_prob } = await session.run({ x: new ort.Tensor('float32', data, [n, 4]) });
 */
import { Graph, cast, exportModel, type ParamValues, type Tensor } from '../engine/index.js';
import type { Flow } from './flow.js';

export const FLOW_IO = {
  x: 'x',
  z: 'z',
  context: 'context',
  contextFrom: 'context_from',
  contextTo: 'context_to',
  logProb: 'log_prob',
  sample: 'x',
  y: 'y',
  logdet: 'logdet',
} as const;

export interface FlowExportOptions {
  name?: string;
  metadata?: Readonly<Record<string, string>>;
  /**
   * Arithmetic inside the graph; inputs and outputs stay float32 either way. log_prob defaults to
   * float64: a log-likelihood is a sum of many terms (every layer's log-det), and in float32 two
   * runtimes (native MLAS kernels vs wasm) drift apart by up to ~2e-5 nats, while in float64 they
   * agree to the last float32 bit. The other exports default to float32.
   */
  compute?: 'float32' | 'float64';
}

/** A graph with float32 inputs `first` [N, D] (and context [N, C]) cast to the compute type. */
function inputs(flow: Flow, first: string, compute: 'float32' | 'float64' = 'float32'): { g: Graph; v: Tensor; context?: Tensor } {
  const g = new Graph({ dtype: compute });
  const v = cast(g.input(first, ['N', flow.features], 'float32'), compute);
  const context = flow.contextFeatures > 0 ? cast(g.input(FLOW_IO.context, ['N', flow.contextFeatures], 'float32'), compute) : undefined;
  return { g, v, context };
}

/** x (and context) → log_prob [N] (float32, computed in float64 unless told otherwise). */
export function exportLogProb(flow: Flow, params: ParamValues, options: FlowExportOptions = {}): Uint8Array {
  const { g, v, context } = inputs(flow, FLOW_IO.x, options.compute ?? 'float64');
  const logp = cast(flow.logProb(v, context), 'float32');
  return exportModel(g, { [FLOW_IO.logProb]: logp }, params, { name: options.name ?? 'flow_log_prob', metadata: options.metadata });
}

/** z (and context) → x: samples when z ~ N(0, I). */
export function exportSampler(flow: Flow, params: ParamValues, options: FlowExportOptions = {}): Uint8Array {
  const { g, v: z, context } = inputs(flow, FLOW_IO.z, options.compute);
  return exportModel(g, { [FLOW_IO.sample]: cast(flow.sample(z, context), 'float32') }, params, { name: options.name ?? 'flow_sample', metadata: options.metadata });
}

/** x, context → z = f(x; context) and log |det ∂z/∂x|. */
export function exportTransform(flow: Flow, params: ParamValues, options: FlowExportOptions = {}): Uint8Array {
  const { g, v, context } = inputs(flow, FLOW_IO.x, options.compute);
  const { z, logdet } = flow.forward(v, context);
  return exportModel(g, { [FLOW_IO.z]: cast(z, 'float32'), [FLOW_IO.logdet]: cast(logdet, 'float32') }, params, { name: options.name ?? 'flow_transform', metadata: options.metadata });
}

/** x, context_from, context_to → y = f⁻¹(f(x; from); to) and log |det ∂y/∂x|. */
export function exportTransport(flow: Flow, params: ParamValues, options: FlowExportOptions = {}): Uint8Array {
  if (flow.contextFeatures === 0) throw new Error('exportTransport: the flow has no context');
  const compute = options.compute ?? 'float32';
  const g = new Graph({ dtype: compute });
  const input = (name: string, width: number) => cast(g.input(name, ['N', width], 'float32'), compute);
  const { y, logdet } = flow.transport(input(FLOW_IO.x, flow.features), input(FLOW_IO.contextFrom, flow.contextFeatures), input(FLOW_IO.contextTo, flow.contextFeatures));
  return exportModel(g, { [FLOW_IO.y]: cast(y, 'float32'), [FLOW_IO.logdet]: cast(logdet, 'float32') }, params, { name: options.name ?? 'flow_transport', metadata: options.metadata });
}
