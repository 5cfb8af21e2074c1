/**
 * GET /score — pick a model; GET /score/:model — the public scoring page: the visitor picks a local
 * .npy or CSV file, the model runs in the browser with onnxruntime-web (WebGPU when the browser
 * has a usable adapter, wasm otherwise; the page says which), nothing is uploaded, and the scores
 * come back as a histogram and a CSV download. The file is decoded by the same code as
 * POST /v1/score/:model (src/formats/decode.ts, bundled for the browser), and the wasm backend runs
 * the same ONNX file with the same onnxruntime-web build, so the numbers are the same.
 *
 * The browser code is web/score.ts, bundled into /static/js/score.js by scripts/build-assets.mjs; the
 * runtime (~14 MB of wasm, ~3.7 MB compressed) is fetched only when a file is scored.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ID_PATTERN } from '../http/ids.js';
import { htmlPage, Layout, NotFound } from '../pages/layout.js';

export function registerScorePage(app: Hono<AppEnv>): void {
  app.get('/score', (c) => {
    const models = c.var.services.registry.list();
    return htmlPage(
      c,
      <Layout title="Score a file" current="score" description="Score a local event file in your browser with a served model.">
        <h1>Score a file in your browser</h1>
        <p>Pick a model. The file you choose next stays on your computer: the model runs in the browser.</p>
        <ul id="score-models">
          {models.map(({ card }) => (
            <li>
              <a href={`/score/${card.id}`}>{card.id}</a> — {card.description}
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get('/score/:model', (c) => {
    const id = c.req.param('model');
    const { registry } = c.var.services;
    if (!ID_PATTERN.test(id) || !registry.has(id)) {
      return htmlPage(c, <NotFound what={`There is no model with id "${id.slice(0, 64)}".`} back={{ href: '/score', label: 'All models' }} current="score" />, 404);
    }
    const card = registry.get(id).card;
    const features = card.features.map((f) => f.name);
    return htmlPage(
      c,
      <Layout title={`Score a file with ${card.id}`} current="score" scripts={['/static/js/score.js']} description={`Score a local event file with ${card.id} in your browser.`}>
        <p class="muted no-print">
          <a href="/score">Score a file</a> › <code>{card.id}</code>
        </p>
        <h1>
          Score a file with <a href={`/models/${card.id}`}>{card.id}</a>
        </h1>
        <p>
          The model runs in your browser with onnxruntime-web; <strong>the file is not uploaded</strong>. You get one score per event — the same
          numbers as <code>POST /v1/score/{card.id}</code> gives for the same file (see the <a href="/docs#scoreBatch">API reference</a>).
        </p>
        <p>
          The model takes {features.length} features, in this order: <code>{features.join(', ')}</code>. A file with more columns needs the
          columns to use.
        </p>
        <form
          class="score"
          id="score-form"
          data-model={card.id}
          data-input={card.onnx.input}
          data-output={card.onnx.score_output}
          data-features={features.length}
          data-kind={card.kind}
        >
          <label for="score-file">Event file (.npy, or .csv with one event per row)</label>
          <input id="score-file" name="file" type="file" accept=".npy,.csv,.txt,.json,application/x-npy,text/csv,application/json" required aria-describedby="score-file-help" />
          <p id="score-file-help" class="muted">
            A 2-D NumPy array (float32 or float64), or comma-separated numbers with an optional header row, or JSON rows.
          </p>
          <label for="score-columns">Columns to use (optional)</label>
          <input id="score-columns" name="columns" type="text" inputmode="numeric" placeholder="e.g. 1,2,3,4" aria-describedby="score-columns-help" autocomplete="off" />
          <p id="score-columns-help" class="muted">
            Zero-based column indices or ranges such as <code>0,3-5</code>, in the model's feature order — the same as <code>?columns=</code>{' '}
            in the API.
          </p>
          <label for="score-backend">Run on</label>
          <select id="score-backend" name="backend" aria-describedby="score-backend-help">
            <option value="auto">WebGPU if this browser has it, else WebAssembly</option>
            <option value="wasm">WebAssembly (identical numbers to the server)</option>
            <option value="webgpu">WebGPU</option>
          </select>
          <p id="score-backend-help" class="muted">
            The server runs the WebAssembly backend; WebGPU computes in float32 on the graphics card and may differ in the last digits.
          </p>
          <p>
            <button type="submit" id="score-run" disabled>
              Score in the browser
            </button>
          </p>
        </form>
        <noscript>
          <p class="error">This page needs JavaScript to run the model in your browser. Without it, use POST /v1/score/{card.id}.</p>
        </noscript>
        <div id="score-status" role="status" aria-live="polite"></div>
        <section id="score-result" aria-labelledby="score-result-h" hidden>
          <h2 id="score-result-h">Scores</h2>
          <dl class="facts" id="score-facts"></dl>
          <figure>
            <figcaption>Distribution of the scores</figcaption>
            <div id="score-chart"></div>
          </figure>
          <p>
            <a class="button" id="score-download" href="#" download="scores.csv">
              Download the scores as CSV
            </a>
          </p>
          <div class="table-scroll">
            <table id="score-preview" class="compact">
              <caption>The first events</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Event
                  </th>
                  <th scope="col" class="num">
                    Score
                  </th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
          </div>
        </section>
      </Layout>,
    );
  });
}
