/**
 * Maximum-likelihood training of a flow with the engine: loss = mean NLL = −mean log p(x | c),
 * Adam in the step graph with global-norm clipping and a cosine learning-rate decay fed per step;
 * the parameters of the epoch with the lowest validation NLL are kept.
 *
 * @example
 *   const fit = await fitFlow(flow, { x: train }, { epochs: 30, batch: 512, lr: 1e-3, seed: 1, validation: { x: valid } });
 *   fit.params; fit.bestEpoch; fit.history;
 */
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, initParams, neg, reduceMean, type ExecutionProvider, type ParamValues, type Tensor } from '../engine/index.js';
import type { Flow } from './flow.js';

export interface FlowData {
  x: Matrix;
  /** Per-event context [N, C] for a conditional flow. */
  context?: Matrix;
}

export interface FitOptions {
  epochs: number;
  batch: number;
  /** Peak learning rate; it decays to lr·minLrFraction along a cosine over all steps. */
  lr: number;
  seed: number;
  /** Final learning rate as a fraction of lr (default 0.05). */
  minLrFraction?: number;
  /** Global gradient-norm clip (default 5). */
  clipNorm?: number;
  /** Events for epoch selection; without them the last epoch is kept. */
  validation?: FlowData;
  /** Initial parameter values (e.g. to resume); missing ones are drawn from their initialisers. */
  init?: ParamValues;
  provider?: ExecutionProvider;
  onEpoch?: (record: FitEpoch) => void;
}

export interface FitEpoch {
  epoch: number;
  /** Mean training NLL over the epoch's steps (nats per event). */
  trainNll: number;
  /** Validation NLL after the epoch, when validation events were given. */
  validationNll?: number;
}

export interface FitResult {
  params: ParamValues;
  history: FitEpoch[];
  /** 1-based epoch whose parameters were kept. */
  bestEpoch: number;
  steps: number;
  seconds: number;
  provider: ExecutionProvider;
}

/** The training graph of a flow: inputs x (and context), loss = mean NLL. */
export function nllGraph(flow: Flow): { graph: Graph; x: Tensor; context?: Tensor; loss: Tensor } {
  const graph = new Graph();
  const x = graph.input('x', ['N', flow.features]);
  const context = flow.contextFeatures > 0 ? graph.input('context', ['N', flow.contextFeatures]) : undefined;
  const loss = neg(reduceMean(flow.logProb(x, context)));
  return { graph, x, context, loss };
}

/** Trains `flow` on `data` by maximum likelihood. */
export async function fitFlow(flow: Flow, data: FlowData, o: FitOptions): Promise<FitResult> {
  const started = performance.now();
  checkData(flow, data, 'training');
  if (o.validation) checkData(flow, o.validation, 'validation');
  const { graph, loss } = nllGraph(flow);
  const rng = new Rng(o.seed);
  const init = { ...initParams(graph.params, rng), ...(o.init ?? {}) };
  const trainer = await Trainer.create(adam(loss, graph.params, { lr: 'input', clipNorm: o.clipNorm ?? 5 }), init, { provider: o.provider });
  try {
    const D = flow.features;
    const C = flow.contextFeatures;
    const n = data.x.rows;
    const stepsPerEpoch = Math.ceil(n / o.batch);
    const totalSteps = stepsPerEpoch * o.epochs;
    const floor = o.minLrFraction ?? 0.05;
    const xBatch = new Float32Array(o.batch * D);
    const cBatch = new Float32Array(o.batch * C);
    const history: FitEpoch[] = [];
    let best: { epoch: number; nll: number; params: ParamValues } | undefined;
    let step = 0;
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const order = rng.permutation(n);
      let sum = 0;
      for (let start = 0; start < n; start += o.batch) {
        const size = Math.min(o.batch, n - start);
        for (let k = 0; k < size; k++) {
          const row = order[start + k];
          xBatch.set(data.x.data.subarray(row * D, (row + 1) * D), k * D);
          if (C > 0) cBatch.set(data.context!.data.subarray(row * C, (row + 1) * C), k * C);
        }
        const lr = o.lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)));
        const feeds: Record<string, Float32Array> = { x: xBatch.subarray(0, size * D) };
        if (C > 0) feeds.context = cBatch.subarray(0, size * C);
        const value = await trainer.step(feeds, { lr });
        if (!Number.isFinite(value)) throw new Error(`flow training diverged at epoch ${epoch}, step ${step}: loss ${value}`);
        sum += value * size;
        step++;
      }
      const record: FitEpoch = { epoch, trainNll: sum / n };
      if (o.validation) {
        const feeds: Record<string, Float32Array> = { x: o.validation.x.data };
        if (C > 0) feeds.context = o.validation.context!.data;
        record.validationNll = Number((await trainer.evaluate({ loss }, feeds)).loss.data[0]);
        if (!best || record.validationNll < best.nll) best = { epoch, nll: record.validationNll, params: trainer.parameters() };
      }
      history.push(record);
      o.onEpoch?.(record);
    }
    const kept = best ?? { epoch: o.epochs, params: trainer.parameters() };
    return {
      params: kept.params,
      history,
      bestEpoch: kept.epoch,
      steps: step,
      seconds: (performance.now() - started) / 1000,
      provider: trainer.provider,
    };
  } finally {
    await trainer.release();
  }
}

function checkData(flow: Flow, data: FlowData, what: string): void {
  if (data.x.cols !== flow.features) throw new Error(`${what} events have ${data.x.cols} features, the flow ${flow.features}`);
  if (flow.contextFeatures > 0) {
    if (!data.context || data.context.cols !== flow.contextFeatures || data.context.rows !== data.x.rows) {
      throw new Error(`${what} events need a context of ${flow.contextFeatures} features per event`);
    }
  }
}
