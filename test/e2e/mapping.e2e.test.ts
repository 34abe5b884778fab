import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/**
 * The Mapping screen as a user meets it, in Debian's Chromium against the web host (real engine):
 * open the demo, go to Mapping, and see each of the demo's mappings drawn on the canvas — its
 * source columns, the entity's fields and the connections between them — with the live preview
 * of real rows under it.
 */
describe('mapping canvas in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let page: BrowserStudio['page'];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio();
    ({ engine, host, page, consoleErrors } = studio);
    await page.goto(host.url);
    await page.getByRole('button', { name: /Open demo project/i }).click();
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 60_000 });
  });

  afterAll(() => studio?.close());

  it('opens the demo’s mappings on the canvas, each with its connections drawn', async () => {
    await page.getByTestId('nav-mapping').click();
    const canvas = page.getByTestId('mapping-canvas');
    await canvas.waitFor({ timeout: 60_000 });
    const mappings = await engine.api.mappings.list();
    expect(mappings.length).toBeGreaterThan(0);
    const select = page.getByTestId('mapping-select');
    expect(await select.locator('option').count()).toBe(mappings.length);

    for (const mapping of mappings) {
      await select.selectOption(mapping.id);
      const target = canvas.getByTestId('target-node');
      await target.getByText(mapping.entity, { exact: true }).waitFor({ timeout: 30_000 });
      // Every field the mapping feeds from a column is drawn as an edge (the key feeds externalId).
      const fedFromColumns = mapping.fields.filter((f) => f.column !== null).length + mapping.keyColumns.length;
      await expect.poll(() => canvas.locator('.react-flow__edge.mapping-edge:not(.mapping-edge-join):not(.mapping-edge-suggested)').count(), { timeout: 30_000 }).toBe(fedFromColumns);
      const first = mapping.fields.find((f) => f.column !== null);
      if (first) expect(await page.getByTestId(`field-state-${first.field}`).textContent()).toContain(`fed by ${first.column}`);
    }
  });

  it('previews real rows of the students mapping through the plan, and shows a step on its edge', async () => {
    const students = (await engine.api.mappings.list()).find((m) => m.entity === 'students');
    expect(students).toBeDefined();
    await page.getByTestId('mapping-select').selectOption(students!.id);
    const status = page.getByTestId('preview-status');
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/\d+ valid · \d+ with warnings · \d+ rejected/);
    expect(await page.getByTestId('preview-outcome').count()).toBeGreaterThan(0);
    const withSteps = students!.fields.find((f) => f.column !== null && f.transforms.length > 0);
    if (withSteps) expect(await page.locator('.react-flow__edge-text').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'mapping-canvas.png') });
  });

  it('connects a column to a field by dragging on the canvas; the edit stays unsaved until Save, and Undo takes it back', async () => {
    const students = (await engine.api.mappings.list()).find((m) => m.entity === 'students')!;
    expect(students.fields.some((f) => f.field === 'phone')).toBe(false);
    const canvas = page.getByTestId('mapping-canvas');
    await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const from = await canvas.locator('[data-handleid="col:EMAIL"]').boundingBox();
    const to = await canvas.locator('[data-handleid="field:phone"]').boundingBox();
    expect(from && to).toBeTruthy();
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
    await page.mouse.down();
    await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 2, { steps: 12 });
    await page.mouse.up();

    await expect.poll(() => page.getByTestId('field-state-phone').textContent()).toContain('fed by EMAIL');
    await page.getByTestId('mapping-dirty').waitFor();
    // The panel opened on the field just fed; the preview was asked for the unsaved spec.
    expect(await page.getByTestId('field-panel').innerText()).toMatch(/Field phone/);
    await page.screenshot({ path: join(screenshots, 'mapping-drag.png') });
    expect((await engine.api.mappings.get({ id: students.id })).fields.some((f) => f.field === 'phone')).toBe(false);

    await page.getByTestId('mapping-revert').click();
    await expect.poll(() => page.getByTestId('field-state-phone').textContent()).toContain('not fed');
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
