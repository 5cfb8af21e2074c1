/**
 * The alerts panel of the monitor page: the monitor's degradation rules, its webhook endpoints and
 * the latest alert events with the delivery of each to each endpoint. Alerts are raised and
 * delivered by src/alerts (signed webhooks, retries, the delivery log); this panel only reads.
 *
 * The dashboard is public while the webhook API needs the admin token, so the panel shows no
 * secrets and nothing a receiver said: endpoints by host only (webhook URLs often carry a token in
 * their path or query), events by type and time, deliveries by status, attempts and HTTP status.
 *
 * @example
 *   const log = await loadAlertLog(c.var.services, monitor.id);
 *   <AlertLogPanel log={log} />
 */
import type { FC } from 'hono/jsx';
import type { Services } from '../services.js';
import { utcMinute } from './format.js';

export interface AlertRuleLine {
  name: string;
  severity: string;
  /** The threshold as configured, e.g. "absolute 0.53" or "baseline + 0.02". */
  threshold: string;
}

export interface AlertDelivery {
  event_id: string;
  /** When the event was raised (ISO time). */
  at: string;
  /** What happened, e.g. "monitor.degraded". */
  event: string;
  /** The receiving endpoint's host. */
  endpoint: string;
  status: string;
  attempts: number;
  /** HTTP status of the last attempt, when the endpoint answered. */
  last_status: number | null;
}

export interface AlertLog {
  rules: { metric: string; enabled: boolean; lines: AlertRuleLine[] } | null;
  endpoints: { host: string; status: string }[];
  deliveries: AlertDelivery[];
  /** Events raised with no endpoint to deliver to. */
  undelivered: { event_id: string; at: string; event: string }[];
}

/** Reads the monitor's rules, endpoints and latest events from the alerts stores. */
export async function loadAlertLog(services: Pick<Services, 'rules' | 'webhooks'>, monitorId: string, limit = 20): Promise<AlertLog> {
  const [stored, endpoints, events] = await Promise.all([
    services.rules.get(monitorId),
    services.webhooks.listEndpoints(monitorId),
    services.webhooks.listEvents(monitorId, limit),
  ]);
  const deliveries = await services.webhooks.deliveriesOfEvents(events.map((e) => e.id));
  const hosts = new Map(endpoints.map((e) => [e.id, hostOf(e.url)]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const delivered = new Set(deliveries.map((d) => d.event_id));
  return {
    rules: stored
      ? {
          metric: stored.config.metric,
          enabled: stored.config.enabled,
          lines: stored.config.rules.map((r) => ({
            name: r.name,
            severity: r.severity,
            threshold: [r.absolute !== undefined ? `absolute ${r.absolute}` : '', r.relative !== undefined ? `baseline ${r.relative >= 0 ? '+' : '−'} ${Math.abs(r.relative)}` : '']
              .filter(Boolean)
              .join(' and '),
          })),
        }
      : null,
    endpoints: endpoints.map((e) => ({ host: hostOf(e.url), status: e.status })),
    deliveries: deliveries
      .map((d) => {
        const event = eventById.get(d.event_id)!;
        return {
          event_id: d.event_id,
          at: event.created_at,
          event: event.type,
          endpoint: hosts.get(d.endpoint_id) ?? 'a deleted endpoint',
          status: d.status,
          attempts: d.attempts,
          last_status: d.last_status,
        };
      })
      .sort((a, b) => b.at.localeCompare(a.at)),
    undelivered: events.filter((e) => !delivered.has(e.id)).map((e) => ({ event_id: e.id, at: e.created_at, event: e.type })),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an endpoint';
  }
}

export const AlertLogPanel: FC<{ log: AlertLog }> = ({ log }) => {
  const configured = (log.rules !== null && log.rules.lines.length > 0) || log.endpoints.length > 0;
  if (!configured && log.deliveries.length === 0 && log.undelivered.length === 0) {
    return (
      <div class="panel" id="alerts-panel" data-alerts="none">
        <p>No alerts configured for this monitor.</p>
        <p class="muted">
          With degradation rules (<code>PUT /v1/monitors/:id/rules</code>) and a webhook (<code>POST /v1/monitors/:id/webhooks</code>), each
          degradation is delivered as a signed webhook, and every event and delivery is listed here.
        </p>
      </div>
    );
  }
  return (
    <div class="panel" id="alerts-panel" data-alerts={log.deliveries.length + log.undelivered.length}>
      {log.rules && log.rules.lines.length > 0 ? (
        <p>
          Degradation rules ({log.rules.metric}
          {log.rules.enabled ? '' : ', disabled'}):{' '}
          {log.rules.lines.map((r, i) => (
            <>
              {i > 0 && '; '}
              <strong>{r.name}</strong> ({r.severity}, {r.threshold})
            </>
          ))}
          .
        </p>
      ) : (
        <p>No degradation rules: uploads are not evaluated for alerts.</p>
      )}
      <p>
        Webhooks:{' '}
        {log.endpoints.length === 0 ? 'none' : log.endpoints.map((e) => `${e.host} (${e.status})`).join(', ')}.
      </p>
      {log.deliveries.length === 0 && log.undelivered.length === 0 ? (
        <p class="muted">No alert events yet.</p>
      ) : (
        <div class="table-scroll">
          <table id="alert-log">
            <caption>Latest alert events and their deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Delivery</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col" class="num">
                  Last HTTP status
                </th>
              </tr>
            </thead>
            <tbody>
              {log.deliveries.map((d) => (
                <tr data-event={d.event_id}>
                  <td>{utcMinute(d.at)}</td>
                  <td>{d.event}</td>
                  <td>{d.endpoint}</td>
                  <td>{d.status}</td>
                  <td class="num">{d.attempts}</td>
                  <td class="num">{d.last_status ?? '—'}</td>
                </tr>
              ))}
              {log.undelivered.map((e) => (
                <tr data-event={e.event_id}>
                  <td>{utcMinute(e.at)}</td>
                  <td>{e.event}</td>
                  <td colspan={4}>no webhook to deliver to</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
};
