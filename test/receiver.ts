/**
 * A real webhook receiver on 127.0.0.1 for the tests (Node). Every request is verified with the
 * `standardwebhooks` library — an implementation independent of ours — against the secrets the
 * test registered, and its timestamp checked against the clock; the receiver then answers as the
 * test scripted in the URL, so faults can be injected per endpoint:
 *
 *   POST /hook/<name>/<plan>   plan = comma-separated answers for the 1st, 2nd, … request
 *                              (the last repeats): 200, 500, 410, 503ra2 (503 + Retry-After: 2),
 *                              302, timeout (never answers; the sender must give up)
 *   PUT  /secrets/<name>       body {"secrets": ["whsec_…", …]}: what deliveries to <name> must verify with
 *   GET  /log/<name>           every request to <name>: headers, body, which secrets verified, answer
 *
 * @example
 *   const receiver = await startReceiver();
 *   const url = `${receiver.url}/hook/${name}/500,500,timeout,200`;
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedDelivery {
  n: number;
  received_at: number;
  webhook_id: string | null;
  webhook_timestamp: string | null;
  signatures: string[];
  /** For each registered secret (in order): did the delivery verify with it? */
  verified_with: boolean[];
  verify_error: string | null;
  /** |webhook-timestamp − receiver clock| in seconds. */
  clock_skew_s: number | null;
  body: unknown;
  answer: string;
}

export interface Receiver {
  url: string;
  log(name: string): ReceivedDelivery[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const secrets = new Map<string, string[]>();
  const logs = new Map<string, ReceivedDelivery[]>();
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const parts = (req.url ?? '').split('/').filter(Boolean);
    if (req.method === 'PUT' && parts[0] === 'secrets' && parts[1]) {
      secrets.set(parts[1], (JSON.parse(body) as { secrets: string[] }).secrets);
      return send(res, 204, '');
    }
    if (req.method === 'GET' && parts[0] === 'log' && parts[1]) {
      return send(res, 200, JSON.stringify(logs.get(parts[1]) ?? []), 'application/json');
    }
    if (req.method !== 'POST' || parts[0] !== 'hook' || !parts[1]) return send(res, 404, 'no such receiver path');
    const name = parts[1];
    const plan = (parts[2] ?? '200').split(',');
    const log = logs.get(name) ?? [];
    logs.set(name, log);
    const answer = plan[Math.min(log.length, plan.length - 1)];
    log.push({ ...verify(req, body, secrets.get(name) ?? []), n: log.length + 1, received_at: Date.now(), answer });
    if (answer === 'timeout') {
      // Never answer: the sender's timeout must end the attempt. Closed when the sender gives up.
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (answer === '302') return send(res, 302, '', 'text/plain', { location: 'http://127.0.0.1:1/elsewhere' });
    const ra = /^(\d{3})ra(\d+)$/.exec(answer);
    if (ra) return send(res, Number(ra[1]), 'busy', 'text/plain', { 'retry-after': ra[2] });
    return send(res, Number(answer), Number(answer) < 300 ? 'received' : `failing on purpose (${answer})`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log: (name) => logs.get(name) ?? [],
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function verify(req: IncomingMessage, body: string, registered: string[]): Omit<ReceivedDelivery, 'n' | 'received_at' | 'answer'> {
  const headers = {
    'webhook-id': String(req.headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
  };
  let verifyError: string | null = registered.length === 0 ? 'no secret registered' : null;
  const verifiedWith = registered.map((secret) => {
    try {
      // Verifies the signature and that the timestamp is within the library's tolerance (5 min).
      new Webhook(secret).verify(body, headers);
      return true;
    } catch (err) {
      verifyError = err instanceof Error ? err.message : String(err);
      return false;
    }
  });
  const ts = Number(headers['webhook-timestamp']);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = body;
  }
  return {
    webhook_id: headers['webhook-id'] || null,
    webhook_timestamp: headers['webhook-timestamp'] || null,
    signatures: headers['webhook-signature'].split(' ').filter(Boolean),
    verified_with: verifiedWith,
    verify_error: verifiedWith.some(Boolean) ? null : verifyError,
    clock_skew_s: Number.isFinite(ts) && ts > 0 ? Math.abs(ts - Date.now() / 1000) : null,
    body: parsed,
  };
}

function send(res: ServerResponse, status: number, text: string, type = 'text/plain', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...extra });
  res.end(text);
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
