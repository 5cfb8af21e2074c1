/**
 * The dreamwatch training engine: a symbolic tensor graph with reverse-mode differentiation that
 * emits plain ONNX (opset 17), optimisers emitted into the same graph (one session.run = one
 * training step), a Trainer on onnxruntime-node, and export of inference models with
 * preprocessing folded in.
 *
 * @example
 *   import { Graph, mlp, squeeze, bceWithLogits, adam, Trainer, initParams, exportClassifier } from './engine/index.js';
 *   import { Rng } from '../src/stats/rng.js';
 *
 *   const spec = { hidden: [64], outputs: 1, activation: 'leaky_relu' } as const;
 *   const g = new Graph();                      // float32 by default
 *   const x = g.input('x', ['N', 30]);          // standardised features
 *   const y = g.input('y', ['N']);              // labels 0/1
 *   const logit = squeeze(mlp(x, spec), 1);     // [N]
 *   const loss = bceWithLogits(logit, y);
 *   const training = adam(loss, g.params, { lr: 1e-3 });
 *   const trainer = await Trainer.create(training, initParams(g.params, new Rng(42)));
 *   for (const batch of batches) await trainer.step({ x: batch.x, y: batch.y }); // Float32Arrays
 *   const { logit: valid } = await trainer.evaluate({ logit }, { x: xValid });
 *   const onnx = exportClassifier((xs) => mlp(xs, spec), trainer.parameters(), {
 *     features: 30,
 *     standardize: { mean, std },               // the edge feeds raw features
 *   });                                         // Uint8Array: x -> score [N], grad [N, F]
 */

// Graph building
export { Graph, Tensor, type Node, type OpDef, type Emitter, type Initializer, type GraphOptions, type ParamOptions, type TensorType } from './graph.js';
export { type DType, type FloatDType, type FloatArray, type TensorData } from './dtype.js';
export { type Dim, type Shape, broadcastShapes } from './shape.js';
export * from './ops/index.js';
export { defineOp, listOps, getOp } from './registry.js';

// Differentiation, models, losses, optimisers
export { grad } from './autodiff.js';
export { linear, mlp, activate, defaultInit, type Activation, type LinearOptions, type MlpSpec } from './nn.js';
export { bceWithLogits, meanSquaredError } from './losses.js';
export { adam, adamW, stateName, type AdamOptions, type TrainingStep, type ParamSlot } from './optim.js';
export { initParams, type ParamValues } from './init.js';

// Running, training, checkpoints, export
export { emitModel, type EmitOptions, type EmittedModel, type ValueSignature } from './onnx/emit.js';
export { Program, createSession, readbackModel, type ExecutionProvider, type RuntimeOptions, type Feed, type Fetched, type CompileOptions } from './runtime.js';
export { Trainer, type Checkpoint, type StepOptions, type TrainerOptions } from './trainer.js';
export { emitStepLoop, STEPS_DIM, type StepLoopModel } from './loop.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint.js';
export { exportClassifier, exportModel, type ClassifierBuilder, type ExportOptions, type Standardization, type ClassifierOutput } from './export.js';
