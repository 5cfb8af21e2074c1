/**
 * GET / — the monitors overview: each monitor's status (ok / degraded / stale), latest AUC with its
 * 95% CI, and a sparkline of the recent AUCs. Server-rendered HTML, no script.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { DEFAULT_STATUS_RULE, monitorRules, monitorStatus, statusThresholds } from '../monitor/status.js';
import { Sparkline } from '../pages/charts/sparkline.js';
import { pValue, utcMinute, withInterval } from '../pages/format.js';
import { htmlPage, Layout } from '../pages/layout.js';

/** Uploads drawn in each sparkline. */
const SPARKLINE_UPLOADS = 30;

export function registerOverviewPage(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { monitors, uploads, registry, rules } = c.var.services;
    const now = new Date();
    const rows = await Promise.all(
      (await monitors.list()).map(async (monitor) => {
        const [recent, count, stored] = await Promise.all([
          uploads.list(monitor.id, { limit: SPARKLINE_UPLOADS }),
          uploads.count(monitor.id),
          rules.get(monitor.id),
        ]);
        const latest = recent[0] ?? null;
        return {
          monitor,
          count,
          latest,
          modelKnown: registry.has(monitor.model_id),
          status: monitorStatus(
            latest ? { created_at: latest.created_at, auc_ci: latest.result.auc_ci, evaluation: latest.evaluation ?? null } : null,
            now,
            monitorRules(stored),
          ),
          trend: recent
            .map((u) => u.result.auc)
            .filter((auc): auc is number => auc !== null)
            .reverse(),
        };
      }),
    );
    const [lo, hi] = statusThresholds();
    return htmlPage(
      c,
      <Layout title="Monitors" current="monitors" description="Simulation validation monitors: latest AUC against the reference, status and trend.">
        <h1>Monitors</h1>
        <p>
          Each monitor scores uploaded event batches with a DREAM classifier against its model's reference sample. An AUC of 0.5
          means the batch cannot be told from the reference.
        </p>
        {rows.length === 0 ? (
          <p>
            No monitors yet: create one with <code>POST /v1/monitors</code> (see the <a href="/docs">API reference</a>).
          </p>
        ) : (
          <div class="table-scroll">
            <table id="monitors">
              <caption>{`${rows.length} monitor${rows.length === 1 ? '' : 's'}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Monitor</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Latest AUC [95% CI]</th>
                  <th scope="col" class="num">p-value</th>
                  <th scope="col">Trend</th>
                  <th scope="col" class="num">Uploads</th>
                  <th scope="col">Last upload</th>
                  <th scope="col">Model</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ monitor, count, latest, modelKnown, status, trend }) => (
                  <tr data-monitor={monitor.id} data-status={status.status}>
                    <th scope="row">
                      <a href={`/monitors/${monitor.id}`}>{monitor.name}</a>
                      <div class="muted">
                        <code>{monitor.id}</code>
                      </div>
                    </th>
                    <td>
                      <span class={`badge ${status.status}`} title={status.reason}>
                        {status.status}
                      </span>
                      <div class="muted">{status.reason}</div>
                    </td>
                    <td class="num" data-auc={latest?.result.auc ?? ''}>
                      {latest ? withInterval(latest.result.auc, latest.result.auc_ci) : '—'}
                    </td>
                    <td class="num">{latest ? pValue(latest.result.p_value) : '—'}</td>
                    <td>
                      <Sparkline id={`spark-${monitor.id}`} values={trend} />
                    </td>
                    <td class="num">{count}</td>
                    <td>{latest ? utcMinute(latest.created_at) : '—'}</td>
                    <td>{modelKnown ? <a href={`/models/${monitor.model_id}`}>{monitor.model_id}</a> : <span>{monitor.model_id} (not served)</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>How the status is decided</h2>
        <p>
          <strong>degraded</strong>: one of the monitor's degradation rules fired on its latest upload; for a monitor without rules, the
          latest upload's 95% AUC interval lies wholly outside [{lo.toFixed(3)}, {hi.toFixed(3)}]. <strong>stale</strong>: no upload yet,
          or none within the rules' staleness limit ({DEFAULT_STATUS_RULE.staleAfterDays} days without one). <strong>ok</strong>: otherwise.
        </p>
      </Layout>,
    );
  });
}
