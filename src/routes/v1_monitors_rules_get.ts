/**
 * GET /v1/monitors/:id/rules (admin token) — the monitor's degradation rules with every default
 * filled in, the baseline they resolve to now, and the alert state (last alert, for cooldown).
 * A monitor without rules answers `rules: null`: its uploads are recorded as `no_rules`.
 *
 * @example
 *   curl -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8787/v1/monitors/lhco-dream/rules
 */
import type { Hono } from 'hono';
import { monitorOr404 } from '../alerts/views.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../http/auth.js';
import { resolveBaseline } from '../monitor/evaluate.js';

export function registerRulesGet(app: Hono<AppEnv>): void {
  app.get('/v1/monitors/:id/rules', requireAdmin(), async (c) => {
    const monitor = await monitorOr404(c);
    const stored = await c.var.services.rules.get(monitor.id);
    if (!stored) return c.json({ monitor_id: monitor.id, rules: null, baseline: null, state: null, updated_at: null });
    return c.json({
      monitor_id: monitor.id,
      rules: stored.config,
      baseline: await resolveBaseline(c.var.services, monitor, stored.config),
      state: stored.state,
      updated_at: stored.updated_at,
    });
  });
}
