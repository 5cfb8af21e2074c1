#!/usr/bin/env node
// Builds public/ — the static files wrangler serves beside the Worker ([assets] in wrangler.toml):
// - public/static/ort/: the onnxruntime-web browser runtime, copied from node_modules (the wasm
//   build for every browser, the JSPI build for WebGPU). Served as static assets, not bundled into
//   the Worker, so they cost nothing in the Worker's size limit;
// - public/static/js/score.js: the public scoring page's script (web/score.ts), bundled with the
//   service's own decoders and chart component.
// public/ is generated (git-ignored); `npm start`, the tests and the screenshot script run this
// first, so a fresh clone needs only `npm ci`. Unchanged files are not copied again.
//
// Usage: node scripts/build-assets.mjs            (or: import { buildAssets } from './build-assets.mjs')
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The runtime files the scoring page loads, by backend. */
export const ORT_FILES = [
  // wasm backend: the same ort-wasm-simd-threaded.wasm the Worker runs, so the same numbers.
  'ort.wasm.min.mjs',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  // WebGPU backend: the JSPI build (16.8 MB wasm); the asyncify build's 26.8 MB wasm is over the
  // 25 MiB limit Cloudflare puts on one static asset.
  'ort.jspi.min.mjs',
  'ort-wasm-simd-threaded.jspi.mjs',
  'ort-wasm-simd-threaded.jspi.wasm',
];

/** Builds public/ under `rootDir`; returns the paths written. */
export async function buildAssets(rootDir = root) {
  const written = [];
  const ortSource = join(rootDir, 'node_modules', 'onnxruntime-web', 'dist');
  const ortTarget = join(rootDir, 'public', 'static', 'ort');
  mkdirSync(ortTarget, { recursive: true });
  for (const file of ORT_FILES) {
    const from = join(ortSource, file);
    const to = join(ortTarget, file);
    if (!upToDate(from, to)) {
      copyFileSync(from, to);
      written.push(to);
    }
  }
  const { build } = await import('esbuild');
  const scoreScript = join(rootDir, 'public', 'static', 'js', 'score.js');
  await build({
    entryPoints: [join(rootDir, 'web', 'score.ts')],
    outfile: scoreScript,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    legalComments: 'none',
    logLevel: 'warning',
  });
  written.push(scoreScript);
  return written;
}

/** Same size and not older: node_modules changes only through npm, which rewrites the files. */
function upToDate(from, to) {
  try {
    const source = statSync(from);
    const target = statSync(to);
    return source.size === target.size && target.mtimeMs >= source.mtimeMs;
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await buildAssets();
  console.log(`public/: ${written.length} file(s) written`);
}
