/**
 * AUC with its DeLong 95 % confidence interval on 1M batch + 1M reference scores: the service's
 * implementation (src/stats/auc.ts: two radix-sorted float copies walked together by tie group)
 * against a straightforward reference written from the textbook — mid-ranks by sorting index
 * arrays with a comparator, then the structural components of Sun & Xu (2014) — in the same run,
 * on the same float32 scores (so ties occur as they do with real model outputs).
 *
 *   npx tsx scripts/bench/auc.ts [--n 1000000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { compareScores } from '../../src/stats/auc.js';
import { Rng } from '../../src/stats/rng.js';
import { emitResult, machine } from './lib.js';

const { values } = parseArgs({ options: { n: { type: 'string' }, rounds: { type: 'string' } } });
const N = Number(values.n ?? 1_000_000);
const ROUNDS = Number(values.rounds ?? 3);

/** Mid-ranks (1-based, ties averaged) of `v`, by sorting an index array. */
function midranks(v: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const ranks = new Float64Array(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    const mid = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = mid;
    i = j + 1;
  }
  return ranks;
}

/** AUC and DeLong variance by the textbook mid-rank formulation. */
export function referenceAucDelong(pos: Float32Array, neg: Float32Array): { auc: number; ci: [number, number] } {
  const m = pos.length;
  const n = neg.length;
  const all = new Float64Array(m + n);
  all.set(pos);
  all.set(neg, m);
  const tz = midranks(all);
  const tx = midranks(pos);
  const ty = midranks(neg);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += tz[i];
  const auc = (rankSum - (m * (m + 1)) / 2) / (m * n);
  const v10 = Array.from({ length: m }, (_, i) => (tz[i] - tx[i]) / n);
  const v01 = Array.from({ length: n }, (_, j) => 1 - (tz[m + j] - ty[j]) / m);
  const variance = (xs: number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  };
  const se = Math.sqrt(variance(v10) / m + variance(v01) / n);
  return { auc, ci: [Math.max(0, auc - 1.959963984540054 * se), Math.min(1, auc + 1.959963984540054 * se)] };
}

// Classifier-like scores: sigmoid of shifted normals, stored as float32 like model outputs.
const rng = new Rng(2022);
const batch = Float32Array.from({ length: N }, () => 1 / (1 + Math.exp(-(rng.normal() + 0.1))));
const reference = Float32Array.from({ length: N }, () => 1 / (1 + Math.exp(-rng.normal())));

const fastMs: number[] = [];
const referenceMs: number[] = [];
// Only the fast one is warmed up: the reference takes seconds, JIT warm-up is noise next to that.
let fast = compareScores(batch, reference);
let slow = { auc: NaN, ci: [NaN, NaN] as [number, number] };
for (let round = 0; round < ROUNDS; round++) {
  let t = performance.now();
  fast = compareScores(batch, reference);
  fastMs.push(performance.now() - t);
  t = performance.now();
  slow = referenceAucDelong(batch, reference);
  referenceMs.push(performance.now() - t);
}
const diff = Math.max(Math.abs(fast.auc! - slow.auc), Math.abs(fast.auc_ci![0] - slow.ci[0]), Math.abs(fast.auc_ci![1] - slow.ci[1]));
if (diff > 1e-9) throw new Error(`the implementations disagree by ${diff}`);

const result = {
  n_batch: N,
  n_reference: N,
  auc: fast.auc,
  ci: fast.auc_ci,
  // Best of the rounds: on a shared machine other processes only ever add time.
  fast_ms: Math.min(...fastMs),
  reference_ms: Math.min(...referenceMs),
  speedup: Math.min(...referenceMs) / Math.min(...fastMs),
  max_abs_diff: diff,
};
console.log(machine().text);
console.log(`\nAUC with DeLong 95% CI, ${N.toLocaleString('en-US')} + ${N.toLocaleString('en-US')} float32 scores, best of ${ROUNDS} rounds\n`);
console.log('| implementation | ms | AUC [95% CI] |');
console.log('|---|---:|---|');
console.log(`| src/stats/auc.ts compareScores (also the p-value) | ${result.fast_ms.toFixed(0)} | ${fast.auc!.toFixed(6)} [${fast.auc_ci![0].toFixed(6)}, ${fast.auc_ci![1].toFixed(6)}] |`);
console.log(`| textbook mid-ranks + DeLong (comparator sorts) | ${result.reference_ms.toFixed(0)} | ${slow.auc.toFixed(6)} [${slow.ci[0].toFixed(6)}, ${slow.ci[1].toFixed(6)}] |`);
console.log(`\nspeed-up ${result.speedup.toFixed(1)}×; largest difference ${diff.toExponential(1)}`);
emitResult('auc', result);
