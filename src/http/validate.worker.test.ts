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

  it('says a value of the wrong kind at the top is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '(body)', message: 'expected object' }]);
  });
});
