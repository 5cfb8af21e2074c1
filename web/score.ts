/**
 * The public scoring page in the browser (/score/:model): decode the picked file with the service's
 * own decoders, run the model with onnxruntime-web, draw the score histogram with the service's own
 * chart component, and offer the scores as CSV. Nothing leaves the browser except the requests for
 * the model and the runtime.
 *
 * Backend: WebGPU needs a usable GPU adapter and the JSPI build of onnxruntime-web (its 16.8 MB
 * wasm; the asyncify WebGPU build is 26.8 MB, over the 25 MiB limit on one static asset); the
 * wasm backend uses the same ort-wasm-simd-threaded.wasm the Worker scores with, so its numbers
 * are the server's, bit for bit. Threads need a cross-origin-isolated page, which this is not, so
 * the wasm backend runs on one thread — as in the Worker.
 */
import type * as OrtModule from 'onnxruntime-web';
import { decodeBatch } from '../src/formats/decode.js';
import type { Matrix } from '../src/formats/matrix.js';
import { ScoreHistogramChart } from '../src/pages/charts/score-histogram.js';

type Ort = typeof OrtModule;
type Backend = 'webgpu' | 'wasm';

/** Where scripts/build-assets.mjs puts the runtime files. */
const ORT_BASE = '/static/ort/';
/** Events per session.run, as in src/inference/score.ts, so both run the same slices. */
const SLICE_ROWS = 16384;
/** Generous for a browser tab, but bounded: 2 M events × 64 features is 512 MB of float32. */
const LIMITS = { maxRows: 2_000_000, maxCols: 1024 };
const PREVIEW_ROWS = 10;

interface ModelInfo {
  id: string;
  input: string;
  output: string;
  features: number;
  kind: string;
}

interface Runtime {
  ort: Ort;
  backend: Backend;
}

const form = document.querySelector<HTMLFormElement>('#score-form');
if (form) setUp(form);

function setUp(form: HTMLFormElement): void {
  const model: ModelInfo = {
    id: form.dataset.model!,
    input: form.dataset.input!,
    output: form.dataset.output!,
    features: Number(form.dataset.features),
    kind: form.dataset.kind ?? 'classifier',
  };
  const button = form.querySelector<HTMLButtonElement>('#score-run')!;
  const status = document.querySelector<HTMLElement>('#score-status')!;
  const sessions = new Map<Backend, Promise<{ runtime: Runtime; session: OrtModule.InferenceSession }>>();
  button.disabled = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = form.querySelector<HTMLInputElement>('#score-file')!.files?.[0];
    if (!file) {
      say(status, 'Choose a file first.', true);
      return;
    }
    const columns = form.querySelector<HTMLInputElement>('#score-columns')!.value.trim();
    const choice = form.querySelector<HTMLSelectElement>('#score-backend')!.value as Backend | 'auto';
    button.disabled = true;
    run(file, columns, choice)
      .catch((err: unknown) => say(status, `Could not score the file: ${err instanceof Error ? err.message : String(err)}`, true))
      .finally(() => {
        button.disabled = false;
      });
  });

  async function run(file: File, columns: string, choice: Backend | 'auto'): Promise<void> {
    say(status, `Reading ${file.name}…`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { matrix } = decodeBatch(bytes, contentTypeOf(file.name, bytes), { ...LIMITS, ...(columns ? { columns } : {}) });
    if (matrix.cols !== model.features) {
      throw new Error(`the model takes ${model.features} features and the file has ${matrix.cols} columns; give the columns to use`);
    }
    const backend = choice === 'auto' ? ((await webGpuUsable()) ? 'webgpu' : 'wasm') : choice;
    say(status, `Loading the model and the ${backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'} runtime…`);
    let loading = sessions.get(backend);
    if (!loading) {
      loading = openSession(model.id, backend);
      loading.catch(() => sessions.delete(backend));
      sessions.set(backend, loading);
    }
    const { runtime, session } = await loading;
    say(status, `Scoring ${matrix.rows} events with ${runtime.backend}…`);
    const started = performance.now();
    const scores = await scoreAll(runtime.ort, session, model, matrix);
    const elapsed = performance.now() - started;
    show(file.name, scores, runtime.backend, elapsed);
    say(status, `Scored ${scores.length} events in your browser with ${runtime.backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'}; nothing was uploaded.`);
  }

  function show(fileName: string, scores: Float32Array, backend: Backend, elapsedMs: number): void {
    const result = document.querySelector<HTMLElement>('#score-result')!;
    result.dataset.n = String(scores.length);
    result.dataset.backend = backend;
    const facts = document.querySelector<HTMLElement>('#score-facts')!;
    facts.replaceChildren(
      fact('File', fileName),
      fact('Events', String(scores.length)),
      fact('Ran on', backend === 'webgpu' ? 'WebGPU' : 'WebAssembly (wasm, one thread)', 'score-backend-used'),
      fact('Time', `${elapsedMs.toFixed(0)} ms`),
    );
    const label = model.kind === 'density' ? 'log-likelihood' : 'score';
    document.querySelector<HTMLElement>('#score-chart')!.innerHTML = String(ScoreHistogramChart({ id: 'score-histogram', scores, label }));
    const csv = scoresCsv(scores);
    const link = document.querySelector<HTMLAnchorElement>('#score-download')!;
    if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = `${fileName.replace(/\.[^.]*$/, '')}-${model.id}-scores.csv`;
    const rows = Array.from(scores.subarray(0, PREVIEW_ROWS), (score, i) => {
      const tr = document.createElement('tr');
      for (const text of [String(i), String(score)]) {
        const td = document.createElement('td');
        td.className = 'num';
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    document.querySelector('#score-preview tbody')!.replaceChildren(...rows);
    result.hidden = false;
  }
}

/** A one-thread session of the model on the chosen backend, with the runtime it came from. */
async function openSession(modelId: string, backend: Backend): Promise<{ runtime: Runtime; session: OrtModule.InferenceSession }> {
  const runtime = await loadRuntime(backend);
  const response = await fetch(`/v1/models/${encodeURIComponent(modelId)}/onnx`);
  if (!response.ok) throw new Error(`the model could not be fetched (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const session = await runtime.ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
  return { runtime, session };
}

async function loadRuntime(backend: Backend): Promise<Runtime> {
  // A computed specifier: the runtime is served as static files, not bundled into this script.
  const entry = `${ORT_BASE}${backend === 'webgpu' ? 'ort.jspi.min.mjs' : 'ort.wasm.min.mjs'}`;
  const ort = (await import(entry)) as Ort;
  ort.env.wasm.wasmPaths = ORT_BASE;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  return { ort, backend };
}

/** WebGPU with an adapter, and JSPI, which the WebGPU build of onnxruntime-web served here needs. */
async function webGpuUsable(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu || !('Suspending' in WebAssembly)) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

async function scoreAll(ort: Ort, session: OrtModule.InferenceSession, model: ModelInfo, matrix: Matrix): Promise<Float32Array> {
  const scores = new Float32Array(matrix.rows);
  for (let start = 0; start < matrix.rows; start += SLICE_ROWS) {
    const rows = Math.min(SLICE_ROWS, matrix.rows - start);
    const input = matrix.data.subarray(start * matrix.cols, (start + rows) * matrix.cols);
    const out = await session.run({ [model.input]: new ort.Tensor('float32', input, [rows, matrix.cols]) }, [model.output]);
    scores.set(out[model.output].data as Float32Array, start);
    out[model.output].dispose();
  }
  return scores;
}

/**
 * The Content-Type the server would be sent for this file: by extension, else .npy by its magic.
 *
 * @example
 *   contentTypeOf('batch.csv', bytes); // 'text/csv'
 */
function contentTypeOf(name: string, bytes: Uint8Array): string {
  const extension = name.toLowerCase().split('.').pop();
  if (extension === 'npy') return 'application/x-npy';
  if (extension === 'csv' || extension === 'txt') return 'text/csv';
  if (extension === 'json') return 'application/json';
  return bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY' ? 'application/x-npy' : 'text/csv';
}

/**
 * "event,score" lines; each score printed as JavaScript prints the float32 value, which is also how
 * it appears in the JSON of POST /v1/score/:model.
 */
function scoresCsv(scores: Float32Array): string {
  const lines = ['event,score'];
  for (let i = 0; i < scores.length; i++) lines.push(`${i},${scores[i]}`);
  return `${lines.join('\n')}\n`;
}

function fact(term: string, value: string, id?: string): HTMLElement {
  const div = document.createElement('div');
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = term;
  dd.textContent = value;
  if (id) dd.id = id;
  div.append(dt, dd);
  return div;
}

function say(status: HTMLElement, message: string, isError = false): void {
  status.textContent = message;
  status.classList.toggle('error', isError);
  if (isError) status.setAttribute('role', 'alert');
  else status.setAttribute('role', 'status');
}
