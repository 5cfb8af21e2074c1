/**
 * Static shapes with optional symbolic dimensions. A dimension is either a fixed size or a name
 * such as 'N' (the batch); two symbolic dimensions are equal only when their names are.
 */
export type Dim = number | string;
export type Shape = readonly Dim[];

export function shapeToString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number');
}

/** Element count, or undefined when a dimension is symbolic. */
export function numel(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/**
 * NumPy-style broadcasting of any number of shapes (aligned on the right). A symbolic dimension
 * broadcasts against 1 and against itself only: 'N' against 5 is rejected rather than guessed,
 * so the gradient reduction that undoes a broadcast is always known statically.
 */
export function broadcastShapes(...shapes: Shape[]): Shape {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1 || d === dim) continue;
      if (dim === 1) {
        dim = d;
        continue;
      }
      throw new Error(`cannot broadcast shapes ${shapes.map(shapeToString).join(' and ')}`);
    }
    out.push(dim);
  }
  return out;
}

/** Maps possibly negative axes to 0..rank-1, checks them, sorts and de-duplicates. */
export function normalizeAxes(axes: readonly number[], rank: number): number[] {
  const out = new Set<number>();
  for (const a of axes) {
    const axis = a < 0 ? a + rank : a;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) {
      throw new Error(`axis ${a} out of range for rank ${rank}`);
    }
    out.add(axis);
  }
  return [...out].sort((x, y) => x - y);
}

export function normalizeAxis(axis: number, rank: number): number {
  return normalizeAxes([axis], rank)[0];
}
