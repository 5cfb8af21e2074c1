/**
 * Every API operation the Worker serves, described once for the OpenAPI document: method, path
 * (Hono syntax, as registered in src/routes/), parameters, bodies and answers by status, each
 * body a schema from ./schemas.ts. A worker test checks that this list and the routes the app
 * registers are the same set, so an undocumented route or a stale entry fails the build.
 *
 * @example
 *   operations.find((op) => op.operationId === 'scoreBatch')?.path; // '/v1/score/:model'
 */
import type * as z from 'zod/mini';
import { RuleSetInput } from '../monitor/rules.js';
import { CreateJob } from '../routes/v1_monitors_jobs_create.js';
import { CreateWebhook } from '../routes/v1_monitors_webhooks_create.js';
import { UpdateWebhook } from '../routes/v1_monitors_webhooks_update.js';
import {
  CreatedMonitor,
  CreateMonitor,
  ErrorBody,
  Health,
  JsonBatch,
  MonitorAccess,
  ModelsList,
  MonitorsList,
  MonitorView,
  PublicModelCard,
  ScoreResponse,
  Upload,
  UploadAnswer,
  UploadsList,
  UploadToken,
} from './schemas.js';

/**
 * A request or response body: a JSON schema, or bytes/text described in words, or a JSON object
 * described in words (for bodies that have no zod schema of their own yet).
 */
export type Body = { schema: z.ZodMiniType } | { format: 'binary' | 'text' | 'json'; description: string };

export interface Parameter {
  name: string;
  in: 'query' | 'header';
  description: string;
  example?: string;
}

export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path syntax: `:name` segments are path parameters (ids: a-z, 0-9, "-"). */
  path: string;
  tag: 'Service' | 'Models' | 'Monitors' | 'Scoring' | 'Alerts' | 'Jobs';
  summary: string;
  description: string;
  /** Management operations need the admin bearer token. */
  admin?: boolean;
  parameters?: Parameter[];
  /** `optional`: the operation also works without a body. */
  requestBody?: { description: string; content: Record<string, Body>; optional?: boolean };
  responses: Record<number, { description: string; content?: Record<string, Body> }>;
}

const json = (schema: z.ZodMiniType) => ({ 'application/json': { schema } });
const described = (description: string) => ({ 'application/json': { format: 'json' as const, description } });
const error = (description: string) => ({ description, content: json(ErrorBody) });

/** The formats every batch endpoint decodes (src/formats/decode.ts). */
const batchBody = {
  description:
    'A batch of events, one row per event and one column per model feature (select columns with ?columns=). ' +
    'Binary formats are much faster than JSON for large batches.',
  content: {
    'application/x-npy': { format: 'binary', description: 'NumPy .npy, 2-D, float32 or float64' },
    'application/octet-stream': { format: 'binary', description: 'raw little-endian float32 with ?shape=rows,cols or X-Shape (or an .npy file)' },
    'text/csv': { format: 'text', description: 'comma-separated numbers, an optional header row of names' },
    'application/json': { schema: JsonBatch },
  },
} satisfies Operation['requestBody'];

const batchParameters: Parameter[] = [
  { name: 'columns', in: 'query', description: 'zero-based column indices or ranges to use as the model features, in this order', example: '1,2,3,4' },
  { name: 'shape', in: 'query', description: 'rows,cols of a raw float32 body', example: '5000,4' },
  { name: 'X-Shape', in: 'header', description: 'rows,cols of a raw float32 body (instead of ?shape=)' },
];

const batchErrors = {
  400: error('the body cannot be decoded (bad .npy header, ragged CSV, missing shape, bad id)'),
  413: error('the body is over the byte limit (refused before it is read), or has too many rows or columns'),
  415: error('unsupported Content-Type'),
  422: error('decoded, but not usable: wrong feature count, NaN or Infinity, an empty batch'),
};

const listed: Operation[] = [
  {
    operationId: 'getHealth',
    method: 'get',
    path: '/health',
    tag: 'Service',
    summary: 'Liveness',
    description: 'Answers 200 while the Worker runs, with the number of served models.',
    responses: { 200: { description: 'the service is up', content: json(Health) } },
  },
  {
    operationId: 'getOpenApi',
    method: 'get',
    path: '/openapi.json',
    tag: 'Service',
    summary: 'This API as an OpenAPI 3.1 document',
    description: 'Generated from the same zod schemas the routes validate with; /docs renders it for people.',
    responses: { 200: { description: 'the OpenAPI document', content: { 'application/json': { format: 'text', description: 'OpenAPI 3.1 JSON' } } } },
  },
  {
    operationId: 'listModels',
    method: 'get',
    path: '/v1/models',
    tag: 'Models',
    summary: 'Served models with their cards',
    description: 'Every model bundled with the Worker; the reference score sample is summarised by its size.',
    responses: { 200: { description: 'the models', content: json(ModelsList) } },
  },
  {
    operationId: 'getModel',
    method: 'get',
    path: '/v1/models/:model',
    tag: 'Models',
    summary: 'One model card',
    description: 'Features, preprocessing (folded into the ONNX graph), training metrics, reference histograms and provenance.',
    responses: {
      200: { description: 'the model card', content: json(PublicModelCard) },
      400: error('the id is not a valid id'),
      404: error('no such model'),
    },
  },
  {
    operationId: 'getModelOnnx',
    method: 'get',
    path: '/v1/models/:model/onnx',
    tag: 'Models',
    summary: 'The ONNX graph of a model',
    description:
      'The exact bytes the Worker scores with (SHA-256 in the card, also the ETag), so a browser or script can run the ' +
      'same model locally — the public scoring page does this with onnxruntime-web.',
    responses: {
      200: { description: 'the ONNX model', content: { 'application/octet-stream': { format: 'binary', description: 'ONNX protobuf' } } },
      304: { description: 'unchanged since the ETag given in If-None-Match' },
      400: error('the id is not a valid id'),
      404: error('no such model'),
    },
  },
  {
    operationId: 'createMonitor',
    method: 'post',
    path: '/v1/monitors',
    tag: 'Monitors',
    summary: 'Create a monitor',
    description: 'A monitor watches one served model: uploads are scored with it and compared with its reference scores.',
    admin: true,
    requestBody: { description: 'the new monitor', content: json(CreateMonitor) },
    responses: {
      201: { description: 'created, with its first upload token (shown once)', content: json(CreatedMonitor) },
      400: error('the body is not valid JSON'),
      401: error('no bearer token'),
      403: error('wrong token (forbidden), or an upload token (insufficient_scope)'),
      404: error('no such model'),
      409: error('the id is taken'),
      415: error('the body is not application/json'),
      422: error('a field is invalid, or the model has no reference scores'),
      503: error('no admin token is configured'),
    },
  },
  {
    operationId: 'listMonitors',
    method: 'get',
    path: '/v1/monitors',
    tag: 'Monitors',
    summary: 'All monitors',
    description: 'Every monitor, oldest first.',
    responses: { 200: { description: 'the monitors', content: json(MonitorsList) } },
  },
  {
    operationId: 'getMonitor',
    method: 'get',
    path: '/v1/monitors/:id',
    tag: 'Monitors',
    summary: 'One monitor',
    description: 'The monitor, its model, the baseline AUC from the model card and the latest upload.',
    responses: {
      200: { description: 'the monitor', content: json(MonitorView) },
      400: error('the id is not a valid id'),
      404: error('no such monitor'),
    },
  },
  {
    operationId: 'createUpload',
    method: 'post',
    path: '/v1/monitors/:id/uploads',
    tag: 'Monitors',
    summary: 'Upload a batch and score it against the reference',
    description:
      'Decodes, validates and scores the batch, then stores it once (content hash) with its summary: AUC with a 95% CI and ' +
      'p-value, calibrated JSD, features ranked by gradient importance with one-dimensional distances and histograms, and a ' +
      'ROC curve. A batch the monitor has already seen answers 200 with the first upload (duplicate: true). Either answer is ' +
      'the upload as GET of one upload shows it, plus duplicate. Closed monitors need one of ' +
      'their upload tokens as a bearer token; an Idempotency-Key binds a key to the first batch sent with it.',
    parameters: [
      ...batchParameters,
      { name: 'Idempotency-Key', in: 'header', description: 'a retry with the same key and events returns the first result; other events with the key are refused (422)' },
    ],
    requestBody: batchBody,
    responses: {
      201: { description: 'scored and stored', content: json(UploadAnswer) },
      200: { description: 'already uploaded: the first upload, duplicate: true', content: json(UploadAnswer) },
      ...batchErrors,
      401: error('closed monitor and no bearer token'),
      403: error('not an upload token of this monitor (forbidden or insufficient_scope)'),
      404: error('no such monitor'),
      422: error('not usable: wrong feature count, NaN or Infinity, fewer than 2 events, or an Idempotency-Key used with other events'),
    },
  },
  {
    operationId: 'listUploads',
    method: 'get',
    path: '/v1/monitors/:id/uploads',
    tag: 'Monitors',
    summary: 'Upload history',
    description: 'Newest first, paged with ?limit= and ?before=.',
    parameters: [
      { name: 'limit', in: 'query', description: 'how many, 1–500 (default 50)', example: '50' },
      { name: 'before', in: 'query', description: 'an upload id: list only uploads older than it' },
    ],
    responses: {
      200: { description: 'the uploads', content: json(UploadsList) },
      400: error('bad id, limit (invalid_limit), a repeated parameter (invalid_query), or a cursor that is not one of this monitor\'s uploads (invalid_cursor)'),
      404: error('no such monitor'),
    },
  },
  {
    operationId: 'scoreBatch',
    method: 'post',
    path: '/v1/score/:model',
    tag: 'Scoring',
    summary: 'Per-event scores for a batch (nothing stored)',
    description:
      'Public and read-only. The same formats and ?columns= as uploads. The public scoring page (/score/{model}) gives the ' +
      'same numbers by running the same ONNX file in the browser.',
    parameters: batchParameters,
    requestBody: batchBody,
    responses: {
      200: { description: 'the scores', content: json(ScoreResponse) },
      ...batchErrors,
      404: error('no such model'),
      429: error('over the per-client rate limit (Retry-After says when to retry); the body was not read'),
    },
  },
  {
    operationId: 'createUploadToken',
    method: 'post',
    path: '/v1/monitors/:id/tokens',
    tag: 'Monitors',
    summary: 'Create an upload token',
    description: 'A new upload token of the monitor, shown in this answer only (D1 keeps its SHA-256).',
    admin: true,
    responses: {
      201: { description: 'the token', content: json(UploadToken) },
      401: error('no bearer token'),
      403: error('wrong token, or an upload token'),
      404: error('no such monitor'),
    },
  },
  {
    operationId: 'revokeUploadToken',
    method: 'delete',
    path: '/v1/monitors/:id/tokens/:token',
    tag: 'Monitors',
    summary: 'Revoke an upload token',
    description: 'By the token id (tok_…), not the secret; uploads with the token are refused from then on.',
    admin: true,
    responses: {
      200: { description: 'revoked' },
      400: error('bad id'),
      401: error('no bearer token'),
      403: error('wrong token, or an upload token'),
      404: error('no such live token'),
    },
  },
  {
    operationId: 'setMonitorAccess',
    method: 'put',
    path: '/v1/monitors/:id/access',
    tag: 'Monitors',
    summary: 'Open or close a monitor to uploads without a token',
    description: 'open_uploads: true lets anyone upload (the demo monitor); false needs an upload token of the monitor.',
    admin: true,
    requestBody: { description: 'the setting', content: json(MonitorAccess) },
    responses: {
      200: { description: 'the new setting', content: json(MonitorAccess) },
      401: error('no bearer token'),
      403: error('wrong token, or an upload token'),
      404: error('no such monitor'),
      415: error('the body is not application/json'),
      422: error('invalid body'),
    },
  },
  {
    operationId: 'getUpload',
    method: 'get',
    path: '/v1/monitors/:id/uploads/:upload',
    tag: 'Monitors',
    summary: 'One upload',
    description: 'One upload with its result and rule evaluation (the target of `links.upload` in alert payloads).',
    responses: { 200: { description: 'the upload', content: json(Upload) }, 400: error('bad id'), 404: error('no such monitor or upload') },
  },
  {
    operationId: 'getRules',
    method: 'get',
    path: '/v1/monitors/:id/rules',
    tag: 'Alerts',
    summary: "The monitor's degradation rules",
    description:
      'The rules with every default filled in, the baseline they resolve to now, and the alert state (last alert, for the cooldown). ' +
      'A monitor without rules answers `rules: null`: its uploads are recorded as `no_rules`.',
    admin: true,
    responses: { 200: { description: 'the rules', content: described('{monitor_id, rules, baseline, state, updated_at}') }, ...adminErrors() },
  },
  {
    operationId: 'setRules',
    method: 'put',
    path: '/v1/monitors/:id/rules',
    tag: 'Alerts',
    summary: 'Set the degradation rules',
    description:
      'Replaces the rules: baseline, metric, rules with severities and absolute and/or relative thresholds, significance, cooldown, ' +
      'staleness. Every later upload is evaluated against them and records which rule fired or why none did.',
    admin: true,
    requestBody: { description: 'the rule set', content: json(RuleSetInput) },
    responses: {
      200: { description: 'the stored rules', content: described('{monitor_id, rules, baseline, state, updated_at}') },
      ...adminErrors(),
      415: error('the body is not application/json'),
      422: error('invalid rules, a pinned baseline upload that does not exist, or a relative rule without a baseline AUC'),
    },
  },
  {
    operationId: 'createWebhook',
    method: 'post',
    path: '/v1/monitors/:id/webhooks',
    tag: 'Alerts',
    summary: 'Add a webhook endpoint',
    description:
      'The answer carries the signing secret (whsec_…), the only time it is shown. Deliveries are signed per Standard Webhooks v1. ' +
      'URLs to loopback, private, link-local or metadata addresses are refused unless the deployment allows them.',
    admin: true,
    requestBody: { description: 'the endpoint', content: json(CreateWebhook) },
    responses: {
      201: { description: 'the endpoint and its secret', content: described('{id, url, status, secrets, …, secret}') },
      ...adminErrors(),
      409: error('the monitor has the most endpoints allowed'),
      415: error('the body is not application/json'),
      422: error('invalid body or URL'),
      503: error('webhooks are not configured on this deployment'),
    },
  },
  {
    operationId: 'listWebhooks',
    method: 'get',
    path: '/v1/monitors/:id/webhooks',
    tag: 'Alerts',
    summary: "The monitor's webhook endpoints",
    description: 'Each endpoint with its status (active, failing, disabled) and when each signing secret was created and stops signing; never the secrets.',
    admin: true,
    responses: { 200: { description: 'the endpoints', content: described('{monitor_id, webhooks: [{id, url, status, …}]}') }, ...adminErrors() },
  },
  {
    operationId: 'updateWebhook',
    method: 'patch',
    path: '/v1/monitors/:id/webhooks/:webhook',
    tag: 'Alerts',
    summary: 'Re-enable (or disable) a webhook endpoint',
    description:
      'enabled: true makes an endpoint that a 410 Gone disabled, or that is failing, active again: its failure state is cleared and ' +
      'the next event is delivered to it (replay earlier deliveries to send them). enabled: false stops it as a 410 does, cancelling ' +
      'its pending deliveries. Idempotent.',
    admin: true,
    requestBody: { description: 'the new state', content: json(UpdateWebhook) },
    responses: {
      200: { description: 'the endpoint', content: described('{id, url, status, status_reason, failing_since, …}') },
      ...adminErrors(),
      415: error('the body is not application/json'),
      422: error('invalid body'),
    },
  },
  {
    operationId: 'deleteWebhook',
    method: 'delete',
    path: '/v1/monitors/:id/webhooks/:webhook',
    tag: 'Alerts',
    summary: 'Remove a webhook endpoint',
    description: 'Nothing more is sent to it and its pending deliveries are cancelled; its delivery log stays in the events list.',
    admin: true,
    responses: { 200: { description: 'removed', content: described('{id, deleted: true}') }, ...adminErrors() },
  },
  {
    operationId: 'rotateWebhookSecret',
    method: 'post',
    path: '/v1/monitors/:id/webhooks/:webhook/rotate',
    tag: 'Alerts',
    summary: 'Rotate the signing secret',
    description:
      'A new secret, shown once. The previous one keeps signing for grace_s seconds (default one day), so every delivery meanwhile ' +
      'carries both signatures.',
    admin: true,
    requestBody: { description: 'optional: without one the previous secret keeps signing for a day', content: described('{grace_s?: 0–604800}'), optional: true },
    responses: { 200: { description: 'the endpoint and its new secret', content: described('{id, …, secret}') }, ...adminErrors(), 503: error('webhooks are not configured') },
  },
  {
    operationId: 'testWebhook',
    method: 'post',
    path: '/v1/monitors/:id/webhooks/:webhook/test',
    tag: 'Alerts',
    summary: 'Send a test event',
    description: 'A signed webhook.test event through the same queue, retries and log as real alerts.',
    admin: true,
    responses: { 202: { description: 'queued', content: described('{event_id, delivery_id}') }, ...adminErrors(), 409: error('the endpoint is disabled') },
  },
  {
    operationId: 'listDeliveries',
    method: 'get',
    path: '/v1/monitors/:id/webhooks/:webhook/deliveries',
    tag: 'Alerts',
    summary: "An endpoint's deliveries",
    description: 'Newest first (?limit=, default 50), each with its status and every attempt: time, HTTP status, latency, error, next wait.',
    admin: true,
    parameters: [{ name: 'limit', in: 'query', description: 'how many, 1–500 (default 50)' }],
    responses: { 200: { description: 'the deliveries', content: described('{webhook_id, deliveries: [{id, event_id, status, attempts, attempt_log, …}]}') }, ...adminErrors() },
  },
  {
    operationId: 'replayDelivery',
    method: 'post',
    path: '/v1/monitors/:id/webhooks/:webhook/deliveries/:delivery/replay',
    tag: 'Alerts',
    summary: 'Send a delivery again',
    description: 'The same event, webhook-id and body, newly signed, with a fresh attempt budget.',
    admin: true,
    responses: {
      202: { description: 'queued', content: described('{id, status, …}') },
      ...adminErrors(),
      409: error('the endpoint is disabled, or an attempt is in flight'),
    },
  },
  {
    operationId: 'listEvents',
    method: 'get',
    path: '/v1/monitors/:id/events',
    tag: 'Alerts',
    summary: "The monitor's alert events",
    description: 'Newest first (?limit=, default 50): degradation, staleness and failing-endpoint alerts and test sends, each with its payload and deliveries.',
    admin: true,
    parameters: [{ name: 'limit', in: 'query', description: 'how many, 1–500 (default 50)' }],
    responses: { 200: { description: 'the events', content: described('{monitor_id, events: [{id, type, payload, deliveries, …}]}') }, ...adminErrors() },
  },
  {
    operationId: 'createJob',
    method: 'post',
    path: '/v1/monitors/:id/jobs',
    tag: 'Jobs',
    summary: 'Start a scoring job for a large batch',
    description:
      'For batches too large for one request: send the file in parts (PUT /v1/jobs/{job}/parts/{part}), then complete it; it is ' +
      'scored in chunks by a queue consumer, with the same result as one upload. Same access rule as uploads.',
    requestBody: { description: 'the file format', content: json(CreateJob) },
    responses: {
      201: { description: 'the job and where to send its parts', content: described('{id, status, …, upload: {part_size, parts, complete, max_bytes}}') },
      400: error('bad id'),
      401: error('the monitor is closed: send an upload token'),
      403: error('the token is not valid for this monitor'),
      404: error('no such monitor'),
      415: error('the body is not application/json'),
      422: error('invalid body'),
    },
  },
  {
    operationId: 'listJobs',
    method: 'get',
    path: '/v1/monitors/:id/jobs',
    tag: 'Jobs',
    summary: "The monitor's scoring jobs",
    description: 'Newest first (?limit=, default 50), with status and errors.',
    parameters: [{ name: 'limit', in: 'query', description: 'how many, 1–500 (default 50)' }],
    responses: { 200: { description: 'the jobs', content: described('{monitor_id, jobs: [...]}') }, 400: error('bad id'), 404: error('no such monitor') },
  },
  {
    operationId: 'putJobPart',
    method: 'put',
    path: '/v1/jobs/:job/parts/:part',
    tag: 'Jobs',
    summary: "Send one part of a job's file",
    description: 'Part numbers 1–10000; every part but the last exactly part_size bytes; a part sent again replaces the earlier one.',
    requestBody: { description: 'the bytes of the part', content: { 'application/octet-stream': { format: 'binary', description: 'one part' } } },
    responses: {
      200: { description: 'stored', content: described('{job_id, part_number, size}') },
      400: error('bad part number or an empty part'),
      401: error('the monitor is closed: send an upload token'),
      404: error('no such job'),
      409: error('the job is no longer taking parts'),
    },
  },
  {
    operationId: 'completeJob',
    method: 'post',
    path: '/v1/jobs/:job/complete',
    tag: 'Jobs',
    summary: 'Finish sending parts and queue the job',
    description: 'Parts must be numbered 1…N without gaps; bad parts are refused (422) and the job stays open for corrected parts.',
    responses: {
      202: { description: 'queued for scoring', content: described('the job') },
      404: error('no such job'),
      413: error('the file is over the job size limit'),
      422: error('missing parts, or a part of the wrong size'),
    },
  },
  {
    operationId: 'getJob',
    method: 'get',
    path: '/v1/jobs/:job',
    tag: 'Jobs',
    summary: 'A scoring job',
    description: 'Status (uploading, queued, scoring, done, failed), progress in chunks, and when done the upload it produced, or the error.',
    responses: { 200: { description: 'the job', content: described('{id, status, chunks, next_chunk, upload?, error?, …}') }, 404: error('no such job') },
  },
  {
    operationId: 'runChecks',
    method: 'post',
    path: '/v1/checks/run',
    tag: 'Service',
    summary: 'Run the scheduled checks now',
    description:
      'The same code the Cron Trigger runs every 5 minutes: stale monitors, endpoints stuck failing, re-queueing lost deliveries and ' +
      'job steps, unscored files in the watched R2 prefix. Handy locally, where wrangler dev runs no cron.',
    admin: true,
    responses: {
      200: { description: 'what it did', content: described('{stale_alerts, failing_alerts, deliveries_requeued, jobs_requeued, notifications_sent}') },
      401: error('no bearer token'),
      403: error('wrong token'),
    },
  },
];

/**
 * Every operation; those that take a body also document the 413 of its byte limit (64 KiB for a
 * JSON settings body, MAX_BODY_BYTES for a batch, the job's part size for a job part).
 */
export const operations: Operation[] = listed.map((op) =>
  op.requestBody && !op.responses[413]
    ? { ...op, responses: { ...op.responses, 413: error('the body is over its byte limit') } }
    : op,
);

/** The answers every admin operation on a monitor shares. */
function adminErrors() {
  return {
    400: error('bad id'),
    401: error('no bearer token'),
    403: error('wrong token'),
    404: error('no such monitor (or endpoint, delivery)'),
  };
}

/**
 * An OpenAPI path from a Hono path.
 *
 * @example
 *   openApiPath('/v1/monitors/:id/uploads'); // '/v1/monitors/{id}/uploads'
 */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** Names of the path parameters of a Hono path, in order. */
export function pathParameters(honoPath: string): string[] {
  return [...honoPath.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}
