/**
 * Runs in Node before the worker tests: cuts real LHC Olympics batches out of ../shared/data and
 * hands them to the tests (which run inside workerd and cannot read files) as base64 .npy.
 */
import type { TestProject } from 'vitest/node';
import { lhcoTestBatches } from '../../scripts/data/test-batches.js';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('lhcoBatches', await lhcoTestBatches());
}

declare module 'vitest' {
  export interface ProvidedContext {
    lhcoBatches: Record<string, string> | null;
  }
}
