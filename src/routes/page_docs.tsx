/**
 * GET /docs — the API reference for people, rendered from the same OpenAPI document that
 * /openapi.json serves (so the two cannot disagree): operations by tag with their parameters,
 * bodies and answers, then every named schema as a table of fields.
 */
import type { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { openApiDocument, type JsonObject } from '../api/openapi.js';
import type { AppEnv } from '../env.js';
import { htmlPage, Layout } from '../pages/layout.js';

type Schema = JsonObject;
interface Field {
  name: string;
  type: unknown;
  required: boolean;
  description?: string;
}

export function registerDocsPage(app: Hono<AppEnv>): void {
  app.get('/docs', (c) => {
    const doc = openApiDocument() as {
      info: { title: string; description: string };
      tags: { name: string; description: string }[];
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    return htmlPage(
      c,
      <Layout title="API reference" current="docs" description="The dreamwatch HTTP API: operations, parameters, bodies and answers.">
        <h1>API reference</h1>
        <p>{doc.info.description}</p>
        <p>
          Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, generated from the same schemas the service validates with).
        </p>
        <nav aria-label="Operations">
          <ul>
            {doc.tags.map((tag) => (
              <li>
                <strong>{tag.name}</strong>: {tag.description} —{' '}
                {operations
                  .filter(({ op }) => op.tags.includes(tag.name))
                  .map(({ path, method, op }, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`#${op.operationId}`}>
                        {method.toUpperCase()} {path}
                      </a>
                    </>
                  ))}
              </li>
            ))}
          </ul>
        </nav>
        {doc.tags.map((tag) => (
          <section aria-labelledby={`tag-${tag.name}`}>
            <h2 id={`tag-${tag.name}`}>{tag.name}</h2>
            {operations
              .filter(({ op }) => op.tags.includes(tag.name))
              .map(({ path, method, op }) => (
                <OperationView path={path} method={method} op={op} />
              ))}
          </section>
        ))}
        <h2 id="schemas">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <section class="op" id={`schema-${name}`} aria-labelledby={`schema-${name}-h`}>
            <h3 id={`schema-${name}-h`}>
              <code>{name}</code>
            </h3>
            {typeof schema.description === 'string' && <p>{schema.description}</p>}
            <SchemaView schema={schema} />
          </section>
        ))}
      </Layout>,
    );
  });
}

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Schema; example?: string }[];
  requestBody?: { description: string; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

function OperationView({ path, method, op }: { path: string; method: string; op: Operation }) {
  return (
    <section class="op" id={op.operationId} aria-labelledby={`${op.operationId}-h`}>
      <h3 id={`${op.operationId}-h`}>
        <span class={`method ${method}`}>{method.toUpperCase()}</span>
        <code>{path}</code> — {op.summary}
      </h3>
      <p>{op.description}</p>
      {op.security && (
        <p>
          <strong>Needs the admin token:</strong> <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code>.
        </p>
      )}
      {op.parameters && op.parameters.length > 0 && (
        <table>
          <caption>Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Required</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr>
                <th scope="row">
                  <code>{p.name}</code>
                </th>
                <td>{p.in}</td>
                <td>{p.required ? 'yes' : 'no'}</td>
                <td>
                  {p.description ?? (p.in === 'path' ? (typeof p.schema.pattern === 'string' ? `an id matching ${p.schema.pattern}` : 'an id from an earlier answer') : '')}
                  {p.example !== undefined && (
                    <>
                      {' '}
                      e.g. <code>{p.example}</code>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {op.requestBody && (
        <>
          <p>
            <strong>Body</strong>: {op.requestBody.description}
          </p>
          <ul>
            {Object.entries(op.requestBody.content).map(([mediaType, { schema }]) => (
              <li>
                <code>{mediaType}</code>: <TypeView schema={schema} />
              </li>
            ))}
          </ul>
        </>
      )}
      <table>
        <caption>Answers</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Status
            </th>
            <th scope="col">Meaning</th>
            <th scope="col">Body</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(op.responses).map(([status, response]) => (
            <tr>
              <td class="num">{status}</td>
              <td>{response.description}</td>
              <td>
                {response.content
                  ? Object.entries(response.content).map(([mediaType, { schema }]) => (
                      <div>
                        <code>{mediaType}</code> <TypeView schema={schema} />
                      </div>
                    ))
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A schema as a one-line type, with named schemas as links. */
function TypeView({ schema }: { schema: unknown }): JSX.Element {
  const s = (schema ?? {}) as Schema;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return (
      <a href={`#schema-${name}`}>
        <code>{name}</code>
      </a>
    );
  }
  if (Array.isArray(s.anyOf)) return <>{join(s.anyOf.map((x) => <TypeView schema={x} />), ' | ')}</>;
  if ('const' in s) return <code>{JSON.stringify(s.const)}</code>;
  if (Array.isArray(s.enum)) return <code>{s.enum.map((v) => JSON.stringify(v)).join(' | ')}</code>;
  if (Array.isArray(s.type)) return <code>{s.type.join(' | ')}</code>;
  if (s.type === 'array') {
    if (Array.isArray(s.prefixItems)) return <>[{join(s.prefixItems.map((x) => <TypeView schema={x} />), ', ')}]</>;
    return (
      <>
        <TypeView schema={s.items} />
        <code>[]</code>
      </>
    );
  }
  if (s.type === 'object') {
    if (s.properties) return <code>object</code>;
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      return (
        <>
          <code>{'{ [key]: '}</code>
          <TypeView schema={s.additionalProperties} />
          <code>{' }'}</code>
        </>
      );
    }
    return typeof s.description === 'string' ? (
      <>
        <code>object</code> <code>{s.description}</code>
      </>
    ) : (
      <code>object</code>
    );
  }
  if (s.format === 'binary') return <span>bytes{typeof s.description === 'string' ? ` (${s.description})` : ''}</span>;
  if (typeof s.type === 'string') {
    return (
      <>
        <code>{s.type}</code>
        {typeof s.pattern === 'string' && (
          <>
            {' '}
            matching <code>{s.pattern}</code>
          </>
        )}
      </>
    );
  }
  return <code>any</code>;
}

/** The fields of an object schema, nested objects as dotted names, as a table. */
function SchemaView({ schema }: { schema: Schema }) {
  const fields = objectFields(schema, '');
  if (fields.length === 0) return <p>Type: <TypeView schema={schema} /></p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr>
            <th scope="row">
              <code>{f.name}</code>
            </th>
            <td>
              <TypeView schema={f.type} />
            </td>
            <td>{f.required ? 'yes' : 'no'}</td>
            <td>{f.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function objectFields(schema: Schema, prefix: string, depth = 0): Field[] {
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (!properties) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, property]) => {
    const inner = nullableObject(property);
    const field: Field = {
      name: `${prefix}${name}`,
      type: property,
      required: required.has(name),
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
    };
    return inner && depth < 2 ? [field, ...objectFields(inner, `${prefix}${name}.`, depth + 1)] : [field];
  });
}

/** The object inside `object` or `object | null`, for listing its fields under the parent. */
function nullableObject(schema: Schema): Schema | null {
  if (schema.type === 'object' && schema.properties) return schema;
  if (Array.isArray(schema.anyOf)) {
    const object = (schema.anyOf as Schema[]).find((s) => s.type === 'object' && s.properties);
    return object ?? null;
  }
  return null;
}

function join(parts: unknown[], separator: string): unknown[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}
