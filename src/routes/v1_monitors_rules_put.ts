/**
 * PUT /v1/monitors/:id/rules (admin token) — set the monitor's degradation rules (replacing any):
 * baseline, metric, rules with severities and thresholds, significance, cooldown, staleness.
 * Every later upload is evaluated against them and records which rule fired or why none did.
 * A pinned baseline upload must exist; a relative rule needs a baseline AUC.
 *
 * @example
 *   curl -X PUT -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
 *     -d '{"rules":[{"name":"auc-high","severity":"critical","absolute":0.53}],"cooldown_s":3600}' \
 *     http://127.0.0.1:8787/v1/monitors/lhco-dream/rules
 */
import type { Hono } from 'hono';
import { monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { readJson } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { resolveBaseline } from '../monitor/evaluate.js';
import { normaliseRuleSet, RuleSetInput } from '../monitor/rules.js';

export function registerRulesPut(app: Hono<AppEnv>): void {
  app.put('/v1/monitors/:id/rules', requireAdmin(), async (c) => {
    const { rules, limits } = c.var.services;
    const monitor = await monitorOr404(c);
    const config = normaliseRuleSet(parseBody(RuleSetInput, await readJson(c.req.raw, limits.maxJsonBytes)));
    const baseline = await resolveBaseline(c.var.services, monitor, config);
    if (config.baseline.source === 'upload' && !baseline) {
      throw new ApiError(422, 'baseline_upload_not_found', `monitor "${monitor.id}" has no upload "${config.baseline.upload_id}" with an AUC to pin as the baseline`);
    }
    if (!baseline && config.rules.some((r) => r.relative !== undefined)) {
      throw new ApiError(422, 'no_baseline', `a relative threshold needs a baseline AUC, and model "${monitor.model_id}" has none; pin an upload as the baseline`);
    }
    const stored = await rules.put(monitor.id, config);
    return c.json({ monitor_id: monitor.id, rules: stored.config, baseline, state: stored.state, updated_at: stored.updated_at });
  });
}
