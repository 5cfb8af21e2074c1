/** Parameter initialisation from each parameter's Initializer, drawn from a seeded Rng. */
import type { Rng } from '../../src/stats/rng.js';
import { type FloatArray, allocate } from './dtype.js';
import type { Initializer, Tensor } from './graph.js';

/** Parameter values by parameter name. */
export type ParamValues = Record<string, FloatArray>;

/**
 * Draws initial values for parameters, in order, from `rng` (same seed, same values).
 * Fan-in/fan-out default to shape[0]/shape[1] for matrices (weights are laid out [in, out]).
 *
 * @example
 *   const values = initParams(g.params, new Rng(7));
 */
export function initParams(params: readonly Tensor[], rng: Rng): ParamValues {
  const out: ParamValues = {};
  for (const p of params) {
    if (p.source.kind !== 'param') throw new Error(`${p} is not a parameter`);
    const shape = p.shape as readonly number[];
    const values = allocate(p.dtype, shape.reduce((a, b) => a * b, 1)) as FloatArray;
    fill(values, p.source.init, shape, rng);
    out[p.name!] = values;
  }
  return out;
}

function fill(values: FloatArray, init: Initializer, shape: readonly number[], rng: Rng): void {
  const defaultFanIn = shape.length === 0 ? 1 : shape[0];
  const defaultFanOut = shape.length < 2 ? defaultFanIn : shape[1];
  const uniform = (limit: number) => {
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  };
  const normal = (std: number) => {
    for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
  };
  switch (init.kind) {
    case 'zeros':
      values.fill(0);
      return;
    case 'constant':
      values.fill(init.value);
      return;
    case 'normal':
      return normal(init.std);
    case 'uniform':
      return uniform(init.limit);
    default: {
      const fanIn = init.fanIn ?? defaultFanIn;
      const fanOut = init.fanOut ?? defaultFanOut;
      if (init.kind === 'glorot_uniform') return uniform(Math.sqrt(6 / (fanIn + fanOut)));
      if (init.kind === 'glorot_normal') return normal(Math.sqrt(2 / (fanIn + fanOut)));
      if (init.kind === 'he_uniform') return uniform(Math.sqrt(6 / fanIn));
      return normal(Math.sqrt(2 / fanIn));
    }
  }
}
