/**
 * Validates a parsed JSON body against a zod schema; failures are a 422 naming each bad field.
 *
 * @example
 *   const body = parseBody(CreateMonitor, await readJson(request, limit));
 */
import * as z from 'zod/mini';
import { ApiError } from './errors.js';

export function parseBody<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: describeIssue(issue),
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ApiError(422, 'invalid_body', summary, { issues });
}

/**
 * A message that says what is wrong. zod/mini loads no locale, so its own messages are all
 * "Invalid input"; the issue itself says what was expected.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  // A message written in a schema says it best.
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `must be ${issue.origin === 'number' ? '' : 'of size '}${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.origin === 'number' ? '' : 'of size '}${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return `not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}
