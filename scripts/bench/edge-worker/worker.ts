/**
 * A benchmark-only Worker, never deployed: it runs onnxruntime-web inside workerd exactly as the
 * service does (src/inference/ort.ts), so scripts/bench/runtimes.ts can time inference in the
 * Worker runtime itself rather than in Node's older V8. Loopback use by the benchmarks only.
 *
 *   PUT  /model               body: ONNX bytes             → creates the session
 *   PUT  /batch?rows=&cols=   body: float32 little-endian  → keeps the batch
 *   POST /run?reps=&fetches=  runs the session `reps` times on the batch (a new input tensor
 *                             each time, as the service does), answers the first fetched
 *                             output of the last run as float32 bytes (empty when reps is 0)
 *
 * The caller times requests from outside: workerd's clock is not meant to time CPU work (on
 * Cloudflare it only moves on I/O), so the time per run is the difference between a request with
 * `reps` runs and one with none, divided by `reps`.
 */
import { createSession, ort } from '../../../src/inference/ort.js';

let session: ort.InferenceSession | undefined;
let batch: { data: Float32Array; rows: number; cols: number } | undefined;

function int(url: URL, name: string): number {
  const value = Number(url.searchParams.get(name));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (request.method === 'PUT' && url.pathname === '/model') {
    await session?.release();
    session = await createSession(new Uint8Array(await request.arrayBuffer()));
    return Response.json({ inputs: session.inputNames, outputs: session.outputNames });
  }
  if (request.method === 'PUT' && url.pathname === '/batch') {
    const rows = int(url, 'rows');
    const cols = int(url, 'cols');
    const data = new Float32Array(await request.arrayBuffer());
    if (data.length !== rows * cols) throw new Error(`${data.length} values for ${rows} × ${cols}`);
    batch = { data, rows, cols };
    return Response.json({ rows, cols });
  }
  if (request.method === 'POST' && url.pathname === '/run') {
    if (!session || !batch) throw new Error('PUT /model and /batch first');
    const reps = int(url, 'reps');
    const fetches = (url.searchParams.get('fetches') ?? session.outputNames[0]).split(',');
    let first = new Float32Array(0);
    for (let i = 0; i < reps; i++) {
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', batch.data, [batch.rows, batch.cols]) }, fetches);
      if (i === reps - 1) first = (out[fetches[0]].data as Float32Array).slice();
      for (const tensor of Object.values(out)) tensor.dispose();
    }
    return new Response(first);
  }
  return new Response('not found', { status: 404 });
}

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      return await handle(request);
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 400 });
    }
  },
};
