/**
 * How many events one session.run scores — kept apart from score.ts, which loads the wasm, so that
 * the Node benchmarks slice exactly as the Worker does.
 *
 * The wasm heap grows to the largest slice's input, outputs and intermediate activations and never
 * shrinks, and it counts against the isolate's 128 MB. With 16384 events per run the demo model's
 * gradient graph grew the process by ~50 MB, with 4096 by ~15 MB, at the same speed
 * (onnxruntime-web in Node; scripts/bench/load.ts measures workerd itself). Wide inputs get fewer
 * events per slice, so that a slice holds at most 2^19 input values (2 MiB) whatever the width.
 *
 * @example
 *   sliceRows(4);   // 4096
 *   sliceRows(533); // 983
 */
const SLICE_ROWS = 4096;
const SLICE_VALUES = 1 << 19;

/** Events per session.run for a model with `features` inputs. */
export function sliceRows(features: number): number {
  return Math.max(1, Math.min(SLICE_ROWS, Math.floor(SLICE_VALUES / features)));
}
