/**
 * Runs in Node before the worker tests: hands the bad-input corpus (test/corpus/manifest.json and
 * its files) to the tests, which run inside workerd and cannot read files themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../corpus', import.meta.url));

export default function setup(project: TestProject): void {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(join(root, 'files'), path).split(sep).join('/')] = readFileSync(path).toString('base64');
    }
  };
  walk(join(root, 'files'));
  project.provide('corpus', { manifest: readFileSync(join(root, 'manifest.json'), 'utf8'), files });
}

declare module 'vitest' {
  export interface ProvidedContext {
    corpus: { manifest: string; files: Record<string, string> };
  }
}
