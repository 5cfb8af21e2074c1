/**
 * onnxruntime-web inside workerd.
 *
 * workerd refuses to compile WebAssembly from bytes at run time, and ORT cannot locate its own
 * script URL there. So the wasm arrives pre-compiled through wrangler's CompiledWasm rule, ORT is
 * handed a one-byte placeholder `wasmBinary` (which makes it skip URL detection and fetching), and
 * `WebAssembly.instantiate` is wrapped so that the call made with (a copy of) that placeholder instantiates the
 * pre-compiled module instead — instantiating a compiled Module is allowed.
 *
 * @example
 *   const session = await createSession(modelBytes);
 *   const out = await session.run({ x: new ort.Tensor('float32', data, [rows, cols]) });
 */
import * as ort from 'onnxruntime-web/wasm';
// wrangler's module rules resolve paths relative to this file, not through package exports.
import ortWasmModule from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm';

export { ort };

// ORT copies wasmBinary before instantiating, so the placeholder is recognised by its content; it
// is not a wasm module (those start with "\0asm"), so it can never be mistaken for a real one.
const placeholder = new TextEncoder().encode('dreamwatch:ort-wasm-placeholder');

function isPlaceholder(source: unknown): boolean {
  if (!ArrayBuffer.isView(source) || source.byteLength !== placeholder.byteLength) return false;
  const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return bytes.every((b, i) => b === placeholder[i]);
}
let configured = false;

function configureOnce(): void {
  if (configured) return;
  configured = true;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = placeholder;
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (
    source: BufferSource | WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => Promise<unknown>;
  (WebAssembly as { instantiate: unknown }).instantiate = async (
    source: BufferSource | WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => {
    if (isPlaceholder(source)) {
      const instance = (await instantiate(ortWasmModule, imports)) as WebAssembly.Instance;
      return { instance, module: ortWasmModule };
    }
    return instantiate(source, imports);
  };
}

/** Creates an inference session from ONNX bytes with the single-threaded wasm backend. */
export async function createSession(model: ArrayBuffer | Uint8Array): Promise<ort.InferenceSession> {
  configureOnce();
  const bytes = model instanceof Uint8Array ? model : new Uint8Array(model);
  return ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
}
