import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentScreen } from '../../src/renderer/src/features/assessment/AssessmentScreen';
import { StudioError } from '../../src/shared/errors';
import type { AssessmentResult, Finding } from '../../src/shared/model/assessment';
import type { EntityMapping } from '../../src/shared/model/mapping';
import { completedSummary, demoAssessmentResult } from './support/assessment-fixture';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const pupils = (): EntityMapping => ({
  id: 'm-students',
  entity: 'students',
  connectionId: 'c1',
  stream: 'PUPILS',
  keyColumns: ['PUPIL_NO'],
  fields: [{ field: 'lastName', column: 'SURNAME', transforms: [{ kind: 'trim' }] }],
  updatedAt: '2025-01-01T00:00:00.000Z',
});

/** The canned result with machine-readable fixes on two findings, as the engine's findings carry them. */
function resultWithTransforms(): AssessmentResult {
  const result = demoAssessmentResult();
  const withFix = (f: Finding): Finding => {
    if (f.code === 'MOJIBAKE') return { ...f, fix: { ...f.fix!, transforms: [{ kind: 'fixMojibake' }] } };
    if (f.code === 'UNTRIMMED_TEXT') return { ...f, fix: { ...f.fix!, transforms: [{ kind: 'trim' }] } };
    return f;
  };
  return { ...result, findings: result.findings.map(withFix) };
}

async function openFinding(testId: string, mappings: EntityMapping[] = [pupils()]) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, assessments: [completedSummary('a1')], assessmentResults: { a1: resultWithTransforms() }, mappings });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <AssessmentScreen />);
  const finding = await screen.findByTestId(testId);
  fireEvent.click(within(finding).getAllByRole('button')[0]);
  return { fake, finding, stores };
}

describe('adopting a finding’s fix into the mapping', () => {
  it('adopts the fix in one click, says what changed, then shows it as adopted', async () => {
    const { fake, finding } = await openFinding('finding-MOJIBAKE-PUPILS-SURNAME');
    const button = await within(finding).findByTestId('adopt-fix-button');
    expect(button.textContent).toContain('Adopt in mapping');
    expect((button as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(button);
    await waitFor(() => expect(within(finding).getByTestId('adopt-fix-adopted').textContent).toContain('Adopted in PUPILS → students'));
    expect(fake.calls.find((c) => c.method === 'mappings.adoptFix')?.params).toEqual({ assessmentId: 'a1', code: 'MOJIBAKE', table: 'PUPILS', column: 'SURNAME' });
    expect(within(finding).getByTestId('adopt-fix-change').textContent).toBe('Added fixMojibake to students.lastName.');
    expect(within(finding).queryByTestId('adopt-fix-button')).toBeNull();
    expect(fake.state.mappings[0].fields[0].transforms).toEqual([{ kind: 'trim' }, { kind: 'fixMojibake' }]);
  });

  it('shows a fix adopted earlier as adopted when the screen opens', async () => {
    const adopted = { ...pupils(), adoptedFixes: [{ code: 'MOJIBAKE', table: 'PUPILS', column: 'SURNAME', at: '2025-01-09T00:00:00.000Z' }] };
    const { finding } = await openFinding('finding-MOJIBAKE-PUPILS-SURNAME', [adopted]);
    expect((await within(finding).findByTestId('adopt-fix-adopted')).textContent).toContain('Adopted');
    expect(within(finding).queryByTestId('adopt-fix-button')).toBeNull();
  });

  it('is disabled, with the reason, when no mapping reads the finding’s table', async () => {
    const { fake, finding } = await openFinding('finding-UNTRIMMED_TEXT-CONTACTS-EMAIL');
    const button = (await within(finding).findByTestId('adopt-fix-button')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const reason = within(finding).getByTestId('adopt-fix-reason');
    expect(reason.textContent).toBe('No mapping reads CONTACTS yet: map it onto an Academia Pro entity first.');
    expect(button.getAttribute('aria-describedby')).toBe(reason.id);
    fireEvent.click(button);
    expect(fake.calls.some((c) => c.method === 'mappings.adoptFix')).toBe(false);
  });

  it('offers no button for fixes that are not one click, and says where they are done', async () => {
    const { finding } = await openFinding('finding-DUPLICATE_PERSON-PUPILS');
    expect(within(finding).queryByTestId('adopt-fix-button')).toBeNull();
    expect(within(finding).getByTestId('adopt-fix-manual').textContent).toMatch(/People to review tab; every run merges the confirmed ones/);
  });

  it('shows the engine’s refusal as an error and keeps the button', async () => {
    const { fake, finding, stores } = await openFinding('finding-MOJIBAKE-PUPILS-SURNAME');
    fake.failNext('mappings.adoptFix', new StudioError('FIX_NOT_ADOPTABLE', 'The field is fed by another column.', 'Choose the column on the Mapping screen.'));
    fireEvent.click(await within(finding).findByTestId('adopt-fix-button'));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'mappings.adoptFix')).toHaveLength(1));
    await waitFor(() => expect((within(finding).getByTestId('adopt-fix-button') as HTMLButtonElement).disabled).toBe(false));
    expect(within(finding).queryByTestId('adopt-fix-adopted')).toBeNull();
    expect(stores.toasts.getState().toasts.map((t) => [t.error.code, t.action])).toEqual([['FIX_NOT_ADOPTABLE', 'Adopting the fix for MOJIBAKE']]);
  });
});
