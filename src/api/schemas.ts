/**
 * The JSON bodies of the API as zod/mini schemas, defined once: request bodies are validated with
 * them (`parseBody`), and the OpenAPI document (`/openapi.json`, `/docs`) is generated from them.
 * Every schema with an `id` in its metadata becomes a named component of that document.
 *
 * Response bodies are built by the routes from the storage types (MonitorRecord, UploadRecord,
 * BatchSummary, …); the type checks at the end of this file keep those types and these schemas
 * in step, and a worker test validates real responses against the schemas.
 *
 * @example
 *   import { CreateMonitor } from '../api/schemas.js';
 *   const body = parseBody(CreateMonitor, await readJson(request, limit));
 */
import * as z from 'zod/mini';
import { ID_PATTERN } from '../http/ids.js';
import { HistogramSchema, ModelCardSchema, ModelKind } from '../model-card.js';
import type { BatchSummary as BatchSummaryRecord } from '../monitor/summarise.js';
import { SEVERITIES, type Evaluation } from '../monitor/rules.js';
import type { monitorView } from '../routes/v1_monitors_get.js';
import type { MonitorRecord } from '../storage/monitors.js';
import type { uploadAnswer } from '../routes/v1_monitors_uploads_create.js';
import type { uploadView } from '../routes/v1_monitors_uploads_get.js';

const Interval = z.tuple([z.number(), z.number()]);
const Timestamp = z.string().check(z.describe('ISO 8601 time, UTC'));

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().check(z.describe('stable machine-readable code, e.g. "monitor_not_found"')),
      message: z.string().check(z.describe('what went wrong and how to fix it, for people')),
      details: z.optional(z.record(z.string(), z.unknown())),
    }),
  })
  .check(z.meta({ id: 'Error', description: 'Every 4xx/5xx answer has this shape; a refused request changes nothing stored.' }));

export const Health = z
  .object({ status: z.literal('ok'), service: z.string(), models: z.number() })
  .check(z.meta({ id: 'Health', description: 'Liveness and the number of served models.' }));

export const PublicModelCard = z
  .extend(ModelCardSchema, {
    reference: z.nullable(
      z.object({
        description: z.string(),
        n: z.number().check(z.describe('number of reference scores uploads are compared with')),
        histograms: z.array(HistogramSchema),
      }),
    ),
  })
  .check(
    z.meta({
      id: 'ModelCard',
      description: 'A served model: features, preprocessing, training metrics, provenance; the reference scores are summarised by their count.',
    }),
  );

export const ModelsList = z.object({ models: z.array(PublicModelCard) }).check(z.meta({ id: 'ModelsList' }));

export const CreateMonitor = z
  .strictObject({
    id: z.string().check(z.regex(ID_PATTERN, 'id: 1–63 characters of a-z, 0-9 and "-"')),
    model: z.string().check(z.regex(ID_PATTERN, 'model: a model id from GET /v1/models')),
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    description: z.optional(z.string().check(z.maxLength(2000))),
    open_uploads: z.optional(z.boolean().check(z.describe('take uploads without a token (default false: uploads need an upload token)'))),
  })
  .check(z.meta({ id: 'CreateMonitor', description: 'A new monitor on a served model that has reference scores.' }));

export const Monitor = z
  .object({
    id: z.string(),
    name: z.string(),
    model_id: z.string(),
    description: z.string(),
    open_uploads: z.boolean().check(z.describe('true: uploads need no token; false: an upload token of this monitor')),
    created_at: Timestamp,
  })
  .check(z.meta({ id: 'Monitor' }));

export const MonitorsList = z.object({ monitors: z.array(Monitor) }).check(z.meta({ id: 'MonitorsList' }));

export const MonitorView = z
  .extend(Monitor, {
    model: z.nullable(z.object({ id: z.string(), kind: ModelKind, features: z.array(z.string()) })),
    baseline: z.nullable(
      z.object({
        auc: z.number(),
        auc_ci: z.nullable(Interval),
        source: z.string(),
      }),
    ),
    uploads: z.number().check(z.describe('number of uploads so far')),
    latest: z.nullable(
      z.object({
        id: z.string(),
        created_at: Timestamp,
        n: z.number(),
        auc: z.nullable(z.number()),
        auc_ci: z.nullable(Interval),
      }),
    ),
  })
  .check(z.meta({ id: 'MonitorView', description: 'A monitor with its model, baseline and latest upload.' }));

export const UploadToken = z
  .object({
    id: z.string().check(z.describe('names the token for revocation; not a secret')),
    monitor_id: z.string(),
    created_at: Timestamp,
    revoked_at: z.nullable(Timestamp),
    token: z.string().check(z.describe('the secret, shown only in this answer; send it as "Authorization: Bearer …" to upload')),
  })
  .check(z.meta({ id: 'UploadToken', description: 'A new upload token of one monitor. Only its SHA-256 is stored.' }));

export const CreatedMonitor = z
  .extend(MonitorView, { upload_token: UploadToken })
  .check(z.meta({ id: 'CreatedMonitor', description: 'The new monitor and its first upload token (shown once).' }));

export const MonitorAccess = z
  .strictObject({ open_uploads: z.boolean() })
  .check(z.meta({ id: 'MonitorAccess', description: 'Whether the monitor takes uploads without a token.' }));

export const RocCurve = z
  .object({
    fpr: z.array(z.number()).check(z.describe('share of the reference above each threshold, ascending')),
    tpr: z.array(z.number()).check(z.describe('share of the batch above each threshold, ascending')),
  })
  .check(z.meta({ id: 'RocCurve', description: 'Batch (positive) vs reference ROC curve, at most 101 points.' }));

export const FeatureSummary = z
  .object({
    name: z.string(),
    importance: z.nullable(z.number()).check(z.describe('mean |d logit / d x| × std(x) over the batch')),
    mean: z.number(),
    std: z.number(),
    jsd_1d: z.nullable(z.number()).check(z.describe('base-2 JSD of batch vs reference histogram of this feature')),
    counts: z.optional(z.nullable(z.array(z.number()))).check(z.describe('batch counts in the bins of the reference histogram (edges in the model card)')),
  })
  .check(z.meta({ id: 'FeatureSummary' }));

export const BatchSummary = z
  .object({
    n: z.number(),
    n_reference: z.number(),
    auc: z.nullable(z.number()).check(z.describe('Mann–Whitney AUC, batch vs reference; 0.5 = indistinguishable')),
    auc_ci: z.nullable(Interval),
    auc_se: z.nullable(z.number()),
    ci_method: z.string(),
    p_value: z.nullable(z.number()).check(z.describe('two-sided Mann–Whitney p-value for "same distribution"')),
    two_auc_minus_1: z.nullable(z.number()),
    jsd: z.nullable(z.number()).check(z.describe('calibrated classifier JSD, (ln 2 − BCE) / ln 2')),
    features: z.array(FeatureSummary).check(z.describe('ranked by gradient importance, most important first')),
    roc: z.optional(z.nullable(RocCurve)),
    note: z.optional(z.string()),
  })
  .check(z.meta({ id: 'BatchSummary', description: 'What an upload is scored to, against the model reference.' }));

export const RuleEvaluation = z
  .object({
    evaluated_at: Timestamp,
    outcome: z.enum(['alert', 'suppressed', 'not_significant', 'ok', 'no_rules', 'disabled', 'too_few_events', 'no_auc']),
    reason: z.string().check(z.describe('which rule fired, or why none did, for people')),
    metric: z.enum(['separation', 'auc']),
    value: z.nullable(z.number()),
    ci: z.nullable(Interval),
    baseline: z.nullable(
      z.object({ source: z.enum(['model_card', 'upload']), auc: z.number(), se: z.nullable(z.number()), upload_id: z.optional(z.string()) }),
    ),
    checks: z.array(
      z.object({
        rule: z.string(),
        severity: z.enum(SEVERITIES),
        threshold: z.nullable(z.number()),
        exceeded: z.boolean(),
        significant: z.boolean(),
        lower: z.optional(z.number()),
        p_value: z.optional(z.number()),
        reason: z.string(),
      }),
    ),
    fired: z.nullable(z.object({ rule: z.string(), severity: z.enum(SEVERITIES), threshold: z.number() })),
    event_id: z.nullable(z.string().check(z.describe('the webhook event raised, when a rule fired'))),
  })
  .check(z.meta({ id: 'RuleEvaluation', description: "An upload checked against its monitor's degradation rules." }));

/** The fields of an upload, shared by Upload and UploadAnswer (z.extend would carry Upload's id along). */
const uploadFields = {
  id: z.string(),
  monitor_id: z.string(),
  sha256: z.string().check(z.describe('SHA-256 of the canonical float32 .npy of the batch')),
  r2_key: z.string(),
  format: z.string().check(z.describe('how the batch arrived: npy, raw, csv or json')),
  n: z.number(),
  n_features: z.number(),
  result: BatchSummary,
  evaluation: z.nullable(RuleEvaluation).check(z.describe('null until the upload has been evaluated against the rules')),
  created_at: Timestamp,
};

export const Upload = z.object(uploadFields).check(
  z.meta({
    id: 'Upload',
    description: 'One scored batch, the same in the history, GET of one upload, a finished job and the answer to the upload.',
  }),
);

export const UploadAnswer = z
  .object({
    ...uploadFields,
    duplicate: z.boolean().check(z.describe('true (status 200) when the monitor already had this batch: the upload is the first one, unchanged')),
  })
  .check(z.meta({ id: 'UploadAnswer', description: 'The answer to an upload: the upload, and whether this request found it already stored.' }));

export const UploadsList = z
  .object({ monitor_id: z.string(), uploads: z.array(Upload) })
  .check(z.meta({ id: 'UploadsList', description: 'Upload history, newest first.' }));

export const ScoreResponse = z
  .object({
    model: z.string(),
    kind: ModelKind,
    n: z.number(),
    scores: z.array(z.number()).check(z.describe('one score per event, in the order of the batch')),
  })
  .check(z.meta({ id: 'ScoreResponse' }));

/** Batches as JSON: an array of events, each an array of feature values. */
export const JsonBatch = z
  .array(z.array(z.number()))
  .check(z.meta({ id: 'JsonBatch', description: 'Events as rows of feature values, e.g. [[0.12, 0.05, 0.61, 0.48]].' }));

// The response types the routes build and the schemas above must describe the same JSON.
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: [
  MutuallyAssignable<z.infer<typeof BatchSummary>, BatchSummaryRecord>,
  MutuallyAssignable<z.infer<typeof Monitor>, MonitorRecord>,
  MutuallyAssignable<z.infer<typeof Upload>, ReturnType<typeof uploadView>>,
  MutuallyAssignable<z.infer<typeof UploadAnswer>, ReturnType<typeof uploadAnswer>>,
  MutuallyAssignable<z.infer<typeof MonitorView>, ReturnType<typeof monitorView>>,
  MutuallyAssignable<z.infer<typeof RuleEvaluation>, Evaluation>,
] = [true, true, true, true, true, true];
void schemasMatchTypes;
