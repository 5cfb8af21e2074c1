/**
 * The CURTAINS transformer: a conditional invertible map f(x; m_from, m_to) that moves an event's
 * features x from mass m_from to mass m_to, trained between the two sidebands.
 *
 * It is the transport of a conditional normalising flow g(x; m) from the flows library,
 * f(x; m_from, m_to) = g⁻¹(g(x; m_from); m_to), so by construction f(x; m, m) = x and
 * f(·; m_to, m_from) is exactly the inverse of f(·; m_from, m_to): one network serves both
 * directions. It starts as the identity (the flow's conditioners start at zero).
 *
 * Training (Raine, Klein, Sengupta, Golling, "CURTAINs for your sliding window"): each step takes a
 * batch of SB1 events and a batch of SB2 events, moves the SB1 batch to the masses of the SB2
 * batch and the SB2 batch to the masses of the SB1 batch, and minimises the sum of the two
 * optimal-transport-type distances (losses.ts: multi-scale MMD or sliced Wasserstein) between each
 * moved batch and the batch it was moved onto. The parameters with the lowest held-out distance
 * (MMD on large held-out sideband batches, whatever the training loss) are kept.
 *
 * Features enter in a logit space (`fitScaling`): min-max scaled to (0, 1), logit, standardised.
 * Jet masses pile up against a hard lower edge and tau21 lives in (0, 1); in logit space those
 * edges sit at infinity, so a smooth transport cannot push events across them, and mapped back
 * every template event lies inside the sidebands' range. Masses enter as a context scaled to
 * [-1, 1] over the window.
 *
 * @example
 *   const fit = await trainTransport({ sb1, sb2, sb1Valid, sb2Valid }, settings);
 *   const mover = await Transporter.create(fit);
 *   const moved = await mover.transport(x, fromMass, toMass); // raw masses in, standardised x in and out
 */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { Graph, Trainer, adam, add, createSession, initParams, type ExecutionProvider, type ParamValues } from '../engine/index.js';
import { couplingFlow, describeFlow, exportTransport, FLOW_IO, type Flow } from '../flows/index.js';
import { mmdRbf, otLoss, randomDirections, type OtLossName } from './losses.js';

export interface TransportSettings {
  /** 'spline' (rational-quadratic couplings) or 'affine'. */
  coupling: 'spline' | 'affine';
  /** Coupling layers. */
  layers: number;
  /** Conditioner hidden widths. */
  hidden: number[];
  /** Spline bins (spline couplings only). */
  bins: number;
  loss: OtLossName;
  /** Random projections per step for the sliced Wasserstein. */
  projections: number;
  steps: number;
  /** Events per sideband per step. */
  batch: number;
  /** Peak learning rate (cosine decay to 5 % over the steps); small, because the sidebands differ
   * little and a larger rate lets batch noise distort the map more than it corrects it. */
  lr: number;
  /** Held-out distance evaluated every this many steps (and at the end). */
  validEvery: number;
  seed: number;
  provider: ExecutionProvider;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
  coupling: 'spline',
  layers: 4,
  hidden: [32, 32],
  bins: 8,
  loss: 'mmd',
  projections: 64,
  steps: 600,
  batch: 256,
  lr: 1e-4,
  validEvery: 100,
  seed: 1,
  provider: 'cpu',
};

/** Events of one sideband: features in the transport space [n, D] and scaled masses [n]. */
export interface BandEvents {
  x: Matrix;
  m: Float32Array;
}

export interface TransportData {
  sb1: BandEvents;
  sb2: BandEvents;
  /** Held-out sideband events for selecting the kept parameters. */
  sb1Valid: BandEvents;
  sb2Valid: BandEvents;
}

export interface TransportRecord {
  step: number;
  /** Mean training loss since the previous record (NaN for step 0, before training). */
  trainLoss: number;
  /** Held-out MMD(SB1→SB2, SB2) + MMD(SB2→SB1, SB1). */
  validMmd: number;
}

export interface TransportFit {
  flow: Flow;
  params: ParamValues;
  history: TransportRecord[];
  bestStep: number;
  seconds: number;
  settings: TransportSettings;
  architecture: Record<string, unknown>[];
}

/** The feature map into the transport space and back (see the module comment). */
export interface FeatureScaling {
  min: number[];
  max: number[];
  /** Logit margin: u in [0, 1] maps to logit(alpha + (1 − 2·alpha)·u). */
  alpha: number;
  mean: number[];
  std: number[];
}

/**
 * Fits the transport-space map on `x` (the sideband training events).
 *
 * @example
 *   const scaling = fitScaling(sidebandEvents);
 *   const z = toTransportSpace(events, scaling); const back = fromTransportSpace(z, scaling); // ≈ events
 */
export function fitScaling(x: Matrix, alpha = 1e-3): FeatureScaling {
  const F = x.cols;
  const min = new Array<number>(F).fill(Infinity);
  const max = new Array<number>(F).fill(-Infinity);
  for (let i = 0; i < x.data.length; i++) {
    const j = i % F;
    min[j] = Math.min(min[j], x.data[i]);
    max[j] = Math.max(max[j], x.data[i]);
  }
  for (let j = 0; j < F; j++) if (!(max[j] > min[j])) max[j] = min[j] + 1;
  const partial: FeatureScaling = { min, max, alpha, mean: new Array<number>(F).fill(0), std: new Array<number>(F).fill(1) };
  const v = toTransportSpace(x, partial).data;
  const n = x.rows;
  const mean = new Array<number>(F).fill(0);
  const sq = new Array<number>(F).fill(0);
  for (let i = 0; i < v.length; i++) mean[i % F] += v[i] / n;
  for (let i = 0; i < v.length; i++) sq[i % F] += (v[i] - mean[i % F]) ** 2 / n;
  return { min, max, alpha, mean, std: sq.map((q) => Math.sqrt(q) || 1) };
}

/** Raw features → transport space (values outside the fitted range are clipped to it first). */
export function toTransportSpace(x: Matrix, s: FeatureScaling): Matrix {
  const F = x.cols;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const j = i % F;
    const u = Math.min(1, Math.max(0, (x.data[i] - s.min[j]) / (s.max[j] - s.min[j])));
    const p = s.alpha + (1 - 2 * s.alpha) * u;
    out[i] = (Math.log(p / (1 - p)) - s.mean[j]) / s.std[j];
  }
  return { rows: x.rows, cols: F, data: out };
}

/** Transport space → raw features (always inside the fitted range). */
export function fromTransportSpace(z: Matrix, s: FeatureScaling): Matrix {
  const F = z.cols;
  const out = new Float32Array(z.data.length);
  for (let i = 0; i < out.length; i++) {
    const j = i % F;
    const p = 1 / (1 + Math.exp(-(z.data[i] * s.std[j] + s.mean[j])));
    const u = Math.min(1, Math.max(0, (p - s.alpha) / (1 - 2 * s.alpha)));
    out[i] = s.min[j] + u * (s.max[j] - s.min[j]);
  }
  return { rows: z.rows, cols: F, data: out };
}

/** Events of each sideband used per held-out evaluation (MMD costs n²). */
const VALID_EVENTS = 1500;

/** The conditional flow whose transport is the CURTAINS map (context = standardised mass). */
export function transportFlow(features: number, s: Pick<TransportSettings, 'coupling' | 'layers' | 'hidden' | 'bins'>): Flow {
  return couplingFlow({
    features,
    contextFeatures: 1,
    coupling: s.coupling,
    layers: s.layers,
    net: { hidden: s.hidden, activation: 'relu' },
    spline: { bins: s.bins, bound: 4 },
    finalElementwise: false,
  });
}

/** Trains the transport between the sidebands in both directions. */
export async function trainTransport(data: TransportData, s: TransportSettings, onRecord?: (r: TransportRecord) => void): Promise<TransportFit> {
  const started = performance.now();
  const D = data.sb1.x.cols;
  const flow = transportFlow(D, s);
  const g = new Graph();
  const xa = g.input('xa', ['N', D]);
  const ma = g.input('ma', ['N', 1]);
  const xb = g.input('xb', ['N', D]);
  const mb = g.input('mb', ['N', 1]);
  const ab = flow.transport(xa, ma, mb).y; // SB1 events at SB2 masses
  const ba = flow.transport(xb, mb, ma).y; // SB2 events at SB1 masses
  const theta = s.loss === 'sliced-wasserstein' ? g.input('theta', [D, s.projections]) : undefined;
  const loss = add(otLoss(s.loss, ab, xb, { theta }), otLoss(s.loss, ba, xa, { theta }));
  const validMmd = add(mmdRbf(ab, xb), mmdRbf(ba, xa));
  const rng = new Rng(s.seed);
  const trainer = await Trainer.create(adam(loss, g.params, { lr: 'input', clipNorm: 5 }), initParams(g.params, rng), { provider: s.provider });
  try {
    const nv = Math.min(VALID_EVENTS, data.sb1Valid.x.rows, data.sb2Valid.x.rows);
    if (nv < 10) throw new Error(`too few held-out sideband events (${nv}) to select the transport`);
    const valid = {
      xa: data.sb1Valid.x.data.slice(0, nv * D),
      ma: data.sb1Valid.m.slice(0, nv),
      xb: data.sb2Valid.x.data.slice(0, nv * D),
      mb: data.sb2Valid.m.slice(0, nv),
    };
    const evaluate = async () => Number((await trainer.evaluate({ validMmd }, valid)).validMmd.data[0]);
    const B = s.batch;
    const batch = { xa: new Float32Array(B * D), ma: new Float32Array(B), xb: new Float32Array(B * D), mb: new Float32Array(B) };
    const fill = (band: BandEvents, x: Float32Array, m: Float32Array) => {
      for (let k = 0; k < B; k++) {
        const row = rng.int(band.x.rows);
        x.set(band.x.data.subarray(row * D, (row + 1) * D), k * D);
        m[k] = band.m[row];
      }
    };
    const history: TransportRecord[] = [];
    // Step 0 is the identity: the transport is kept only where it beats not transporting.
    let best = { step: 0, mmd: await evaluate(), params: trainer.parameters() };
    history.push({ step: 0, trainLoss: NaN, validMmd: best.mmd });
    onRecord?.(history[0]);
    let sum = 0;
    let count = 0;
    for (let step = 1; step <= s.steps; step++) {
      fill(data.sb1, batch.xa, batch.ma);
      fill(data.sb2, batch.xb, batch.mb);
      const feeds: Record<string, Float32Array> = { ...batch };
      if (theta) feeds.theta = randomDirections(rng, D, s.projections);
      const lr = s.lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / s.steps)));
      const value = await trainer.step(feeds, { lr });
      if (!Number.isFinite(value)) throw new Error(`transport training diverged at step ${step}: loss ${value}`);
      sum += value;
      count++;
      if (step % s.validEvery === 0 || step === s.steps) {
        const record = { step, trainLoss: sum / count, validMmd: await evaluate() };
        history.push(record);
        onRecord?.(record);
        sum = 0;
        count = 0;
        if (record.validMmd < best.mmd) best = { step, mmd: record.validMmd, params: trainer.parameters() };
      }
    }
    return {
      flow,
      params: best.params,
      history,
      bestStep: best.step,
      seconds: (performance.now() - started) / 1000,
      settings: s,
      architecture: describeFlow(flow),
    };
  } finally {
    await trainer.release();
  }
}

/** Runs a trained transport on many events (the exported ONNX transport, in slices). */
export class Transporter {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly features: number,
  ) {}

  static async create(fit: Pick<TransportFit, 'flow' | 'params'>, provider: ExecutionProvider = 'cpu'): Promise<Transporter> {
    const { session } = await createSession(exportTransport(fit.flow, fit.params), { provider });
    return new Transporter(session, fit.flow.features);
  }

  /** Moves standardised events x from standardised masses `from` to `to`. */
  async transport(x: Matrix, from: ArrayLike<number>, to: ArrayLike<number>): Promise<Matrix> {
    const D = this.features;
    if (x.cols !== D || from.length !== x.rows || to.length !== x.rows) throw new Error('transport: x, from and to must describe the same events');
    const out = new Float32Array(x.rows * D);
    const slice = 16384;
    for (let start = 0; start < x.rows; start += slice) {
      const n = Math.min(slice, x.rows - start);
      const feeds = {
        [FLOW_IO.x]: new ort.Tensor('float32', x.data.slice(start * D, (start + n) * D), [n, D]),
        [FLOW_IO.contextFrom]: new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => from[start + i]), [n, 1]),
        [FLOW_IO.contextTo]: new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => to[start + i]), [n, 1]),
      };
      const result = await this.session.run(feeds);
      out.set(result[FLOW_IO.y].data as Float32Array, start * D);
    }
    return { rows: x.rows, cols: D, data: out };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
