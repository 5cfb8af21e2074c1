/**
 * Runs in Node before the worker tests: a real webhook receiver on 127.0.0.1 (test/receiver.ts)
 * that verifies every delivery with the `standardwebhooks` library. The tests, inside workerd,
 * point webhook endpoints at it and read its log over HTTP.
 */
import type { TestProject } from 'vitest/node';
import { startReceiver } from '../receiver.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startReceiver();
  project.provide('receiverUrl', receiver.url);
  return () => receiver.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    receiverUrl: string;
  }
}
