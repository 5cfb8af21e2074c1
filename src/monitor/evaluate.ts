/**
 * Evaluates a freshly recorded upload against its monitor's rules, keeps the result in the upload
 * history and, when a rule fires, raises one `monitor.degraded` event.
 *
 * Exactly-once, whatever fails in between: the event id derives from (monitor, upload), the alert
 * state moves by compare-and-set (two uploads evaluated at once cannot both page), and the
 * evaluation is written only if none is. A retry after a crash at any point — the same request
 * again, a redelivered job message — finds what was done and completes the rest.
 *
 * @example
 *   const evaluation = await evaluateUpload(services, monitor, record, { origin: 'http://127.0.0.1:8787' });
 *   evaluation.outcome; // 'alert' | 'ok' | 'not_significant' | …
 */
import { eventIdFor, link, raiseEvent } from '../alerts/events.js';
import type { Services } from '../services.js';
import type { MonitorRecord } from '../storage/monitors.js';
import type { UploadRecord } from '../storage/uploads.js';
import { baselineSe, evaluateRules, NO_ALERT_STATE, normaliseRuleSet, type Baseline, type Evaluation, type RuleSet } from './rules.js';

export async function evaluateUpload(
  services: Services,
  monitor: MonitorRecord,
  upload: UploadRecord,
  opts: { origin?: string; now?: number } = {},
): Promise<Evaluation> {
  if (upload.evaluation) return upload.evaluation;
  const { rules: ruleStore, uploads } = services;
  const now = opts.now ?? Date.now();
  const dedupKey = `degraded:${monitor.id}:${upload.id}`;
  const eventId = await eventIdFor(dedupKey);

  for (let tries = 0; tries < 5; tries++) {
    const stored = await ruleStore.get(monitor.id);
    const config = stored?.config ?? normaliseRuleSet({ rules: [] });
    const baseline = await resolveBaseline(services, monitor, config);
    const state = stored?.state ?? NO_ALERT_STATE;
    // This upload already took the alert state (an earlier try stopped after that): finish it.
    const alreadyAlerted = state.last_alert_event === eventId;
    let evaluation = evaluateRules(config, upload.result, baseline, alreadyAlerted ? NO_ALERT_STATE : state, now);
    if (evaluation.outcome === 'alert' && evaluation.fired) {
      if (!alreadyAlerted) {
        const next = { last_alert_at: evaluation.evaluated_at, last_alert_severity: evaluation.fired.severity, last_alert_event: eventId };
        if (!(await ruleStore.casAlertState(monitor.id, state.last_alert_at, next))) continue;
      }
      evaluation = { ...evaluation, event_id: eventId };
      await raiseEvent(
        services,
        { monitorId: monitor.id, type: 'monitor.degraded', dedupKey, data: degradedPayload(services, monitor, upload, evaluation, opts.origin) },
        now,
      );
    }
    return uploads.setEvaluation(monitor.id, upload.id, evaluation);
  }
  throw new Error(`the alert state of monitor ${monitor.id} kept changing; evaluation of ${upload.id} gave up`);
}

/**
 * The baseline AUC a rule set measures relative thresholds from; null when it has none (a model
 * card without a validation AUC, or a pinned upload that has gone).
 */
export async function resolveBaseline(services: Services, monitor: MonitorRecord, config: RuleSet): Promise<Baseline | null> {
  if (config.baseline.source === 'upload') {
    const pinned = await services.uploads.get(monitor.id, config.baseline.upload_id);
    if (!pinned || pinned.result.auc === null) return null;
    return { source: 'upload', upload_id: pinned.id, auc: pinned.result.auc, se: pinned.result.auc_se };
  }
  if (!services.registry.has(monitor.model_id)) return null;
  const metrics = services.registry.get(monitor.model_id).card.metrics;
  if (metrics.auc === undefined) return null;
  return { source: 'model_card', auc: metrics.auc, se: baselineSe(metrics) };
}

/** The body of a `monitor.degraded` event. */
function degradedPayload(services: Services, monitor: MonitorRecord, upload: UploadRecord, evaluation: Evaluation, origin?: string) {
  const r = upload.result;
  return {
    monitor: { id: monitor.id, name: monitor.name, model_id: monitor.model_id },
    upload: { id: upload.id, n: upload.n, sha256: upload.sha256, format: upload.format, created_at: upload.created_at },
    severity: evaluation.fired!.severity,
    rule: evaluation.fired!.rule,
    threshold: evaluation.fired!.threshold,
    reason: evaluation.reason,
    metric: evaluation.metric,
    value: evaluation.value,
    auc: r.auc,
    auc_ci: r.auc_ci,
    p_value: r.p_value,
    jsd: r.jsd,
    baseline: evaluation.baseline,
    top_features: r.features.slice(0, 3).map((f) => ({ name: f.name, importance: f.importance, jsd_1d: f.jsd_1d })),
    links: {
      monitor: link(services, `/v1/monitors/${monitor.id}`, origin),
      upload: link(services, `/v1/monitors/${monitor.id}/uploads/${upload.id}`, origin),
      history: link(services, `/v1/monitors/${monitor.id}/uploads`, origin),
    },
  };
}
