/**
 * Webhook signing against the `standardwebhooks` library (an independent implementation), secret
 * storage, the retry schedule and the outbound URL checks.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from '../../src/alerts/backoff.js';
import { activeSecrets, SecretBox } from '../../src/alerts/secrets.js';
import { generateSecret, sign, signedHeaders } from '../../src/alerts/signing.js';
import { checkWebhookUrl, privateHostReason } from '../../src/alerts/url.js';

describe('Standard Webhooks signing', () => {
  it('verifies with the standardwebhooks library, and fails on any change', async () => {
    const secret = generateSecret();
    const body = JSON.stringify({ type: 'monitor.degraded', data: { auc: 0.587 } });
    const headers = await signedHeaders('msg_abc', Math.floor(Date.now() / 1000), body, [secret]);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('0.587', '0.5'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('matches the library\'s own signature byte for byte', async () => {
    const secret = generateSecret();
    const at = new Date(1_767_225_600_000);
    expect(await sign(secret, 'msg_1', 1_767_225_600, '{"a":1}')).toBe(new Webhook(secret).sign('msg_1', at, '{"a":1}'));
  });

  it('a stale timestamp is refused by receivers', async () => {
    const secret = generateSecret();
    const headers = await signedHeaders('msg_old', Math.floor(Date.now() / 1000) - 3600, '{}', [secret]);
    expect(() => new Webhook(secret).verify('{}', headers)).toThrow(/timestamp/i);
  });

  it('during rotation one header carries a signature per secret, each verifying alone', async () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const headers = await signedHeaders('msg_r', Math.floor(Date.now() / 1000), '{}', [b, a]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(b).verify('{}', headers)).not.toThrow();
  });
});

describe('SecretBox', () => {
  it('round-trips, binds the ciphertext to its endpoint, and names a changed deployment key', async () => {
    const box = await SecretBox.fromKey('deployment-key-0123456789');
    const secret = generateSecret();
    const sealed = await box.seal(secret, 'wh_1');
    expect(JSON.stringify(sealed)).not.toContain(secret.slice(6));
    expect(await box.open(sealed, 'wh_1')).toBe(secret);
    await expect(box.open(sealed, 'wh_2')).rejects.toThrow();
    const other = await SecretBox.fromKey('another-deployment-key-987');
    await expect(other.open(sealed, 'wh_1')).rejects.toThrow(/sealed with deployment key/);
    await expect(SecretBox.fromKey(undefined)).rejects.toThrow(/WEBHOOK_SECRET_KEY/);
    await expect(SecretBox.fromKey('short')).rejects.toThrow();
  });

  it('activeSecrets drops expired ones and puts the newest first', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const s = (created: string, expires: string | null) => ({ kid: 'k', iv: '', ct: '', created_at: created, expires_at: expires });
    const list = [s('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z'), s('2026-12-02T00:00:00Z', '2026-12-04T00:00:00Z'), s('2026-12-03T00:00:00Z', null)];
    expect(activeSecrets(list, now).map((x) => x.created_at)).toEqual(['2026-12-03T00:00:00Z', '2026-12-02T00:00:00Z']);
  });
});

describe('retry schedule', () => {
  const settings = { baseMs: 30_000, maxMs: 3_600_000 };
  it('doubles per attempt with equal jitter, capped', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const step = Math.min(settings.maxMs, 30_000 * 2 ** (attempt - 1));
      expect(retryDelayMs(attempt, settings, null, () => 0)).toBe(Math.round(step / 2));
      expect(retryDelayMs(attempt, settings, null, () => 0.999999)).toBeLessThanOrEqual(step);
    }
  });
  it('waits at least as long as Retry-After asks, never beyond the cap', () => {
    expect(retryDelayMs(1, settings, 120_000, () => 0)).toBe(120_000);
    expect(retryDelayMs(1, settings, 86_400_000, () => 0)).toBe(3_600_000);
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('outbound URL safety', () => {
  it('refuses private, loopback, link-local, metadata and local names unless allowed', () => {
    const refused = [
      'https://127.0.0.1/', 'https://127.1.2.3/', 'https://0x7f000001/', 'https://2130706433/', 'https://0.0.0.0/', 'https://10.0.0.1/',
      'https://172.16.0.1/', 'https://172.31.255.255/', 'https://192.168.0.1/', 'https://169.254.169.254/', 'https://100.64.0.1/',
      'https://[::1]/', 'https://[::]/', 'https://[fc00::1]/', 'https://[fe80::1%25eth0]/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:a9fe:a9fe]/',
      'https://[fd00:ec2::254]/', 'https://localhost/', 'https://api.localhost/', 'https://printer.local/', 'https://metadata.google.internal/',
      'https://intranet/', 'http://example.org/',
    ];
    for (const url of refused) {
      expect(() => checkWebhookUrl(url, false), url).toThrow();
    }
    expect(checkWebhookUrl('http://127.0.0.1:9000/hook', true).port).toBe('9000');
    expect(checkWebhookUrl('https://hooks.example.org/x', false).hostname).toBe('hooks.example.org');
    expect(checkWebhookUrl('https://172.32.0.1/x', false).hostname).toBe('172.32.0.1');
    expect(privateHostReason('[2606:4700::1111]')).toBeNull();
  });
  it('refuses credentials, fragments and other schemes even when private URLs are allowed', () => {
    for (const url of ['https://a:b@example.org/', 'https://example.org/#x', 'file:///etc/passwd', 'javascript:alert(1)', 'nonsense']) {
      expect(() => checkWebhookUrl(url, true), url).toThrow();
    }
  });
});
