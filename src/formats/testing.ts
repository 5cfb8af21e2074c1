/**
 * Assertions for the decoders' refusals, shared by the format tests and the shared-case tests.
 * Anything other than a FormatError propagates unchanged, so a crash is never mistaken for a
 * refusal, and a call that returns normally fails the test.
 *
 * @example
 *   const e = expectFormatError(() => decodeCsvText('1,2\n3\n'), 'ragged_csv');
 *   expect(e.details).toMatchObject({ row: 1 });
 */
import { expect } from 'vitest';
import { FormatError, type FormatErrorCode } from './errors.js';

/** The FormatError `f` throws. */
export function formatErrorOf(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

/** Asserts that `f` throws a FormatError with this code; returns it for checks of status and details. */
export function expectFormatError(f: () => unknown, code: FormatErrorCode): FormatError {
  const e = formatErrorOf(f);
  expect(e.code).toBe(code);
  return e;
}
