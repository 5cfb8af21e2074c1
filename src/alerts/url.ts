/**
 * Outbound safety for webhook URLs. A webhook URL is chosen by whoever holds the admin token, and
 * the Worker then sends requests to it: without checks it could be pointed at loopback, private
 * networks, link-local or cloud metadata addresses. Such URLs are refused unless the deployment
 * sets `WEBHOOK_ALLOW_PRIVATE_URLS = "true"` (local development and the tests do, to reach a
 * receiver on 127.0.0.1). Plain http is likewise only accepted when private URLs are.
 *
 * Host names are checked by name (localhost, *.local, *.internal, metadata names); a public name
 * that resolves to a private address cannot be caught here (the Worker cannot resolve DNS), but
 * Cloudflare's network does not route Worker subrequests to private addresses either.
 *
 * @example
 *   checkWebhookUrl('https://hooks.example.org/dreamwatch', false); // URL
 *   checkWebhookUrl('http://169.254.169.254/latest', false);       // throws ApiError 422
 */
import { ApiError } from '../http/errors.js';

const BLOCKED_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal', 'instance-data', 'ip6-localhost', 'ip6-loopback']);
const BLOCKED_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa', '.lan'];

export function checkWebhookUrl(value: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('invalid_webhook_url', `${JSON.stringify(value.slice(0, 200))} is not an absolute URL`);
  }
  if (value.length > 2000) throw refuse('invalid_webhook_url', 'webhook URLs are at most 2000 characters');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('invalid_webhook_url', 'webhook URLs must be https');
  if (url.username || url.password) throw refuse('invalid_webhook_url', 'webhook URLs must not carry credentials; sign with the webhook secret instead');
  if (url.hash) throw refuse('invalid_webhook_url', 'webhook URLs must not have a #fragment');
  if (allowPrivate) return url;
  if (url.protocol !== 'https:') throw refuse('webhook_url_not_allowed', 'webhook URLs must be https');
  const reason = privateHostReason(url.hostname);
  if (reason) throw refuse('webhook_url_not_allowed', `webhook host ${url.hostname} is ${reason}; this deployment only sends to public addresses`);
  return url;
}

/**
 * Why a host (as the URL parser normalised it) is not public, or null when it is.
 *
 * @example
 *   privateHostReason('10.1.2.3');      // 'a private address'
 *   privateHostReason('[::1]');         // 'a loopback address'
 *   privateHostReason('example.org');   // null
 */
export function privateHostReason(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return ipv6Reason(host.slice(1, -1));
  const v4 = parseIpv4(host);
  if (v4) return ipv4Reason(v4);
  if (BLOCKED_NAMES.has(host) || BLOCKED_SUFFIXES.some((s) => host.endsWith(s))) return 'a local or metadata name';
  if (!host.includes('.')) return 'a single-label (local) name';
  return null;
}

function parseIpv4(host: string): number[] | null {
  // The WHATWG URL parser already turns decimal, octal and hex forms (http://2130706433/) into dotted quads.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function ipv4Reason([a, b, c]: number[]): string | null {
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 169 && b === 254) return 'a link-local or metadata address';
  if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address';
  if (a === 0) return 'an unspecified address';
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'a reserved address';
  if (a === 198 && (b === 18 || b === 19)) return 'a benchmarking address';
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'a documentation address';
  if (a >= 224) return 'a multicast or reserved address';
  return null;
}

function ipv6Reason(host: string): string | null {
  const groups = expandIpv6(host);
  if (!groups) return 'an unparseable IPv6 address';
  if (groups.every((g) => g === 0)) return 'an unspecified address';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'a loopback address';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms: judge the embedded address.
  if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0)) {
    return ipv4Reason([groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255]);
  }
  if ((groups[0] & 0xfe00) === 0xfc00) return 'a private (unique local) address';
  if ((groups[0] & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((groups[0] & 0xff00) === 0xff00) return 'a multicast address';
  if (groups[0] === 0xfd00 && groups[1] === 0xec2) return 'a metadata address';
  if (groups[0] === 0x64 && groups[1] === 0xff9b) return 'a NAT64 address';
  if (groups[0] === 0x2001 && groups[1] === 0xdb8) return 'a documentation address';
  return null;
}

function expandIpv6(host: string): number[] | null {
  const [head, tail, ...rest] = host.split('::');
  if (rest.length > 0) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  if ([...h, ...t].some(Number.isNaN)) return null;
  if (tail === undefined) return h.length === 8 ? h : null;
  const missing = 8 - h.length - t.length;
  return missing >= 1 ? [...h, ...new Array<number>(missing).fill(0), ...t] : null;
}

function refuse(code: string, message: string): ApiError {
  return new ApiError(422, code, message);
}
