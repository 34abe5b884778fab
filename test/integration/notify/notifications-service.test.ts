import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/academia-api/webhook-signature';
import { type Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { tempDir } from '../../support/temp-dir';
import { WebhookReceiver } from './webhook-receiver';

/** Issue 20, item 6 through the engine: a demo run ends in a signed webhook, with the delivery log, redelivery and a test send. */
describe('notifications service: outgoing webhooks', () => {
  const dir = tempDir();
  const receiver = new WebhookReceiver();
  let engine: Engine;

  beforeAll(async () => {
    await receiver.start();
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 40 });
  });
  afterAll(async () => {
    await engine.dispose();
    await receiver.stop();
    dir.cleanup();
  });

  it('refuses an address that is not http(s) with a typed error, and stores nothing', async () => {
    for (const url of ['ftp://files.school.example/hook', 'mailto:it@school.example']) {
      await expect(engine.api.notifications.createEndpoint({ name: 'Bad', url, events: ['run.completed'] })).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    }
    expect(await engine.api.notifications.listEndpoints()).toEqual([]);
  });

  it('delivers a demo run as a signed run.completed webhook, logged, and redelivers it on demand', async () => {
    const created = await engine.api.notifications.createEndpoint({ name: 'Office', url: receiver.url, events: ['run.completed', 'run.failed'], retry: { count: 2, intervalsSeconds: [1] }, timeoutMs: 2_000 });
    // The studio made the secret: shown this once, kept in the vault.
    expect(created.secret).toMatch(/^whsec_/);
    const secret = created.secret as string;
    const [listed] = await engine.api.notifications.listEndpoints();
    expect(listed).toMatchObject({ id: created.id, method: 'POST', contentType: 'json', secretStatus: 'set', enabled: true });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const test = await engine.api.notifications.testSend({ endpointId: created.id });
    expect(test).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    await receiver.waitFor(1);

    const { runId } = await engine.api.runs.start({ dryRun: false });
    await engine.idle();
    expect((await engine.api.runs.get({ runId })).status).toBe('Completed');
    const [, hook] = await receiver.waitFor(2);
    expect(hook.headers['academia-event']).toBe('run.completed');
    expect(verifySignature(hook.headers['academia-signature'] as string, hook.body, secret, Date.now() / 1000).valid).toBe(true);
    expect(JSON.parse(hook.body.toString())).toMatchObject({ event: 'run.completed', data: { runId, status: 'Completed' } });

    const deliveries = await engine.api.notifications.listDeliveries({ endpointId: created.id });
    const runDelivery = deliveries.find((d) => d.event === 'run.completed')!;
    await expect.poll(async () => (await engine.api.notifications.listDeliveries({})).find((d) => d.id === runDelivery.id)?.status).toBe('delivered');
    expect(runDelivery.subject).toBe(runId);
    expect(deliveries.filter((d) => d.event === 'run.completed')).toHaveLength(1);

    const again = await engine.api.notifications.redeliver({ deliveryId: runDelivery.id });
    expect(again).toMatchObject({ redeliveryOf: runDelivery.id, event: 'run.completed' });
    const [, , third] = await receiver.waitFor(3);
    expect(third.body.equals(hook.body)).toBe(true);
    const actions = (await engine.api.audit.list({ object: `webhook:${created.id}` })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.create', 'webhook.redeliver']));
  });

  it('reports the run on demand (issue 20, item 5): CSV, HTML, and a PDF printed from the HTML by Chromium', async () => {
    const [only] = await engine.api.runs.list({});
    const csv = await engine.api.runReports.render({ report: 'runs', format: 'csv' });
    expect(csv).toMatchObject({ contentType: 'text/csv; charset=utf-8', encoding: 'utf8' });
    const lines = csv.content.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${only.runId},${only.operation},false,Completed,`);
    expect((await engine.api.runReports.render({ report: 'runs', format: 'html' })).content).toContain(only.runId);

    const errorsCsv = await engine.api.runReports.render({ report: 'errors', format: 'csv' });
    const firstCode = errorsCsv.content.split('\r\n')[1]?.split(',')[3];
    const pdf = await engine.api.runReports.render({ report: 'errors', format: 'pdf' });
    expect(pdf).toMatchObject({ contentType: 'application/pdf', encoding: 'base64' });
    const file = join(dir.path, pdf.filename);
    writeFileSync(file, Buffer.from(pdf.content, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Errors — /);
    expect(text).toMatch(/rows rejected/i);
    if (firstCode) expect(text).toContain(firstCode);

    expect((await engine.api.runReports.render({ report: 'runs', format: 'html', until: '2000-01-01T00:00:00Z' })).content).toContain('Nothing to report in this period.');
    await expect(engine.api.runReports.render({ report: 'runs', format: 'csv', since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes and removes an endpoint; a removed one is not found', async () => {
    const [endpoint] = await engine.api.notifications.listEndpoints();
    await expect(engine.api.notifications.updateEndpoint({ id: endpoint.id, url: 'gopher://old.example' })).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    const changed = await engine.api.notifications.updateEndpoint({ id: endpoint.id, method: 'PUT', contentType: 'xml', enabled: false, secret: 'a-new-secret-of-enough-length' });
    expect(changed).toMatchObject({ method: 'PUT', contentType: 'xml', enabled: false, url: receiver.url });
    await engine.api.notifications.removeEndpoint({ id: endpoint.id });
    expect(await engine.api.notifications.listEndpoints()).toEqual([]);
    expect(await engine.api.notifications.listDeliveries({})).toEqual([]);
    await expect(engine.api.notifications.testSend({ endpointId: endpoint.id })).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
  });
});
