/** parseBody: a 422 whose issues say what was expected at which path (zod/mini's own text is "Invalid input"). */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ApiError } from './errors.js';
import { parseBody } from './validate.js';

const Schema = z.strictObject({
  enabled: z.boolean(),
  kind: z.enum(['absolute', 'relative']),
  threshold: z.number().check(z.gte(0)),
  name: z.optional(z.string().check(z.minLength(1, 'name must not be empty'))),
  url: z.optional(z.url()),
});

function issuesOf(value: unknown): { path: string; message: string }[] {
  try {
    parseBody(Schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.code]).toEqual([422, 'invalid_body']);
    return (e.details as { issues: { path: string; message: string }[] }).issues;
  }
  throw new Error('parseBody accepted the value');
}

describe('parseBody', () => {
  it('returns the value when it is valid', () => {
    expect(parseBody(Schema, { enabled: true, kind: 'absolute', threshold: 0.1 })).toEqual({ enabled: true, kind: 'absolute', threshold: 0.1 });
  });

  it('names the expected type, the allowed values, the bound and unknown keys', () => {
    expect(issuesOf({ enabled: 'yes', kind: 'sometimes', threshold: -1, colour: 'red' })).toEqual(
      expect.arrayContaining([
        { path: 'enabled', message: 'expected boolean' },
        { path: 'kind', message: 'expected one of "absolute", "relative"' },
        { path: 'threshold', message: 'must be ≥ 0' },
        { path: '(body)', message: 'unknown key "colour"' },
      ]),
    );
  });

  it('keeps a message written in the schema and names formats', () => {
    const issues = issuesOf({ enabled: true, kind: 'absolute', threshold: 0, name: '', url: 'not a url' });
    expect(issues).toContainEqual({ path: 'name', message: 'name must not be empty' });
    expect(issues.find((i) => i.path === 'url')?.message).toMatch(/^not a valid url$/);
  });

  it('describes lengths, exact sizes, patterns, tagged unions and bigint literals without throwing', () => {
    const Other = z.strictObject({
      code: z.string().check(z.length(3)),
      tags: z.array(z.string()).check(z.maxLength(2)),
      slug: z.string().check(z.regex(/^[a-z]+$/)),
      source: z.discriminatedUnion('kind', [z.object({ kind: z.literal('model_card') }), z.object({ kind: z.literal('upload'), id: z.string() })]),
      big: z.literal(1n),
    });
    let issues: { path: string; message: string }[] = [];
    try {
      parseBody(Other, { code: 'abcd', tags: ['a', 'b', 'c'], slug: 'A1', source: { kind: 'nope' }, big: 2 });
    } catch (error) {
      issues = ((error as ApiError).details as { issues: typeof issues }).issues;
    }
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'code', message: 'must have exactly 3 characters' },
        { path: 'tags', message: 'must have at most 2 items' },
        { path: 'slug', message: 'must match /^[a-z]+$/' },
        { path: 'source.kind', message: 'expected one of "model_card", "upload"' },
        { path: 'big', message: 'expected 1' },
      ]),
    );
  });

  it('says a value of the wrong kind at the top is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '(body)', message: 'expected object' }]);
  });
});
