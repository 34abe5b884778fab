import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/**
 * Issue 22's guided workflow in Chromium: a blank project starts at Planning, the demo school is
 * carried through Assessment and Execution to Completed with the Plan screen naming each next
 * step and its button leading there, a parallel run gets its sync in one action, and the cutover
 * runbook is run step by step on the page — refused first without a clean rehearsal and signed-off
 * mappings (with a link to the fix), then through to the parallel run's sync stopped — and rolled
 * back. What a person would do on other screens' forms (signing mappings off, the reject limit and
 * freeze window) goes through the API to keep the test short; every lifecycle state is read off
 * the page.
 */
describe('migration lifecycle in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let page: BrowserStudio['page'];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio();
    ({ engine, host, page, consoleErrors } = studio);
  });

  afterAll(() => studio?.close());

  const status = (step: string) => page.getByTestId(`cutover-status-${step}`);
  const runStep = async (step: string, expected: 'done' | 'blocked', timeout = 30_000) => {
    await page.getByTestId('cutover-next').click();
    await status(step).filter({ hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout });
  };

  it('starts a blank project at Planning, with what blocks the next stage in the stepper and on the plan', async () => {
    await page.goto(host.url);
    await engine.api.projects.create({ path: join(studio.dir, 'blank.apstudio'), name: 'Blank school' });
    await page.getByTestId('project-name').filter({ hasText: 'Blank school' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('step-Planning').getAttribute('aria-current')).toBe('step');
    expect(await page.getByTestId('step-Planning').getAttribute('title')).toContain('✗ No source is connected yet.');
    await page.getByTestId('step-Planning').getByRole('button').click();
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Planning' }).waitFor();
    await page.getByTestId('plan-next').filter({ hasText: 'No source is connected yet.' }).waitFor();
    expect(await page.getByTestId('plan-next-go').innerText()).toMatch(/Go to Sources/);
    // Nothing to roll back before the runbook started.
    expect(await page.getByTestId('cutover-rollback').isDisabled()).toBe(true);
  });

  it('carries the demo from Assessment to Completed, each next step named and one click away', async () => {
    await engine.api.projects.openDemo({ path: join(studio.dir, 'demo.apstudio'), pupils: 40 });
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 30_000 });
    // The demo comes with its source and mappings: assessing it is what is left.
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Assessment' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('step-Assessment').getAttribute('aria-current')).toBe('step');
    expect(await page.getByTestId('step-Planning').getAttribute('class')).toContain('step-done');
    await page.getByTestId('plan-next').filter({ hasText: /Not assessed yet/ }).waitFor();
    await page.getByTestId('plan-next-go').click();
    await page.getByTestId('start-assessment').click();
    await page.getByTestId('readiness-score').waitFor({ timeout: 60_000 });

    await page.getByTestId('nav-plan').click();
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Execution' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-next').filter({ hasText: /No run has pushed data yet/ }).waitFor();
    await page.getByTestId('plan-next-go').click();
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').filter({ hasText: /^Completed$/ }).waitFor({ timeout: 60_000 });

    await page.getByTestId('nav-plan').click();
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Completed' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('step-Completed').getAttribute('aria-current')).toBe('step');
    for (const stage of ['Planning', 'Assessment', 'Execution', 'Validation']) expect(await page.getByTestId(`step-${stage}`).getAttribute('class')).toContain('step-done');
  });

  it('a parallel run spells out its sync and creates it in one action', async () => {
    await page.getByTestId('plan-approach').selectOption('parallel-run');
    await page.getByTestId('plan-record-save').click();
    await page.getByTestId('plan-implications').filter({ hasText: /No sync is defined yet/ }).waitFor();
    await page.getByTestId('plan-parallel-state').filter({ hasText: /no sync does that yet/ }).waitFor();
    await page.getByTestId('plan-parallel-create').click();
    await page.getByTestId('plan-parallel-state').filter({ hasText: /The sync "parallel-run" follows .*students.* on "0 2 \* \* \*" \(UTC\)/ }).waitFor();
    await page.getByTestId('plan-implications').filter({ hasText: /cutover's last step stops it/ }).waitFor();
    expect((await engine.api.syncs.get({ name: 'parallel-run' })).schedule.cron).toBe('0 2 * * *');
  });

  it('refuses to start the cutover without a clean rehearsal and signed-off mappings, and links to the fix', async () => {
    await runStep('go-no-go', 'blocked');
    const outcome = await page.getByTestId('cutover-outcome-go-no-go').innerText();
    expect(outcome).toMatch(/^Last rehearsal .* rejected \(limit 0 %\)/);
    expect(outcome).toMatch(/Not signed off at their current version/);
    expect(await page.getByTestId('cutover-fix-rehearsal-clean').innerText()).toMatch(/Go to Runs/);
    await page.getByTestId('plan-cutover').screenshot({ path: join(screenshots, 'plan-cutover-blocked.png') });
    await page.getByTestId('cutover-fix-mappings-signed-off').click();
    await page.locator('[data-testid="nav-mapping"][aria-current="page"]').waitFor();
  });

  it('runs the runbook step by step once fixed, each outcome shown, and stops the parallel run at the end', async () => {
    // The school agrees to carry the demo's planted rejects over later and a freeze window
    // (Settings, where the checklist's freeze item leads), and signs the mappings off.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('go-no-go-reject-limit').fill('100');
    await page.getByTestId('go-no-go-freeze-from').fill('2027-07-23T08:00');
    await page.getByTestId('go-no-go-freeze-to').fill('2027-07-20T18:00');
    await page.getByTestId('go-no-go-save').click();
    // A window that ends before it starts is refused with the reason and what to do.
    await page.getByTestId('error-toast').filter({ hasText: /MIGRATION_PLAN_INVALID/ }).filter({ hasText: /freeze window ends .* before it starts/ }).waitFor();
    expect((await engine.api.migration.status()).measures).toMatchObject({ rejectLimit: 0, freezeWindow: null });
    await page.getByTestId('go-no-go-freeze-to').fill('2027-07-25T18:00');
    await page.getByTestId('go-no-go-save').click();
    await expect.poll(async () => (await engine.api.migration.status()).measures?.rejectLimit).toBe(1);
    expect((await engine.api.migration.status()).checklist.find((c) => c.item === 'freeze-window')?.ok).toBe(true);
    for (const m of await engine.api.mappings.list()) await engine.api.mappings.signOff({ id: m.id });
    await page.getByTestId('nav-plan').click();
    await page.getByTestId('check-freeze-window').filter({ hasText: /^Data freeze 2027-07-/ }).waitFor();
    await page.getByTestId('cutover-next').filter({ hasText: 'Run again: Go / no-go' }).waitFor();
    await runStep('go-no-go', 'done');
    await runStep('freeze', 'done');
    expect(await page.getByTestId('cutover-outcome-freeze').innerText()).toMatch(/^Source frozen at .*PUPILS 40 rows/);
    expect(await page.getByTestId('cutover-rollback-path').innerText()).toMatch(/Nothing was written to Academia Pro yet/);
    await runStep('verify-freeze', 'done');
    await runStep('final-load', 'done', 60_000);
    expect(await page.getByTestId('cutover-outcome-final-load').innerText()).toMatch(/^Run \S+ loaded Academia Pro: 0 created, 0 updated, [\d,]+ unchanged/);
    await runStep('reconcile', 'done');
    await runStep('syncs', 'done');
    expect(await page.getByTestId('cutover-outcome-syncs').innerText()).toMatch(/^Stopped "parallel-run" \(its schedule "0 2 \* \* \*" UTC cleared\)/);
    await page.getByTestId('cutover-done').waitFor();
    expect((await engine.api.syncs.get({ name: 'parallel-run' })).schedule.cron).toBeNull();
    await page.getByTestId('plan-parallel-state').filter({ hasText: /only when run by hand/ }).waitFor();
    expect(await page.getByTestId('step-Completed').getAttribute('aria-current')).toBe('step');
    await page.getByTestId('plan-cutover').screenshot({ path: join(screenshots, 'plan-cutover.png') });
  });

  it('rolls the cutover back from the page: the freeze lifted, the runbook from the top, and the parallel run scheduled again', async () => {
    expect(await page.getByTestId('cutover-rollback-path').innerText()).toMatch(/Roll back the final load .*schedules back/);
    await page.getByTestId('cutover-rollback').click();
    await page.getByTestId('cutover-rollback-dialog').waitFor();
    await page.getByTestId('cutover-rollback-confirm').click();
    await status('final-load').filter({ hasText: /^rolled back$/ }).waitFor({ timeout: 60_000 });
    // The rehearsal had loaded the same sandbox, so the final load found every record unchanged:
    // nothing to undo there (test/integration/cutover.test.ts rolls back a final load that wrote).
    expect(await page.getByTestId('cutover-outcome-final-load').innerText()).toMatch(/^Nothing to undo in Academia Pro: run \S+ created or updated no record\.$/);
    expect(await page.getByTestId('cutover-outcome-syncs').innerText()).toBe('Schedules put back: "parallel-run" runs again on "0 2 * * *" (UTC).');
    expect(await page.getByTestId('cutover-next').innerText()).toMatch(/Run: Go \/ no-go/);
    expect((await engine.api.syncs.get({ name: 'parallel-run' })).schedule.cron).toBe('0 2 * * *');
    expect(await page.getByTestId('cutover-rollback').isDisabled()).toBe(true);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
