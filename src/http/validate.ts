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
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ApiError(422, 'invalid_body', summary, { issues });
}
