import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { assertSignature, signPayload, verifySignature } from '../../../src/academia-api/webhook-signature';
import { checkWebhookDelivery } from '../../../src/main/engine/academia/webhook-receiver';

const SECRET = 'whsec_test_secret_0123456789';
const BODY = '{"id":"evt_1","type":"record.created","occurredAt":"2024-09-01T08:00:00.000Z","schoolId":"S1","data":{}}';
const NOW = 1_725_177_600;

describe('webhook signatures (Academia-Signature)', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in the conventions form', () => {
    const header = signPayload(BODY, SECRET, NOW);
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(header).toBe(`t=${NOW},v1=${expected}`);
    expect(signPayload(Buffer.from(BODY), SECRET, NOW + 0.9)).toBe(header);
  });

  it('accepts a fresh signature, from either side of the clock, within 300 s', () => {
    const header = signPayload(BODY, SECRET, NOW);
    expect(verifySignature(header, BODY, SECRET, NOW)).toEqual({ valid: true, timestamp: NOW });
    expect(verifySignature(header, Buffer.from(BODY), SECRET, NOW + 300).valid).toBe(true);
    expect(verifySignature(header, BODY, SECRET, NOW - 300).valid).toBe(true);
  });

  it('refuses a timestamp more than 300 s away (a replay, or a wrong clock)', () => {
    const header = signPayload(BODY, SECRET, NOW);
    expect(verifySignature(header, BODY, SECRET, NOW + 301)).toMatchObject({ valid: false, reason: 'expired' });
    expect(verifySignature(header, BODY, SECRET, NOW - 301)).toMatchObject({ valid: false, reason: 'expired' });
    expect(verifySignature(header, BODY, SECRET, NOW + 500, 600).valid).toBe(true);
  });

  it('refuses another secret, a changed body, and re-serialized JSON', () => {
    const header = signPayload(BODY, SECRET, NOW);
    expect(verifySignature(header, BODY, 'another-secret-entirely', NOW)).toMatchObject({ valid: false, reason: 'mismatch' });
    expect(verifySignature(header, BODY.replace('S1', 'S2'), SECRET, NOW)).toMatchObject({ valid: false, reason: 'mismatch' });
    expect(verifySignature(header, JSON.stringify(JSON.parse(BODY), null, 1), SECRET, NOW).valid).toBe(false);
  });

  it('says what is wrong with a missing or malformed header', () => {
    expect(verifySignature(undefined, BODY, SECRET, NOW)).toMatchObject({ valid: false, reason: 'missing' });
    expect(verifySignature('', BODY, SECRET, NOW)).toMatchObject({ valid: false, reason: 'missing' });
    for (const bad of ['sha256=abc', `t=${NOW}`, `t=soon,v1=${'a'.repeat(64)}`, `t=${NOW},v1=xyz`]) {
      expect(verifySignature(bad, BODY, SECRET, NOW), bad).toMatchObject({ valid: false, reason: 'malformed' });
    }
  });

  it('accepts any one of several v1 signatures (a secret being rotated)', () => {
    const old = signPayload(BODY, 'the-old-secret-value', NOW).split(',')[1];
    const current = signPayload(BODY, SECRET, NOW);
    expect(verifySignature(`${current},${old}`, BODY, 'the-old-secret-value', NOW).valid).toBe(true);
    expect(verifySignature(` t=${NOW} , ${old} `, BODY, 'the-old-secret-value', NOW).valid).toBe(true);
  });

  it('assertSignature throws SIGNATURE_INVALID with the reason', () => {
    expect(assertSignature(signPayload(BODY, SECRET, NOW), BODY, SECRET, NOW)).toBe(NOW);
    try {
      assertSignature(signPayload(BODY, SECRET, NOW - 1000), BODY, SECRET, NOW);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StudioError);
      expect(err).toMatchObject({ code: 'SIGNATURE_INVALID', details: { reason: 'expired' } });
      expect((err as StudioError).hint).toContain('clock');
    }
  });
});

describe('checkWebhookDelivery', () => {
  const headers = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'academia-signature': signPayload(BODY, SECRET, NOW), 'academia-delivery-id': 'dlv_1', ...extra });

  it('hands over the event of a well-signed delivery', () => {
    const check = checkWebhookDelivery(headers(), BODY, SECRET, NOW);
    expect(check).toEqual({ ok: true, delivery: { event: JSON.parse(BODY), deliveryId: 'dlv_1', signedAt: NOW } });
    const viaFetchHeaders = checkWebhookDelivery(new Headers(headers()), Buffer.from(BODY), SECRET, NOW);
    expect(viaFetchHeaders.ok).toBe(true);
  });

  it('answers a bad signature with 401 problem details before reading the body', () => {
    const check = checkWebhookDelivery(headers({ 'academia-signature': signPayload(BODY, 'wrong-secret-value!', NOW) }), 'not even json', SECRET, NOW, { instance: '/hooks/academia' });
    expect(check).toMatchObject({ ok: false, status: 401, problem: { type: 'https://academia-pro.example/problems/signature-mismatch', status: 401, title: 'Bad signature', instance: '/hooks/academia' } });
    expect(checkWebhookDelivery({ 'content-type': 'application/json' }, BODY, SECRET, NOW)).toMatchObject({ ok: false, status: 401, problem: { type: expect.stringMatching(/signature-missing$/) } });
  });

  it('answers a wrong content type with 415 and broken JSON with 400', () => {
    const text = 'id=1';
    const signed = { 'academia-signature': signPayload(text, SECRET, NOW) };
    expect(checkWebhookDelivery({ ...signed, 'content-type': 'text/plain' }, text, SECRET, NOW)).toMatchObject({ ok: false, status: 415 });
    expect(checkWebhookDelivery({ ...signed, 'content-type': 'application/json' }, text, SECRET, NOW)).toMatchObject({ ok: false, status: 400, problem: { type: expect.stringMatching(/malformed-json$/) } });
    const notEvent = '{"hello":1}';
    expect(checkWebhookDelivery({ 'academia-signature': signPayload(notEvent, SECRET, NOW), 'content-type': 'application/json' }, notEvent, SECRET, NOW)).toMatchObject({ ok: false, status: 400 });
  });
});
