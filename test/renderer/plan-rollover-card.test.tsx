import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanScreen } from '../../src/renderer/src/features/plan/PlanScreen';
import type { RolloverPreview } from '../../src/shared/model/rollover';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const HELD: RolloverPreview = {
  status: 'held',
  previewId: 'rollover-1',
  previewedAt: '2026-05-04T09:00:00.000Z',
  fromYear: { externalId: '2024/25', name: '2024/25' },
  toYear: { externalId: '2025/26', name: '2025/26', startDate: '2025-09-01', endDate: '2026-08-31' },
  rules: { schoolYear: null, progression: { '12': '13', '13': null }, progressionSource: 'target-model', progressionCrosswalk: null, leavers: { action: 'graduated', date: null }, classTerm: 'first', carry: { classes: true, classTeachers: true, enrollments: true } },
  changes: [
    { entity: 'students', inserts: 0, updates: 56, deletes: 0, conflicts: 0 },
    { entity: 'classes', inserts: 41, updates: 0, deletes: 0, conflicts: 0 },
  ],
  summary: ['52 students move up a grade level.', '4 students in the last grade level are graduated on 2025-08-31.'],
  held: {
    reason: 'Held by the change gate.',
    summary: '52 students would move up a grade level and 4 would be graduated.',
    categories: [{ category: 'students.updates', entity: 'students', kind: 'updates', count: 56, of: 58, threshold: 0.2, sentence: '52 students would move up a grade level and 4 would be graduated', approved: false }],
  },
  problems: [],
  samples: [],
  applied: null,
};

describe('the Plan screen\'s rollover card', () => {
  it('previews by category, approves the held one, applies, and exports OneRoster with its validation', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    fake.state.rollover = HELD;
    fake.state.oneRosterExport = { dir: '/tmp/or', files: [{ file: 'manifest.csv', rows: 25, bytes: 600 }], validation: { dir: '/tmp/or', version: '1.2', valid: true, errors: 0, warnings: 0, byCode: [], files: [], findings: [], truncated: false } };
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <PlanScreen />);
    const card = await screen.findByTestId('plan-rollover');
    fireEvent.click(within(card).getByTestId('rollover-preview'));
    await waitFor(() => expect(screen.getByTestId('rollover-status').textContent).toContain('held: approve each category'));
    expect(within(card).getByText('52 students move up a grade level.')).toBeTruthy();
    expect(within(screen.getByTestId('rollover-changes')).getByText('41')).toBeTruthy();
    expect((screen.getByTestId('rollover-apply') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('rollover-approve-students.updates'));
    await waitFor(() => expect(screen.getByTestId('rollover-status').textContent).toContain('ready to apply'));
    expect(fake.calls.find((c) => c.method === 'migration.rolloverApprove')?.params).toEqual({ category: 'students.updates' });
    fireEvent.click(screen.getByTestId('rollover-apply'));
    await waitFor(() => expect(screen.getByTestId('rollover-applied').textContent).toContain('97 records written'));

    fireEvent.change(screen.getByTestId('oneroster-out'), { target: { value: '/tmp/or' } });
    fireEvent.click(screen.getByTestId('oneroster-export'));
    await waitFor(() => expect(screen.getByTestId('oneroster-result').textContent).toBe('Wrote 1 files to /tmp/or: 0 errors, 0 warnings against the OneRoster 1.2 column rules.'));
    expect(fake.calls.find((c) => c.method === 'oneRoster.export')?.params).toEqual({ out: '/tmp/or' });
  });
});
