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
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quote).join(', ')}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? quote(issue.values[0]) : `one of ${issue.values.map(quote).join(', ')}`}`;
    case 'invalid_union': {
      // A discriminated union names its tag and the values it knows.
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length > 0 ? `expected one of ${options.map(quote).join(', ')}` : 'matches none of the allowed forms';
    }
    case 'too_small':
    case 'too_big':
      return describeBound(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return describeFormat(issue);
    default:
      return issue.message;
  }
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = String(small ? issue.minimum : issue.maximum);
  const what = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
  if (issue.exact) return `must have exactly ${bound}${what}`;
  const relation = issue.inclusive === false ? (small ? 'more than' : 'fewer than') : small ? 'at least' : 'at most';
  if (what) return `must have ${relation} ${bound}${what}`;
  return `must be ${issue.inclusive === false ? (small ? '>' : '<') : small ? '≥' : '≤'} ${bound}`;
}

function describeFormat(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const detail = issue as { pattern?: unknown; prefix?: unknown; suffix?: unknown; includes?: unknown };
  if (issue.format === 'regex') return `must match ${String(detail.pattern)}`;
  if (issue.format === 'starts_with') return `must start with ${quote(detail.prefix)}`;
  if (issue.format === 'ends_with') return `must end with ${quote(detail.suffix)}`;
  if (issue.format === 'includes') return `must include ${quote(detail.includes)}`;
  return `not a valid ${issue.format}`;
}

/** A value as JSON, bigints included (JSON.stringify throws on them). */
function quote(value: unknown): string {
  return typeof value === 'bigint' ? `${value}` : (JSON.stringify(value) ?? String(value));
}
