/** The shape of test/corpus/manifest.json (written by generate.ts, read by the corpus worker test). */

export type RouteName = 'upload' | 'upload_token' | 'score' | 'create';

export interface Expectation {
  /** One status, or the statuses accepted (2xx cases that are valid for that route). */
  status: number | number[];
  /** Stable error code of a 4xx answer. */
  code?: string;
}

export interface CorpusCase {
  id: string;
  about: string;
  body?: { file: string } | { text: string } | { generate: Generate };
  content_type?: string;
  /** Appended to every route's path, e.g. "?columns=1,2,3,4". */
  query?: string;
  headers?: Record<string, string>;
  /** Replaces the monitor id (uploads) and model id (score) in the path, and the id in the create body. */
  path_id?: string;
  /** A request sent first (and expected to succeed) on the upload routes: "nothing changed" is checked after it. */
  prelude?: { body: { text: string }; content_type: string; headers?: Record<string, string> };
  expect: Record<RouteName, Expectation>;
}

export type Generate =
  | { kind: 'csv_rows'; rows: number; line: string }
  | { kind: 'nested'; open: string; inner: string; close: string; depth: number }
  | { kind: 'declared_length'; declared: number; bytes: number }
  | { kind: 'endless_stream'; chunk: number };
