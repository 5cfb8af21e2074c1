/**
 * The model card: one JSON file beside each ONNX model in models/. It is written by the offline
 * training tools (scripts/) and read by the edge service, so its schema lives here, once.
 *
 * @example
 *   import card from '../models/lhco-dream.json';
 *   const parsed = parseModelCard(card); // throws on a malformed card
 */
import * as z from 'zod/mini';

/** What a model's score means: DREAM classifier, flow log-likelihood, or CURTAINS anomaly score. */
export const ModelKind = z.enum(['classifier', 'density', 'anomaly']);
export type ModelKind = z.infer<typeof ModelKind>;

const FeatureSchema = z.object({
  name: z.string(),
  /** Column of the source files the feature was read from, when it came from a matrix file. */
  column: z.optional(z.number()),
  unit: z.optional(z.string()),
});

/** A one-dimensional reference histogram, kept so the edge can compare an upload feature by feature. */
export const HistogramSchema = z.object({
  feature: z.string(),
  edges: z.array(z.number()),
  counts: z.array(z.number()),
});
export type Histogram = z.infer<typeof HistogramSchema>;

const FileProvenance = z.object({
  path: z.string(),
  sha256: z.string(),
  rows: z.number(),
  selection: z.optional(z.string()),
});

export const ModelCardSchema = z.looseObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  kind: ModelKind,
  description: z.string(),
  created: z.string(),
  features: z.array(FeatureSchema).check(z.minLength(1)),
  /** ONNX graph interface: input `x` [N, F] float32 raw features; outputs named here. */
  onnx: z.object({
    file: z.string(),
    sha256: z.string(),
    input: z.string(),
    score_output: z.string(),
    /** d(logit)/d(x) per event, [N, F]; present for classifiers (DREAM feature ranking). */
    gradient_output: z.optional(z.string()),
    opset: z.number(),
  }),
  /** Preprocessing folded into the graph; recorded for people, not applied again by the service. */
  preprocessing: z.looseObject({ kind: z.string() }),
  training: z.looseObject({ seed: z.number() }),
  metrics: z.looseObject({
    auc: z.optional(z.number()),
    auc_ci: z.optional(z.tuple([z.number(), z.number()])),
  }),
  feature_ranking: z.optional(z.array(z.object({ name: z.string(), importance: z.number() }))),
  /** What an upload is compared with: model scores of held-out reference events. */
  reference: z.optional(
    z.object({
      description: z.string(),
      scores: z.array(z.number()).check(z.minLength(2)),
      histograms: z.array(HistogramSchema),
    }),
  ),
  provenance: z.looseObject({
    command: z.string(),
    files: z.record(z.string(), FileProvenance),
  }),
});
export type ModelCard = z.infer<typeof ModelCardSchema>;

/** Validates a parsed card; throws a zod error naming the offending field. */
export function parseModelCard(value: unknown): ModelCard {
  return z.parse(ModelCardSchema, value);
}
