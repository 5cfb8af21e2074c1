/**
 * The OpenAPI 3.1 document of the API, generated from `operations` and the zod schemas: named
 * schemas (those with a metadata `id`) become `components.schemas` and are referenced by `$ref`;
 * OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod emits.
 *
 * @example
 *   const doc = openApiDocument();
 *   doc.paths['/v1/score/{model}'].post.operationId; // 'scoreBatch'
 */
import * as z from 'zod/mini';
import { ID_PATTERN } from '../http/ids.js';
import { openApiPath, operations, pathParameters, type Body, type Operation } from './operations.js';
// Imported for its side effect too: defining the schemas registers the named ones.
import './schemas.js';

export type JsonObject = { [key: string]: unknown };

const COMPONENT_PREFIX = '#/components/schemas/';
/** Path parameters that are monitor or model ids (http/ids.ts); record ids (wh_…, job_…) have their own forms. */
const SLUG_PARAMETERS = new Set(['id', 'model']);

let cached: JsonObject | undefined;

/** The document, built once per isolate (the inputs are constant). */
export function openApiDocument(): JsonObject {
  cached ??= buildDocument(operations);
  return cached;
}

function buildDocument(ops: Operation[]): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const op of ops) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path][op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'dreamwatch',
      version: '0.1.0',
      description:
        'Edge validation monitor for particle-physics simulation. A monitor compares uploaded event batches with a ' +
        "model's reference sample through a DREAM classifier: AUC 0.5 means the batch is indistinguishable from the " +
        'reference. Errors always have the shape {error: {code, message, details?}}.',
    },
    tags: [
      { name: 'Service', description: 'Liveness and this document' },
      { name: 'Models', description: 'Served ONNX models and their cards' },
      { name: 'Monitors', description: 'Monitors and their upload history' },
      { name: 'Scoring', description: 'Public per-event scores; nothing stored' },
      { name: 'Alerts', description: 'Degradation rules, signed webhooks and their delivery log' },
      { name: 'Jobs', description: 'Batches too large for one request, uploaded in parts and scored in chunks' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'the deployment admin token (ADMIN_TOKEN)' } },
    },
  };
}

function operationObject(op: Operation): JsonObject {
  const parameters = [
    ...pathParameters(op.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: SLUG_PARAMETERS.has(name) ? { type: 'string', pattern: ID_PATTERN.source } : { type: 'string' },
    })),
    ...(op.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      required: false,
      description: p.description,
      schema: { type: 'string' },
      ...(p.example !== undefined ? { example: p.example } : {}),
    })),
  ];
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(op.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.content ? { content: contentObject(response.content) } : {}),
    };
  }
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    ...(op.admin ? { security: [{ admin: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.requestBody
      ? { requestBody: { required: !op.requestBody.optional, description: op.requestBody.description, content: contentObject(op.requestBody.content) } }
      : {}),
    responses,
  };
}

function contentObject(content: Record<string, Body>): JsonObject {
  const out: JsonObject = {};
  for (const [mediaType, body] of Object.entries(content)) {
    out[mediaType] =
      'schema' in body
        ? { schema: schemaObject(body.schema) }
        : { schema: bodySchema(body.format, body.description) };
  }
  return out;
}

function bodySchema(format: 'binary' | 'text' | 'json', description: string): JsonObject {
  if (format === 'binary') return { type: 'string', format: 'binary', description };
  if (format === 'json') return { type: 'object', description };
  return { type: 'string', description };
}

/** A `$ref` for a named schema, else the schema inline. */
function schemaObject(schema: z.ZodMiniType): JsonObject {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `${COMPONENT_PREFIX}${id}` };
  return stripDialect(z.toJSONSchema(schema, { io: 'input' }) as JsonObject);
}

/**
 * Every named schema, each referring to the others by `$ref`. Schemas are emitted as inputs: the
 * bodies have no transforms, so input and output shapes agree, and input mode leaves plain
 * objects open to new fields (a client should tolerate fields added later).
 */
function componentSchemas(): JsonObject {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `${COMPONENT_PREFIX}${id}` }) as {
    schemas: Record<string, JsonObject>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, stripDialect(schema)]));
}

/** `$schema` and `$id` are implied inside an OpenAPI 3.1 document. */
function stripDialect(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
