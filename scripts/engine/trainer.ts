/**
 * The Trainer: holds the packed parameters and Adam moments as typed arrays and runs one training
 * step per session.run of the emitted step graph.
 */
import * as ort from 'onnxruntime-node';
import { type FloatArray, type TensorData, allocate } from './dtype.js';
import type { Tensor } from './graph.js';
import type { ParamValues } from './init.js';
import { type ValueSignature, emitModel } from './onnx/emit.js';
import { type TrainingStep, stateName } from './optim.js';
import { type ExecutionProvider, type Feed, type Fetched, Program, type RuntimeOptions, createSession, toOrtTensor } from './runtime.js';

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
  private packed: FloatArray;
  private m: FloatArray;
  private v: FloatArray;
  private stepCount = 0n;
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
    private readonly runtime: RuntimeOptions,
    init: ParamValues,
  ) {
    this.packed = this.pack(init, 'initial value');
    this.m = allocate(training.params.dtype, training.size) as FloatArray;
    this.v = allocate(training.params.dtype, training.size) as FloatArray;
    this.extraNames = [...Object.keys(training.extras), ...(training.gradNorm ? [stateName.gradNorm] : [])];
  }

  /** Emits the step graph and opens a session for it. */
  static async create(training: TrainingStep, init: ParamValues, options: RuntimeOptions = {}): Promise<Trainer> {
    const emitted = emitModel(training.graph, { outputs: training.outputs, substitutes: training.substitutes, name: 'training_step' });
    const { session, provider } = await createSession(emitted.bytes, options, emitted.usesFloat64);
    const stateRoles: Record<string, StateRole> = {
      [stateName.params]: 'params',
      [stateName.m]: 'm',
      [stateName.v]: 'v',
      [stateName.step]: 'step',
    };
    if (training.lr) stateRoles[stateName.lr] = 'lr';
    const roles = emitted.inputs.map((sig): Role => stateRoles[sig.name] ?? 'batch');
    return new Trainer(training, session, provider, emitted.inputs, roles, options, init);
  }

  /** Names and declared shapes of the batch inputs a step needs. */
  get batchInputs(): ValueSignature[] {
    return this.signatures.filter((_, i) => this.roles[i] === 'batch');
  }

  /** Completed training steps. */
  get steps(): number {
    return Number(this.stepCount);
  }

  /** Runs one step on a batch and returns its loss (computed before the update). */
  async step(batch: Readonly<Record<string, Feed>>, options: StepOptions = {}): Promise<number> {
    const bindings = new Map<string, number>();
    const feeds: Record<string, ort.Tensor> = {};
    for (let i = 0; i < this.signatures.length; i++) {
      const sig = this.signatures[i];
      const role = this.roles[i];
      feeds[sig.name] =
        role === 'batch'
          ? toOrtTensor(sig, batchFeed(batch, sig.name), bindings)
          : // State shapes are static: no dims to resolve.
            new ort.Tensor(sig.dtype, this.stateArray(role, sig, options) as never, sig.shape as number[]);
    }
    const result = await this.session.run(feeds);
    this.packed = result[NEXT.params].data as FloatArray;
    this.m = result[NEXT.m].data as FloatArray;
    this.v = result[NEXT.v].data as FloatArray;
    this.stepCount = (result[NEXT.step].data as BigInt64Array)[0];
    if (this.extraNames.length > 0) {
      const extras: Record<string, Fetched> = {};
      for (const name of this.extraNames) extras[name] = { data: result[name].data as TensorData, dims: [...result[name].dims] };
      this.lastOutputs = extras;
    }
    return Number((result[stateName.loss].data as FloatArray)[0]);
  }

  private stateArray(role: StateRole, sig: ValueSignature, options: StepOptions): TensorData {
    switch (role) {
      case 'params':
        return this.packed;
      case 'm':
        return this.m;
      case 'v':
        return this.v;
      case 'step':
        return new BigInt64Array([this.stepCount]);
      case 'lr': {
        if (options.lr === undefined) throw new Error('this step graph takes the learning rate as an input: pass { lr }');
        const a = allocate(sig.dtype, 1) as FloatArray;
        a[0] = options.lr;
        return a;
      }
    }
  }

  /** A copy of the current parameters by name. */
  parameters(): ParamValues {
    return this.unpack(this.packed);
  }

  /** Replaces the values of the named parameters (others and the optimiser state are kept). */
  setParameters(values: ParamValues): void {
    this.packed = this.pack(values, 'value', this.packed);
  }

  /** A copy of the full training state. */
  checkpoint(): Checkpoint {
    return { step: this.steps, params: this.unpack(this.packed), m: this.unpack(this.m), v: this.unpack(this.v) };
  }

  /** Restores a checkpoint taken from a trainer of a graph with the same parameters. */
  restore(checkpoint: Checkpoint): void {
    this.packed = this.pack(checkpoint.params, 'checkpoint value');
    this.m = this.pack(checkpoint.m, 'checkpoint first moment');
    this.v = this.pack(checkpoint.v, 'checkpoint second moment');
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
    const feeds: Record<string, Feed> = {};
    for (const sig of program.inputs) feeds[sig.name] = sig.name === stateName.params ? this.packed : batch[sig.name];
    return program.run(feeds);
  }

  async release(): Promise<void> {
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
