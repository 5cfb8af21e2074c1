import type { Attrs, OpDef } from './graph.js';

const ops = new Map<string, OpDef>();

/**
 * Registers an op definition under its type name and returns it. Every op module calls this once
 * per op, so `listOps()` is the complete inventory that tests iterate over.
 *
 * @example
 *   export const Exp = defineOp<{}>({ type: 'Exp', infer: ..., emit: ..., vjp: ... });
 */
export function defineOp<A extends Attrs>(def: OpDef<A>): OpDef<A> {
  if (ops.has(def.type)) throw new Error(`op ${def.type} is defined twice`);
  ops.set(def.type, def as unknown as OpDef);
  return def;
}

/** All registered ops (after importing ./ops/index.js). */
export function listOps(): OpDef[] {
  return [...ops.values()];
}

export function getOp(type: string): OpDef | undefined {
  return ops.get(type);
}
