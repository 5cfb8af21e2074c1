/**
 * The Trainer: holds the packed parameters and Adam moments and runs one training step per
 * session.run of the emitted step graph, or K steps per run through an ONNX Loop
 * (`stepsPerRun`, loop.ts). On webgpu the state can stay in GPU memory between runs
 * (`deviceState`): the step's state outputs come back as GPU-buffer tensors that are fed
 * straight back, and host copies are made only when asked for (`syncToHost`).
 */
import * as ort from 'onnxruntime-node';
import { type FloatArray, type TensorData, allocate } from './dtype.js';
import type { Tensor } from './graph.js';
import type { ParamValues } from './init.js';
import { emitStepLoop } from './loop.js';
import { type ValueSignature, emitModel } from './onnx/emit.js';
import { type TrainingStep, stateName } from './optim.js';
import { type ExecutionProvider, type Feed, type Fetched, Program, type RuntimeOptions, createSession, readbackModel, resolveDims, toOrtTensor } from './runtime.js';

/** Everything needed to resume training: parameters and Adam moments by name, and the step count. */
export interface Checkpoint {
  step: number;
  params: ParamValues;
  m: ParamValues;
  v: ParamValues;
}

export interface StepOptions {
  /** Learning rate for this step; required when the step graph was built with lr: 'input'. */
  lr?: number;
}

export interface TrainerOptions extends RuntimeOptions {
  /**
   * Optimiser steps per session.run (default 1). Above 1 the step graph becomes the body of an
   * ONNX Loop over a stack of mini-batches, with the state as loop-carried values; `stepMany`
   * then runs up to this many steps per call. Results equal K single steps to float tolerance.
   */
  stepsPerRun?: number;
  /**
   * Keep parameters and Adam moments in GPU memory between runs ('auto', the default: on for
   * webgpu, the only provider whose Node binding returns device tensors). Off, or on cpu/cuda,
   * the state makes a host round trip every run.
   */
  deviceState?: boolean | 'auto';
}

type StateKey = 'params' | 'm' | 'v';

/** One piece of optimiser state: a host array, a device tensor, or both when synced. */
interface StateValue {
  host?: FloatArray;
  device?: ort.Tensor;
}

type StateRole = 'params' | 'm' | 'v' | 'step' | 'lr';
type Role = StateRole | 'batch';

const NEXT = {
  params: stateName.next(stateName.params),
  m: stateName.next(stateName.m),
  v: stateName.next(stateName.v),
  step: stateName.next(stateName.step),
};

/**
 * Runs training steps of a TrainingStep graph.
 *
 * @example
 *   const trainer = await Trainer.create(training, initParams(g.params, new Rng(1)));
 *   const loss = await trainer.step({ x: xBatch, y: yBatch });
 *   const weights = trainer.parameters();
 */
export class Trainer {
  private readonly state: Record<StateKey, StateValue>;
  private stepCount = 0n;
  private readback?: ort.InferenceSession;
  private readonly evaluators = new Map<string, Program>();
  private readonly extraNames: string[];
  /** The extra outputs (and grad_norm) of the latest step. */
  lastOutputs: Record<string, Fetched> = {};

  private constructor(
    readonly training: TrainingStep,
    private readonly session: ort.InferenceSession,
    readonly provider: ExecutionProvider,
    private readonly signatures: readonly ValueSignature[],
    private readonly roles: readonly Role[],
    private readonly runtime: TrainerOptions,
    init: ParamValues,
    /** Steps per session.run: 1 runs the plain step graph, more the Loop model. */
    readonly stepsPerRun: number,
    /** Whether the state stays on the device between runs. */
    readonly deviceState: boolean,
  ) {
    this.state = {
      params: { host: this.pack(init, 'initial value') },
      m: { host: allocate(training.params.dtype, training.size) as FloatArray },
      v: { host: allocate(training.params.dtype, training.size) as FloatArray },
    };
    this.extraNames = [...Object.keys(training.extras), ...(training.gradNorm ? [stateName.gradNorm] : [])];
  }

  /**
   * Emits the step graph (or, with stepsPerRun > 1, the K-step Loop) and opens a session for it.
   *
   * @example
   *   const trainer = await Trainer.create(training, init, { provider: 'webgpu', stepsPerRun: 8 });
   *   const losses = await trainer.stepMany(batches); // one loss per step, 8 steps per run
   */
  static async create(training: TrainingStep, init: ParamValues, options: TrainerOptions = {}): Promise<Trainer> {
    const stepsPerRun = options.stepsPerRun ?? 1;
    if (!Number.isInteger(stepsPerRun) || stepsPerRun < 1) throw new Error(`stepsPerRun must be a positive integer, got ${stepsPerRun}`);
    const emitted =
      stepsPerRun > 1
        ? emitStepLoop(training)
        : emitModel(training.graph, { outputs: training.outputs, substitutes: training.substitutes, name: 'training_step' });
    const wantDevice = (options.deviceState ?? 'auto') !== false && (options.provider ?? 'cpu') === 'webgpu';
    const deviceOutputs = wantDevice ? Object.fromEntries([NEXT.params, NEXT.m, NEXT.v].map((n) => [n, 'gpu-buffer' as const])) : undefined;
    const { session, provider } = await createSession(emitted.bytes, options, emitted.usesFloat64, deviceOutputs && { preferredOutputLocation: deviceOutputs });
    const stateRoles: Record<string, StateRole> = {
      [stateName.params]: 'params',
      [stateName.m]: 'm',
      [stateName.v]: 'v',
      [stateName.step]: 'step',
    };
    if (training.lr) stateRoles[stateName.lr] = 'lr';
    const roles = emitted.inputs.map((sig): Role => stateRoles[sig.name] ?? 'batch');
    return new Trainer(training, session, provider, emitted.inputs, roles, options, init, stepsPerRun, wantDevice && provider === 'webgpu');
  }

  /** Names and declared shapes of the batch inputs a step needs (one step's batch). */
  get batchInputs(): ValueSignature[] {
    return this.signatures.filter((_, i) => this.roles[i] === 'batch').map((sig) => (this.stepsPerRun > 1 ? { ...sig, shape: sig.shape.slice(1) } : sig));
  }

  /** Completed training steps. */
  get steps(): number {
    return Number(this.stepCount);
  }

  /** Runs one step on a batch and returns its loss (computed before the update). */
  async step(batch: Readonly<Record<string, Feed>>, options: StepOptions = {}): Promise<number> {
    if (this.stepsPerRun > 1) return (await this.stepMany([batch], options))[0];
    const bindings = new Map<string, number>();
    const feeds: Record<string, ort.Tensor> = {};
    for (let i = 0; i < this.signatures.length; i++) {
      if (this.roles[i] === 'batch') feeds[this.signatures[i].name] = toOrtTensor(this.signatures[i], batchFeed(batch, this.signatures[i].name), bindings);
    }
    const result = await this.run(feeds, options);
    if (this.extraNames.length > 0) {
      const extras: Record<string, Fetched> = {};
      for (const name of this.extraNames) extras[name] = { data: result[name].data as TensorData, dims: [...result[name].dims] };
      this.lastOutputs = extras;
    }
    return Number((result[stateName.loss].data as FloatArray)[0]);
  }

  /**
   * Runs one step per batch, in order, and returns the loss of each. With stepsPerRun K > 1,
   * consecutive batches of equal shape are stacked and run K per session.run; the learning rate
   * option applies to all of them. `lastOutputs` holds the extras of the final step.
   *
   * @example
   *   const losses = await trainer.stepMany([{ x: x0, y: y0 }, { x: x1, y: y1 }]);
   */
  async stepMany(batches: readonly Readonly<Record<string, Feed>>[], options: StepOptions = {}): Promise<number[]> {
    const losses: number[] = [];
    if (this.stepsPerRun === 1) {
      for (const batch of batches) losses.push(await this.step(batch, options));
      return losses;
    }
    const perStep = this.batchInputs;
    let i = 0;
    while (i < batches.length) {
      // A group: up to K consecutive batches whose feeds have the same dims.
      const dimsOf = (batch: Readonly<Record<string, Feed>>) => {
        const bindings = new Map<string, number>();
        return perStep.map((sig) => {
          const feed = batchFeed(batch, sig.name);
          return ArrayBuffer.isView(feed) ? resolveDims(sig, feed as TensorData, bindings) : [...(feed as { dims: readonly number[] }).dims];
        });
      };
      const dims = dimsOf(batches[i]);
      const key = JSON.stringify(dims);
      let end = i + 1;
      while (end < batches.length && end - i < this.stepsPerRun && JSON.stringify(dimsOf(batches[end])) === key) end++;
      const k = end - i;
      const feeds: Record<string, ort.Tensor> = {};
      const bindings = new Map<string, number>();
      perStep.forEach((sig, j) => {
        const per = dims[j].reduce((a, b) => a * b, 1);
        const stacked = allocate(sig.dtype, k * per);
        for (let s = 0; s < k; s++) {
          const feed = batchFeed(batches[i + s], sig.name);
          const data = (ArrayBuffer.isView(feed) ? feed : (feed as { data: TensorData }).data) as TensorData;
          if (data.length !== per) throw new Error(`feed ${sig.name}: expected ${per} values, got ${data.length}`);
          (stacked as Float32Array).set(data as Float32Array, s * per);
        }
        const sigStacked = this.signatures.find((s) => s.name === sig.name)!;
        feeds[sig.name] = toOrtTensor(sigStacked, { data: stacked, dims: [k, ...dims[j]] }, bindings);
      });
      const result = await this.run(feeds, options);
      const loss = result[stateName.loss].data as FloatArray;
      for (let s = 0; s < k; s++) losses.push(Number(loss[s]));
      if (this.extraNames.length > 0) {
        const extras: Record<string, Fetched> = {};
        for (const name of this.extraNames) {
          const t = result[name];
          const [steps, ...rest] = t.dims;
          const per = rest.reduce((a, b) => a * b, 1);
          extras[name] = { data: (t.data as TensorData).slice((steps - 1) * per, steps * per) as TensorData, dims: rest };
        }
        this.lastOutputs = extras;
      }
      i = end;
    }
    return losses;
  }

  /** One session.run: feeds the state (device tensors where they live there) and takes the update. */
  private async run(batchFeeds: Record<string, ort.Tensor>, options: StepOptions): Promise<ort.InferenceSession.OnnxValueMapType> {
    const feeds: Record<string, ort.Tensor> = { ...batchFeeds };
    for (let i = 0; i < this.signatures.length; i++) {
      const sig = this.signatures[i];
      const role = this.roles[i];
      if (role === 'batch') continue;
      if (role === 'params' || role === 'm' || role === 'v') {
        const value = this.state[role];
        // State shapes are static: no dims to resolve.
        feeds[sig.name] = value.device ?? new ort.Tensor(sig.dtype, value.host as never, sig.shape as number[]);
      } else feeds[sig.name] = new ort.Tensor(sig.dtype, this.scalarArray(role, sig, options) as never, []);
    }
    const result = await this.session.run(feeds);
    for (const [key, next] of [['params', NEXT.params], ['m', NEXT.m], ['v', NEXT.v]] as const) {
      const out = result[next] as ort.Tensor;
      const old = this.state[key].device;
      this.state[key] = out.location === 'gpu-buffer' ? { device: out } : { host: out.data as FloatArray };
      // The run has consumed the previous device buffer; give it back to the provider now
      // rather than when the garbage collector gets round to it (GPU memory is the scarcer).
      if (old && old !== out) old.dispose();
    }
    this.stepCount = (result[NEXT.step].data as BigInt64Array)[0];
    return result;
  }

  private scalarArray(role: 'step' | 'lr', sig: ValueSignature, options: StepOptions): TensorData {
    if (role === 'step') return new BigInt64Array([this.stepCount]);
    if (options.lr === undefined) throw new Error('this step graph takes the learning rate as an input: pass { lr }');
    const a = allocate(sig.dtype, 1) as FloatArray;
    a[0] = options.lr;
    return a;
  }

  /**
   * Copies device-resident state to host memory (a no-op when the state lives on the host or is
   * already synced). `parameters()` and `checkpoint()` need it after steps on webgpu with
   * deviceState; `evaluate()` calls it itself.
   *
   * @example
   *   await trainer.syncToHost();
   *   const weights = trainer.parameters();
   */
  async syncToHost(keys: readonly StateKey[] = ['params', 'm', 'v']): Promise<void> {
    for (const key of keys) {
      const value = this.state[key];
      if (value.host || !value.device) continue;
      // onnxruntime-node cannot download a GPU-buffer tensor itself (Tensor.getData is not
      // implemented there): an Identity model on the same device copies it to a host output.
      this.readback ??= (await createSession(readbackModel(this.training.params.dtype, this.training.size), { ...this.runtime, provider: this.provider })).session;
      const out = await this.readback.run({ x: value.device });
      value.host = out.y.data as FloatArray;
    }
  }

  private host(key: StateKey): FloatArray {
    const value = this.state[key];
    if (!value.host) throw new Error('the training state lives in GPU memory: await trainer.syncToHost() first');
    return value.host;
  }

  /** Replaces one piece of state with host values (a device copy is made by the next run). */
  private setHost(key: StateKey, host: FloatArray): void {
    this.state[key].device?.dispose();
    this.state[key] = { host };
  }

  /** A copy of the current parameters by name (after `syncToHost` when the state is on the GPU). */
  parameters(): ParamValues {
    return this.unpack(this.host('params'));
  }

  /** Replaces the values of the named parameters (others and the optimiser state are kept). */
  setParameters(values: ParamValues): void {
    // A full set needs no base, so it can replace parameters that currently live on the GPU.
    const base = this.training.slots.every((s) => values[s.name] !== undefined) ? undefined : this.host('params');
    this.setHost('params', this.pack(values, 'value', base));
  }

  /** A copy of the full training state (after `syncToHost` when the state is on the GPU). */
  checkpoint(): Checkpoint {
    return { step: this.steps, params: this.unpack(this.host('params')), m: this.unpack(this.host('m')), v: this.unpack(this.host('v')) };
  }

  /** Restores a checkpoint taken from a trainer of a graph with the same parameters. */
  restore(checkpoint: Checkpoint): void {
    this.setHost('params', this.pack(checkpoint.params, 'checkpoint value'));
    this.setHost('m', this.pack(checkpoint.m, 'checkpoint first moment'));
    this.setHost('v', this.pack(checkpoint.v, 'checkpoint second moment'));
    this.stepCount = BigInt(checkpoint.step);
  }

  /**
   * Evaluates tensors of the training graph (e.g. the loss or logits on a validation batch) with
   * the current parameters, without updating anything. Each output set is compiled once.
   *
   * @example
   *   const { logit } = await trainer.evaluate({ logit }, { x: xValid });
   */
  async evaluate(outputs: Readonly<Record<string, Tensor>>, batch: Readonly<Record<string, Feed>>): Promise<Record<string, Fetched>> {
    const key = Object.entries(outputs)
      .map(([name, t]) => `${name}=${t.id}`)
      .join(';');
    let program = this.evaluators.get(key);
    if (!program) {
      program = await Program.compile(this.training.graph, {
        ...this.runtime,
        provider: this.provider,
        outputs,
        substitutes: this.training.substitutes,
      });
      this.evaluators.set(key, program);
    }
    await this.syncToHost(['params']);
    const feeds: Record<string, Feed> = {};
    for (const sig of program.inputs) feeds[sig.name] = sig.name === stateName.params ? this.host('params') : batch[sig.name];
    return program.run(feeds);
  }

  async release(): Promise<void> {
    for (const value of Object.values(this.state)) value.device?.dispose();
    await this.readback?.release();
    this.readback = undefined;
    await this.session.release();
    for (const p of this.evaluators.values()) await p.release();
    this.evaluators.clear();
  }

  private pack(values: ParamValues, what: string, base?: FloatArray): FloatArray {
    const out = base ? base.slice() : (allocate(this.training.params.dtype, this.training.size) as FloatArray);
    for (const slot of this.training.slots) {
      const v = values[slot.name];
      if (v === undefined) {
        if (base) continue;
        throw new Error(`missing ${what} of ${slot.name}`);
      }
      if (v.length !== slot.size) throw new Error(`${what} of ${slot.name}: expected ${slot.size} values, got ${v.length}`);
      out.set(v, slot.offset);
    }
    return out;
  }

  private unpack(packed: FloatArray): ParamValues {
    return Object.fromEntries(this.training.slots.map((s) => [s.name, packed.slice(s.offset, s.offset + s.size)]));
  }
}

function batchFeed(batch: Readonly<Record<string, Feed>>, name: string): Feed {
  const feed = batch[name];
  if (feed === undefined) throw new Error(`batch is missing ${name}`);
  return feed;
}
