/**
 * Reverse-mode differentiation on the graph itself: `grad` appends the backward pass as ordinary
 * nodes, so one ONNX model can hold a forward pass, its gradients and an optimiser update.
 */
import { isFloat } from './dtype.js';
import type { Node, Tensor } from './graph.js';
import { add, expandAs } from './ops/index.js';
import { sameShape, shapeToString } from './shape.js';

/**
 * Gradients of `y` with respect to each tensor in `wrt`. A non-scalar `y` is differentiated as
 * the sum of its elements unless `seed` (the upstream gradient, shaped like y) is given. Only
 * nodes on a path from some `wrt` tensor to `y` are differentiated; integer and bool values
 * carry no gradient, so a `wrt` tensor that reaches y only through them gets zeros.
 *
 * @example
 *   const [dW, db] = grad(loss, [w, b]);
 *   const [dx] = grad(logit, [x]); // per-row input gradients when rows are independent
 */
export function grad(y: Tensor, wrt: readonly Tensor[], seed?: Tensor): Tensor[] {
  const graph = y.graph;
  if (!isFloat(y.dtype)) throw new Error(`grad: ${y} is not a float tensor`);
  for (const w of wrt) if (w.graph !== graph) throw new Error(`grad: ${w} belongs to another graph`);
  if (seed && (!sameShape(seed.shape, y.shape) || seed.dtype !== y.dtype)) {
    throw new Error(`grad: seed ${seed} does not match ${y}`);
  }

  // Forward closure: float tensors that depend on some wrt tensor.
  const active = new Set<number>(wrt.filter((w) => isFloat(w.dtype)).map((w) => w.id));
  const nodes = graph.nodes.slice(); // the backward pass appends to graph.nodes
  for (const node of nodes) {
    if (!node.op.vjp || !node.inputs.some((t) => active.has(t.id))) continue;
    for (const out of node.outputs) if (isFloat(out.dtype)) active.add(out.id);
  }
  if (!active.has(y.id)) return wrt.map(zerosLike);

  // Backward closure: active nodes that y depends on.
  const needed = new Set<number>();
  const stack: Tensor[] = [y];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t.id) || !active.has(t.id) || t.source.kind !== 'node') continue;
    seen.add(t.id);
    needed.add(t.source.node.id);
    stack.push(...t.source.node.inputs);
  }

  const grads = new Map<number, Tensor>();
  grads.set(y.id, seed ?? (y.rank === 0 ? graph.scalar(1, y.dtype) : expandAs(graph.scalar(1, y.dtype), y)));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!needed.has(node.id)) continue;
    const outputGrads = node.outputs.map((t) => grads.get(t.id));
    if (outputGrads.every((g) => g === undefined)) continue;
    const wanted = node.inputs.map((t) => active.has(t.id));
    const inputGrads = node.op.vjp!(node, outputGrads, wanted);
    node.inputs.forEach((t, k) => {
      const g = inputGrads[k];
      if (!wanted[k] || g === undefined) return;
      checkGradient(node, t, g);
      const prev = grads.get(t.id);
      grads.set(t.id, prev ? add(prev, g) : g);
    });
  }
  return wrt.map((w) => grads.get(w.id) ?? zerosLike(w));
}

/** Catches a vjp that forgot to undo a broadcast: gradients must match their tensor exactly. */
function checkGradient(node: Node, t: Tensor, g: Tensor): void {
  if (g.dtype !== t.dtype || !sameShape(g.shape, t.shape)) {
    throw new Error(`${node.op.type} vjp returned ${g.dtype}${shapeToString(g.shape)} for input ${t}`);
  }
}

function zerosLike(t: Tensor): Tensor {
  const dtype = isFloat(t.dtype) ? t.dtype : t.graph.dtype;
  const zero = t.graph.scalar(0, dtype);
  return t.rank === 0 ? zero : expandAs(zero, t);
}
