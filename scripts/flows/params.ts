/**
 * Parameters looked up by name: a layer's parameters are created the first time it is applied in a
 * graph and reused when it is applied again there (forward and inverse, or several passes).
 *
 * @example
 *   const w = parameter(g, 'flow.0.net.0.weight', [4, 64], { kind: 'he_uniform' });
 */
import type { Graph, Initializer, Tensor } from '../engine/index.js';

/** The graph's parameter `name`, created with `init` when it does not exist yet. */
export function parameter(g: Graph, name: string, shape: readonly number[], init: Initializer): Tensor {
  const existing = g.tensor(name);
  if (!existing) return g.param(name, shape, { init });
  if (existing.source.kind !== 'param' || existing.shape.join() !== shape.join()) {
    throw new Error(`${name} already exists in this graph as ${existing}, not a parameter of shape [${shape.join(', ')}]`);
  }
  return existing;
}
