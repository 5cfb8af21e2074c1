/**
 * GET /monitors/:id — one monitor for physicists: AUC over time with its CI band, the baseline and
 * the status thresholds; the latest upload's ROC curve and feature ranking; per-feature histograms
 * of reference vs latest upload with a ratio panel; the upload history; the alert and delivery log.
 * Server-rendered HTML and SVG, no script.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ID_PATTERN } from '../http/ids.js';
import type { ModelCard } from '../model-card.js';
import { chartThresholds, monitorRules, monitorStatus, uploadDegraded, type MonitorRules } from '../monitor/status.js';
import { AlertLogPanel, loadAlertLog } from '../pages/alert-log.js';
import { AucTrendChart } from '../pages/charts/auc-trend.js';
import { FeatureRankingChart } from '../pages/charts/feature-ranking.js';
import { COLORS } from '../pages/charts/frame.js';
import { HistogramRatioChart } from '../pages/charts/histogram-ratio.js';
import { RocChart } from '../pages/charts/roc.js';
import { fixed, pValue, utcMinute, withInterval } from '../pages/format.js';
import { htmlPage, Layout, NotFound } from '../pages/layout.js';
import type { UploadRecord } from '../storage/uploads.js';

/** Uploads drawn in the AUC chart (newest); the history table lists fewer. */
const TREND_UPLOADS = 200;
const HISTORY_ROWS = 25;

export function registerMonitorPage(app: Hono<AppEnv>): void {
  app.get('/monitors/:id', async (c) => {
    const { monitors, uploads, registry } = c.var.services;
    const id = c.req.param('id');
    const monitor = ID_PATTERN.test(id) ? await monitors.get(id) : null;
    if (!monitor) {
      return htmlPage(c, <NotFound what={`There is no monitor with id "${id.slice(0, 64)}".`} back={{ href: '/', label: 'All monitors' }} current="monitors" />, 404);
    }
    const [recent, count, alertLog, stored] = await Promise.all([
      uploads.list(monitor.id, { limit: TREND_UPLOADS }),
      uploads.count(monitor.id),
      loadAlertLog(c.var.services, monitor.id),
      c.var.services.rules.get(monitor.id),
    ]);
    const rules = monitorRules(stored);
    const card = registry.has(monitor.model_id) ? registry.get(monitor.model_id).card : null;
    const latest = recent[0] ?? null;
    const status = monitorStatus(latest ? statusInput(latest) : null, new Date(), rules);
    const thresholds = chartThresholds(rules, latest?.evaluation);
    const baseline = card?.metrics.auc ?? null;
    const oldestFirst = recent.slice().reverse();
    return htmlPage(
      c,
      <Layout title={monitor.name} current="monitors" description={`Validation monitor ${monitor.id}: AUC history, ROC, feature ranking and distributions.`}>
        <p class="muted no-print">
          <a href="/">Monitors</a> › <code>{monitor.id}</code>
        </p>
        <h1>{monitor.name}</h1>
        <p>
          <span class={`badge ${status.status}`} id="status" data-status={status.status}>
            {status.status}
          </span>{' '}
          <span class="muted">{status.reason}</span>
        </p>
        {monitor.description && <p>{monitor.description}</p>}
        <dl class="facts">
          <Fact term="Model" value={card ? <a href={`/models/${card.id}`}>{card.id}</a> : `${monitor.model_id} (not served)`} />
          <Fact term="Uploads" value={String(count)} />
          <Fact term="Latest AUC [95% CI]" value={latest ? withInterval(latest.result.auc, latest.result.auc_ci) : '—'} />
          <Fact term="p-value (same distribution)" value={latest ? pValue(latest.result.p_value) : '—'} />
          <Fact term="2·AUC − 1" value={fixed(latest?.result.two_auc_minus_1)} />
          <Fact term="Calibrated JSD" value={fixed(latest?.result.jsd, 4)} />
          <Fact term="Events in latest upload" value={latest ? String(latest.n) : '—'} />
          <Fact term="Baseline AUC (model card)" value={card ? withInterval(baseline, card.metrics.auc_ci ?? null) : '—'} />
        </dl>

        <h2>AUC over time</h2>
        <figure id="auc-figure">
          <figcaption>AUC of each upload against the reference, with its 95% confidence interval</figcaption>
          <AucTrendChart
            id="auc-trend"
            baseline={baseline}
            thresholds={thresholds}
            points={oldestFirst.map((u) => ({
              label: utcMinute(u.created_at),
              auc: u.result.auc,
              ci: u.result.auc_ci,
              degraded: uploadDegraded(statusInput(u), rules),
            }))}
          />
          <ul class="legend">
            <li style={`--swatch:${COLORS.upload}`}>upload AUC (red: degraded)</li>
            <li style={`--swatch:${COLORS.band}40`}>95% CI</li>
            <li class="dashed" style={`--swatch:${COLORS.baseline}`}>baseline {fixed(baseline)} (model card validation)</li>
            <li class="dashed" style={`--swatch:${COLORS.threshold}`}>
              {thresholdLegend(thresholds)}
            </li>
          </ul>
          {count > recent.length && <p class="note">The newest {recent.length} of {count} uploads.</p>}
        </figure>

        <h2>Latest upload</h2>
        {latest ? <LatestUpload upload={latest} card={card} /> : <p>No uploads yet: POST a batch to <code>/v1/monitors/{monitor.id}/uploads</code>.</p>}

        <h2>Upload history</h2>
        <UploadHistory uploads={recent.slice(0, HISTORY_ROWS)} total={count} rules={rules} />

        <h2 id="alerts">Alerts and deliveries</h2>
        <AlertLogPanel log={alertLog} />

        <h2>Data</h2>
        <p>
          The same numbers as JSON: <a href={`/v1/monitors/${monitor.id}`}>/v1/monitors/{monitor.id}</a> and{' '}
          <a href={`/v1/monitors/${monitor.id}/uploads`}>/v1/monitors/{monitor.id}/uploads</a>.
        </p>
      </Layout>,
    );
  });
}

function Fact({ term, value }: { term: string; value: unknown }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function statusInput(upload: UploadRecord) {
  return { created_at: upload.created_at, auc_ci: upload.result.auc_ci, evaluation: upload.evaluation ?? null };
}

/** "status thresholds 0.470, 0.530" or "auc-high (critical) 0.530, 0.470; …", each label once. */
function thresholdLegend(thresholds: { value: number; label: string }[]): string {
  const byLabel = new Map<string, number[]>();
  for (const t of thresholds) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t.value]);
  return [...byLabel].map(([label, values]) => `${label === 'status threshold' ? 'status thresholds' : label} ${values.map((v) => v.toFixed(3)).join(', ')}`).join('; ');
}

function featureLabel(card: ModelCard | null, name: string): string {
  const unit = card?.features.find((f) => f.name === name)?.unit;
  return unit ? `${name} [${unit}]` : name;
}

function LatestUpload({ upload, card }: { upload: UploadRecord; card: ModelCard | null }) {
  const { result } = upload;
  const byGradient = result.features.some((f) => f.importance !== null);
  const ranked = result.features.map((f) => ({ name: f.name, value: (byGradient ? f.importance : f.jsd_1d) ?? 0 }));
  const histograms = new Map((card?.reference?.histograms ?? []).map((h) => [h.feature, h]));
  const distributions = result.features.flatMap((f) => {
    const reference = histograms.get(f.name);
    return reference && f.counts && f.counts.length === reference.counts.length ? [{ feature: f, reference }] : [];
  });
  return (
    <>
      <p class="muted">
        Upload <code>{upload.id}</code>, {utcMinute(upload.created_at)}, {upload.n} events ({upload.format}); reference: {result.n_reference} events.
        {result.note ? ` Note: ${result.note}.` : ''}
      </p>
      <div class="grid">
        <figure id="roc-figure">
          <figcaption>ROC curve, latest upload vs reference</figcaption>
          {result.roc ? (
            <RocChart id="roc" curve={result.roc} auc={result.auc} />
          ) : (
            <p>This upload was stored before ROC curves were kept; the next upload will have one.</p>
          )}
        </figure>
        <figure id="ranking-figure">
          <figcaption>Features ranked by {byGradient ? 'gradient importance' : 'one-dimensional JSD'}</figcaption>
          <FeatureRankingChart id="ranking" features={ranked} measure={byGradient ? 'mean |∂logit/∂x| × std(x)' : 'JSD (bits)'} />
          <p class="note">The features the classifier leans on most to tell the upload from the reference, most important on top.</p>
        </figure>
      </div>
      <h2>Feature distributions: reference vs latest upload</h2>
      {distributions.length === 0 ? (
        <p>No per-feature histograms for this upload (the model card has no reference histograms, or the upload predates them).</p>
      ) : (
        <>
          <p>
            Both normalised to unit area, in the reference histogram's bins (quantiles of the reference). Points: upload, with Poisson errors;
            filled: reference. Underneath: upload / reference per bin. In ranking order.
          </p>
          <ul class="legend">
            <li style={`--swatch:${COLORS.referenceFill}`}>reference ({card?.reference?.scores.length ?? '?'} events)</li>
            <li style={`--swatch:${COLORS.upload}`}>latest upload ({upload.n} events)</li>
          </ul>
          <div class="grid" id="distributions">
            {distributions.map(({ feature, reference }) => (
              <figure>
                <figcaption>
                  {featureLabel(card, feature.name)} <span class="muted">— JSD {fixed(feature.jsd_1d, 4)} bits</span>
                </figcaption>
                <HistogramRatioChart
                  id={`hist-${feature.name.replace(/[^A-Za-z0-9_-]/g, '_')}`}
                  label={featureLabel(card, feature.name)}
                  edges={reference.edges}
                  reference={reference.counts}
                  upload={feature.counts!}
                />
              </figure>
            ))}
          </div>
        </>
      )}
    </>
  );
}

function UploadHistory({ uploads, total, rules }: { uploads: UploadRecord[]; total: number; rules: MonitorRules | null }) {
  if (uploads.length === 0) return <p>None yet.</p>;
  return (
    <div class="table-scroll">
      <table id="history">
        <caption>{total > uploads.length ? `The newest ${uploads.length} of ${total} uploads` : `All ${total} uploads, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Upload</th>
            <th scope="col" class="num">Events</th>
            <th scope="col">Format</th>
            <th scope="col" class="num">AUC [95% CI]</th>
            <th scope="col" class="num">p-value</th>
            <th scope="col" class="num">JSD</th>
            <th scope="col">Top feature</th>
          </tr>
        </thead>
        <tbody>
          {uploads.map((u) => (
            <tr data-degraded={uploadDegraded(statusInput(u), rules) ? 'true' : 'false'}>
              <td>{utcMinute(u.created_at)}</td>
              <td>
                <code>{u.id}</code>
              </td>
              <td class="num">{u.n}</td>
              <td>{u.format}</td>
              <td class="num">{withInterval(u.result.auc, u.result.auc_ci)}</td>
              <td class="num">{pValue(u.result.p_value)}</td>
              <td class="num">{fixed(u.result.jsd, 4)}</td>
              <td>{u.result.features[0]?.name ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
