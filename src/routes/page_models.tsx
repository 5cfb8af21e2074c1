/**
 * GET /models — the served models; GET /models/:model — one model card for people: features,
 * preprocessing, training (with its loss curve), metrics, feature ranking, reference sample and
 * provenance. Works for any kind of model (DREAM classifier, CURTAINS anomaly score, density
 * model): the free-form parts of a card render as key–value lists.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ID_PATTERN } from '../http/ids.js';
import type { ModelCard } from '../model-card.js';
import { FeatureRankingChart } from '../pages/charts/feature-ranking.js';
import { LineChart, SERIES_COLORS, type Series } from '../pages/charts/line-chart.js';
import { fixed, utcMinute, withInterval } from '../pages/format.js';
import { KeyValues } from '../pages/key-values.js';
import { htmlPage, Layout, NotFound } from '../pages/layout.js';

const KIND_LABEL: Record<ModelCard['kind'], string> = {
  classifier: 'DREAM classifier (score = P(candidate))',
  anomaly: 'anomaly score (CURTAINS)',
  density: 'density model (log-likelihood)',
};

export function registerModelPages(app: Hono<AppEnv>): void {
  app.get('/models', (c) => {
    const models = c.var.services.registry.list();
    return htmlPage(
      c,
      <Layout title="Models" current="models" description="The ONNX models this service scores with, and their cards.">
        <h1>Models</h1>
        <p>Every model is an ONNX graph with preprocessing folded in (it takes raw features) and a model card.</p>
        <div class="table-scroll">
          <table id="models">
            <caption>{`${models.length} served model${models.length === 1 ? '' : 's'}`}</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Kind</th>
                <th scope="col">Features</th>
                <th scope="col" class="num">Validation AUC [95% CI]</th>
                <th scope="col">Trained</th>
                <th scope="col">In the browser</th>
              </tr>
            </thead>
            <tbody>
              {models.map(({ card }) => (
                <tr data-model={card.id}>
                  <th scope="row">
                    <a href={`/models/${card.id}`}>{card.id}</a>
                  </th>
                  <td>{KIND_LABEL[card.kind]}</td>
                  <td>{card.features.map((f) => f.name).join(', ')}</td>
                  <td class="num">{withInterval(card.metrics.auc, card.metrics.auc_ci ?? null)}</td>
                  <td>{utcMinute(card.created)}</td>
                  <td>
                    <a href={`/score/${card.id}`}>Score a file</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    );
  });

  app.get('/models/:model', (c) => {
    const id = c.req.param('model');
    const { registry } = c.var.services;
    if (!ID_PATTERN.test(id) || !registry.has(id)) {
      return htmlPage(c, <NotFound what={`There is no model with id "${id.slice(0, 64)}".`} back={{ href: '/models', label: 'All models' }} current="models" />, 404);
    }
    const card = registry.get(id).card;
    const { history, ...training } = card.training as Record<string, unknown> & { history?: unknown };
    const curves = historySeries(history);
    const histograms = new Map((card.reference?.histograms ?? []).map((h) => [h.feature, h]));
    const ranking = new Map((card.feature_ranking ?? []).map((f) => [f.name, f.importance]));
    return htmlPage(
      c,
      <Layout title={`Model ${card.id}`} current="models" description={card.description}>
        <p class="muted no-print">
          <a href="/models">Models</a> › <code>{card.id}</code>
        </p>
        <h1>
          Model <code>{card.id}</code>
        </h1>
        <p>{card.description}</p>
        <dl class="facts">
          <Fact term="Kind" value={KIND_LABEL[card.kind]} />
          <Fact term="Validation AUC [95% CI]" value={withInterval(card.metrics.auc, card.metrics.auc_ci ?? null)} />
          <Fact term="Features" value={String(card.features.length)} />
          <Fact term="Trained" value={utcMinute(card.created)} />
          <Fact term="ONNX" value={`opset ${card.onnx.opset}; ${card.onnx.input} → ${[card.onnx.score_output, card.onnx.gradient_output].filter(Boolean).join(', ')}`} />
          <Fact term="Reference sample" value={card.reference ? `${card.reference.scores.length} scores` : 'none'} />
        </dl>
        <p class="no-print">
          <a class="button" href={`/score/${card.id}`}>
            Score a local file in the browser
          </a>{' '}
          <a href={`/v1/models/${card.id}/onnx`} download={card.onnx.file}>
            Download the ONNX file
          </a>{' '}
          · <a href={`/v1/models/${card.id}`}>card as JSON</a>
        </p>

        <h2>Features</h2>
        <div class="table-scroll">
          <table id="features">
            <caption>The model's input, in column order</caption>
            <thead>
              <tr>
                <th scope="col" class="num">#</th>
                <th scope="col">Name</th>
                <th scope="col">Unit</th>
                <th scope="col" class="num">Source column</th>
                <th scope="col" class="num">Reference range</th>
                <th scope="col" class="num">Importance</th>
              </tr>
            </thead>
            <tbody>
              {card.features.map((f, i) => {
                const h = histograms.get(f.name);
                return (
                  <tr>
                    <td class="num">{i}</td>
                    <th scope="row">{f.name}</th>
                    <td>{f.unit ?? '—'}</td>
                    <td class="num">{f.column ?? '—'}</td>
                    <td class="num">{h ? `${fixed(h.edges[0], 4)} – ${fixed(h.edges[h.edges.length - 1], 4)}` : '—'}</td>
                    <td class="num">{fixed(ranking.get(f.name), 4)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>

        <div class="grid">
          {card.feature_ranking && card.feature_ranking.length > 0 && (
            <figure id="card-ranking-figure">
              <figcaption>Feature ranking on the validation split (gradient importance)</figcaption>
              <FeatureRankingChart id="card-ranking" features={card.feature_ranking.map((f) => ({ name: f.name, value: f.importance }))} measure="mean |∂logit/∂x| × std(x)" />
            </figure>
          )}
          {curves.length > 0 && (
            <figure id="history-figure">
              <figcaption>Training history</figcaption>
              <LineChart id="history" series={curves} xLabel="epoch" yLabel="loss" title="Loss per epoch during training" />
              <ul class="legend">
                {curves.map((s, k) => (
                  <li class={k % 2 === 1 ? 'dashed' : undefined} style={`--swatch:${SERIES_COLORS[k % SERIES_COLORS.length]}`}>
                    {s.name}
                  </li>
                ))}
              </ul>
            </figure>
          )}
        </div>

        <h2>Preprocessing</h2>
        <p class="muted">Folded into the ONNX graph: the model takes raw features; recorded here for people.</p>
        <KeyValues value={card.preprocessing} />

        <h2>Training</h2>
        <KeyValues value={training} />

        <h2>Metrics</h2>
        <KeyValues value={card.metrics} />

        <h2>Reference sample</h2>
        {card.reference ? (
          <p>
            {card.reference.description} {card.reference.scores.length} scores and {card.reference.histograms.length} feature histograms are
            kept; every upload is compared with them.
          </p>
        ) : (
          <p>None: this model scores batches but cannot be monitored.</p>
        )}

        <h2>Provenance</h2>
        <p>Command that trained it:</p>
        <pre>
          <code>{card.provenance.command}</code>
        </pre>
        <div class="table-scroll">
          <table id="provenance">
            <caption>Input files</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">File</th>
                <th scope="col">Selection</th>
                <th scope="col" class="num">Rows</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(card.provenance.files).map(([role, file]) => (
                <tr>
                  <th scope="row">{role}</th>
                  <td>
                    <code>{file.path}</code>
                  </td>
                  <td>{file.selection ?? '—'}</td>
                  <td class="num">{file.rows}</td>
                  <td>
                    <code title={file.sha256}>{file.sha256.slice(0, 12)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <KeyValues value={Object.fromEntries(Object.entries(card.provenance).filter(([k]) => k !== 'command' && k !== 'files'))} />
        <p class="muted">
          ONNX SHA-256 <code>{card.onnx.sha256}</code>
        </p>
      </Layout>,
    );
  });
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Loss curves from `training.history` (a list of {epoch, name: number, …}); [] when absent. */
function historySeries(history: unknown): Series[] {
  if (!Array.isArray(history) || history.length === 0) return [];
  const rows = history.filter((h): h is Record<string, unknown> => h !== null && typeof h === 'object' && typeof (h as { epoch?: unknown }).epoch === 'number');
  const names = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'epoch' && typeof r[k] === 'number')))];
  return names.slice(0, 5).map((name) => ({
    name,
    points: rows.filter((r) => typeof r[name] === 'number').map((r) => [r.epoch as number, r[name] as number] as [number, number]),
  }));
}
