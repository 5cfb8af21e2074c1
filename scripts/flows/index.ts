/**
 * The flows library: normalising flows and Funnels on the dreamwatch training engine, trained by
 * maximum likelihood and exported to ONNX.
 *
 * - Bijections (forward, inverse, log |det J|, all with an optional context): AffineCoupling,
 *   SplineCoupling (rational-quadratic, configurable bins, tail bound, minimum bin width/height/
 *   derivative, identity or linear tails), ElementwiseAffine / ElementwiseSpline (free parameters
 *   or a network of the context), Permutation, LULinear, Standardize, Chain.
 * - Funnel: drops the last k features, paying log p(dropped | kept, context) with a small
 *   conditional flow; funnels stack.
 * - Flow: layers over a standard-normal base: logProb, forward/inverse, sample, transport between
 *   contexts. Ready-made architectures in builders.ts.
 * - fitFlow (MLE with Adam), exportLogProb / exportSampler / exportTransform / exportTransport.
 *
 * @example
 *   import { couplingFlow, fitFlow, exportLogProb, exportTransport } from './flows/index.js';
 *
 *   // A conditional spline flow p(x | m) and the transport between two values of m (CURTAINS-style).
 *   const flow = couplingFlow({ features: 4, contextFeatures: 1, coupling: 'spline', layers: 4, standardize: { mean, std } });
 *   const fit = await fitFlow(flow, { x: events, context: masses }, { epochs: 40, batch: 512, lr: 2e-3, seed: 1, validation });
 *   const density = exportLogProb(flow, fit.params);   // x, context -> log_prob
 *   const transport = exportTransport(flow, fit.params); // x, context_from, context_to -> y, logdet
 */
export { Bijection, type BijectionOptions, type Transformed } from './core.js';
export { AffineCoupling, SplineCoupling, Coupling, type CouplingOptions } from './transforms/coupling.js';
export { Elementwise, ElementwiseAffine, ElementwiseSpline, type ElementwiseOptions } from './transforms/elementwise.js';
export { Permutation } from './transforms/permutation.js';
export { LULinear } from './transforms/lu-linear.js';
export { Standardize } from './transforms/standardize.js';
export { Chain } from './transforms/chain.js';
export { Funnel, type FunnelOptions, type FunnelDensity, type FunnelForward } from './funnel.js';
export { Flow, type FlowOptions, type Layer } from './flow.js';
export { standardNormalLogProb, standardNormalLogDensity } from './base.js';
export { AffineKernel, SplineKernel, type Kernel } from './kernels.js';
export { rqSpline, splineParamCount, resolveSpline, type SplineOptions, type SplineParams, type Tails } from './spline.js';
export { conditioner, type NetSpec } from './nn.js';
export { couplingFlow, funnelFlow, marginalFlow, describeFlow, type CouplingFlowSpec, type FunnelFlowSpec } from './builders.js';
export { fitFlow, nllGraph, type FitOptions, type FitResult, type FitEpoch, type FlowData } from './train.js';
export { FLOW_IO, exportLogProb, exportSampler, exportTransform, exportTransport, type FlowExportOptions } from './export.js';
export { runLogProb, runSampler } from './onnx-run.js';
