/**
 * Selecting and re-assembling feature columns of [N, D] tensors with slices and one concat (runs
 * of consecutive columns become one slice), exact in any float type.
 *
 * @example
 *   const kept = selectColumns(x, [0, 1, 3]);                 // [N, 3]
 *   const back = mergeColumns(4, [[[0, 1, 3], kept], [[2], other]]); // columns in their places
 */
import { concat, slice, split, type Tensor } from '../engine/index.js';

/** Columns `indices` of x [N, D], in that order. */
export function selectColumns(x: Tensor, indices: readonly number[]): Tensor {
  if (indices.length === 0) throw new Error('selectColumns: no columns');
  const parts: Tensor[] = [];
  let start = indices[0];
  let end = start + 1;
  for (let i = 1; i <= indices.length; i++) {
    if (i < indices.length && indices[i] === end) {
      end++;
      continue;
    }
    parts.push(slice(x, [start], [end], [1]));
    if (i < indices.length) {
      start = indices[i];
      end = start + 1;
    }
  }
  return concat(parts, 1);
}

/**
 * Builds [N, D] from pieces: each piece holds the columns listed with it, in order. Every column
 * 0..D-1 must come from exactly one piece.
 */
export function mergeColumns(features: number, pieces: readonly (readonly [readonly number[], Tensor])[]): Tensor {
  const source: { piece: number; column: number }[] = new Array(features);
  pieces.forEach(([indices, t], piece) => {
    if (t.shape[1] !== indices.length) throw new Error(`mergeColumns: piece ${piece} has ${t.shape[1]} columns for ${indices.length} indices`);
    indices.forEach((target, column) => {
      if (source[target]) throw new Error(`mergeColumns: column ${target} given twice`);
      source[target] = { piece, column };
    });
  });
  const parts: Tensor[] = [];
  let i = 0;
  while (i < features) {
    const first = source[i];
    if (!first) throw new Error(`mergeColumns: column ${i} missing`);
    let j = i + 1;
    while (j < features && source[j]?.piece === first.piece && source[j].column === first.column + (j - i)) j++;
    parts.push(slice(pieces[first.piece][1], [first.column], [first.column + (j - i)], [1]));
    i = j;
  }
  return concat(parts, 1);
}

/**
 * Several column selections of x [N, D] at once, from one Split into consecutive runs (whose
 * gradient is one Concat, however many pieces are used).
 *
 * @example
 *   const [fixed, moving] = splitColumns(x, [[0, 1], [2, 3]]);
 */
export function splitColumns(x: Tensor, groups: readonly (readonly number[])[]): Tensor[] {
  const D = x.shape[1] as number;
  const cuts = new Set<number>([0, D]);
  for (const group of groups) {
    group.forEach((c, i) => {
      if (i === 0 || group[i - 1] !== c - 1) cuts.add(c);
      if (i === group.length - 1 || group[i + 1] !== c + 1) cuts.add(c + 1);
    });
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const pieces = split(x, bounds.slice(1).map((b, i) => b - bounds[i]), 1);
  const pieceAt = new Map(bounds.slice(0, -1).map((start, i) => [start, { piece: pieces[i], end: bounds[i + 1] }]));
  return groups.map((group) => {
    const parts: Tensor[] = [];
    let i = 0;
    while (i < group.length) {
      const found = pieceAt.get(group[i]);
      if (!found) throw new Error(`splitColumns: column ${group[i]} out of range`);
      parts.push(found.piece);
      i += found.end - group[i];
    }
    return concat(parts, 1);
  });
}

/** start..end-1. */
export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
