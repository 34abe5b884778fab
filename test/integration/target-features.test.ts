import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcademiaClient, type AcademiaClientOptions, type TargetRequestLog } from '../../src/main/engine/academia/academia-client';
import { loadTargetContract } from '../../src/academia-api/contract';
import { checkWebhookDelivery } from '../../src/main/engine/academia/webhook-receiver';
import { StudioError } from '../../src/shared/errors';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { pollUntil, receiver, SAMPLE_FILES } from '../unit/academia/conformance';
import { refId, sampleRecord } from '../unit/academia/sample-records';

const contract = loadTargetContract('v1');
const SCHOOL = refId('schools', 1);

describe('AcademiaClient: attachments, bulk operations, webhooks and events', () => {
  let sandbox: RunningSandbox;
  const clientFor = (extra: Partial<AcademiaClientOptions> = {}) => {
    const log: TargetRequestLog[] = [];
    const client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: SCHOOL, random: () => 0.5, onRequest: (e) => log.push(e), ...extra });
    return { client, log };
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { client } = clientFor();
    await client.upsertSchools([sampleRecord(contract, 'schools', 1)], 'school');
    await client.pushBatch('students', [1, 2].map((n) => sampleRecord(contract, 'students', n)), 'students');
  });
  afterAll(() => sandbox.close());

  it('puts, lists, gets and removes a student photo', async () => {
    const { client } = clientFor();
    expect(client.attachments.rules('students')?.contentTypes).toContain('image/png');
    const stored = await client.attachments.put('students', refId('students', 1), 'photo', SAMPLE_FILES.png, 'image/png');
    expect(stored).toMatchObject({ created: true, name: 'photo', size: SAMPLE_FILES.png.length, contentType: 'image/png' });
    expect((await client.attachments.put('students', refId('students', 1), 'photo', SAMPLE_FILES.png, 'image/png')).created).toBe(false);
    expect((await client.attachments.list('students', refId('students', 1))).map((a) => a.name)).toEqual(['photo']);
    const got = await client.attachments.get('students', refId('students', 1), 'photo');
    expect(got).toEqual({ contentType: 'image/png', sha256: stored.sha256, bytes: SAMPLE_FILES.png });
    expect(await client.attachments.remove('students', refId('students', 1), 'photo')).toBe(true);
    expect(await client.attachments.get('students', refId('students', 1), 'photo')).toBeNull();
    expect(await client.attachments.remove('students', refId('students', 1), 'photo')).toBe(false);
  });

  it('turns attachment refusals into typed errors without retrying', async () => {
    const { client, log } = clientFor();
    const tooBig = await client.attachments.put('students', refId('students', 2), 'scan.pdf', Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(5 * 1024 * 1024)]), 'application/pdf').catch((e: unknown) => e);
    expect(tooBig).toMatchObject({ code: 'TARGET_REJECTED', details: { status: 413 } });
    expect((tooBig as StudioError).hint).toMatch(/smaller|shrink|less/i);
    const wrongType = await client.attachments.put('students', refId('students', 2), 'photo', Buffer.from('GIF89a'), 'image/gif').catch((e: unknown) => e);
    expect(wrongType).toMatchObject({ code: 'TARGET_REJECTED', details: { status: 415, reason: 'unsupported-media-type' } });
    const missing = await client.attachments.put('students', 'nobody', 'photo', SAMPLE_FILES.png, 'image/png').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'TARGET_NOT_FOUND', details: { reason: 'record-not-found' } });
    expect(log.filter((e) => e.method === 'PUT').map((e) => e.status)).toEqual([413, 415, 404]);
    await expect(client.attachments.list('courses', 'x')).rejects.toMatchObject({ code: 'TARGET_UNKNOWN_ENTITY' });
  });

  it('imports records in bulk: chunks, commit, polling with progress, counts and the rejected lines', async () => {
    const { client } = clientFor({ sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) });
    const records = Array.from({ length: 1205 }, (_, i) => sampleRecord(contract, 'guardians', 3000 + i));
    records[7] = { ...records[7], relationship: 'aunt' };
    const seen: string[] = [];
    const { operation, errors } = await client.bulk.importRecords('guardians', records, { chunkRecords: 500, pollMs: 5, onProgress: (op) => seen.push(op.status) });
    expect(operation).toMatchObject({ status: 'Completed', chunks: 3, receivedRecords: 1205, counts: { read: 1205, created: 1204, rejected: 1 }, summary: { success: 1204, error: 1, skipped: 0 } });
    expect(seen[seen.length - 1]).toBe('Completed');
    expect(errors).toEqual([expect.objectContaining({ line: 8, chunk: 1, lineInChunk: 8, externalId: refId('guardians', 3007), status: 'rejected' })]);
    expect(errors[0].errors[0]).toMatchObject({ field: 'relationship', code: 'enum' });
    expect(await client.count('guardians')).toBe(1204);
    const again = await client.bulk.importRecords('guardians', [...records.slice(0, 7), sampleRecord(contract, 'guardians', 9999)], { mode: 'update-only', pollMs: 5 });
    expect(again.operation.counts).toEqual({ read: 8, created: 0, updated: 0, unchanged: 7, rejected: 0, skipped: 1, failed: 0 });
    expect(await client.get('guardians', refId('guardians', 9999))).toBeNull();
    expect((await client.bulk.list()).length).toBe(2);
  });

  it('exports records in bulk and waits with a timeout', async () => {
    const { client } = clientFor({ sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) });
    const { operation, records } = await client.bulk.exportRecords('students', { pollMs: 5 });
    expect(operation.summary.success).toBe(2);
    expect(records.map((r) => r.externalId)).toEqual([refId('students', 1), refId('students', 2)]);
    let now = 0;
    const frozen = clientFor({ now: () => now, sleep: async (ms) => void (now += ms) });
    const open = await frozen.client.bulk.create({ type: 'Import', entity: 'guardians' });
    const err = await frozen.client.bulk.waitUntilDone(open.id, { pollMs: 1000, timeoutMs: 3000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TARGET_TIMEOUT', details: { status: 'Open' } });
    expect((await frozen.client.bulk.cancel(open.id)).status).toBe('Cancelled');
    await expect(frozen.client.bulk.uploadChunk(open.id, 1, [{}])).rejects.toMatchObject({ code: 'TARGET_CONFLICT', details: { reason: 'operation-not-open' } });
  });

  it('registers a webhook whose signed deliveries a receiver can check, and reads the events feed', async () => {
    const hook = await receiver();
    try {
      const { client } = clientFor();
      const start = await client.events.since();
      const webhook = await client.webhooks.create({ url: hook.url, events: ['record.updated'], description: 'studio' }, 'hook-1');
      expect(webhook.secret).toMatch(/^whsec_/);
      expect((await client.webhooks.create({ url: hook.url, events: ['record.updated'], description: 'studio' }, 'hook-1')).id).toBe(webhook.id);
      expect((await client.webhooks.list()).map((w) => w.id)).toEqual([webhook.id]);
      await client.pushBatch('students', [{ ...sampleRecord(contract, 'students', 1), phone: '+1 555 0100' }], 'students-changed');
      await pollUntil(async () => hook.got.length, (n) => n === 1);
      const delivery = hook.got[0];
      const check = checkWebhookDelivery(delivery.headers as Record<string, string>, delivery.body, webhook.secret, Date.now() / 1000);
      expect(check).toMatchObject({ ok: true, delivery: { event: { type: 'record.updated', data: { entity: 'students', externalId: refId('students', 1), version: 2 } } } });
      expect(checkWebhookDelivery(delivery.headers as Record<string, string>, delivery.body, 'a-guessed-secret-value', Date.now() / 1000)).toMatchObject({ ok: false, status: 401 });
      const log = await pollUntil(() => client.webhooks.deliveries(webhook.id), (p) => p.data[0]?.status === 'succeeded');
      expect(log.total).toBe(1);
      expect((await client.webhooks.test(webhook.id)).event.type).toBe('webhook.test');
      const { events, cursor } = await client.events.since(start.cursor);
      expect(events.map((e) => e.type)).toEqual(['record.updated', 'webhook.test']);
      expect((await client.events.page({ after: cursor })).data).toEqual([]);
      expect((await client.events.page({ types: ['webhook.test'] })).data.every((e) => e.type === 'webhook.test')).toBe(true);
      await client.webhooks.remove(webhook.id);
      await expect(client.webhooks.get(webhook.id)).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND', details: { reason: 'webhook-not-found' } });
    } finally {
      await hook.close();
    }
  });
});
