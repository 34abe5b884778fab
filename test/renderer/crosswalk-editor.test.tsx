import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatCrosswalkCsv, parseCrosswalkCsv } from '../../src/renderer/src/features/mapping/crosswalk-csv';
import { MappingScreen } from '../../src/renderer/src/features/mapping/MappingScreen';
import { createStudioStores } from '../../src/renderer/src/stores/studio-stores';
import type { ColumnProfile } from '../../src/shared/model/assessment';
import type { EntityMapping } from '../../src/shared/model/mapping';
import { completedSummary, demoAssessmentResult } from './support/assessment-fixture';
import { PUPILS_CATALOG, pupilsMapping, serveMappingChecks } from './support/fake-mapping';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores } from './support/render-studio';
import { installXyflowShims } from './support/xyflow-jsdom';

beforeAll(installXyflowShims);
afterEach(cleanup);

const sexProfile: ColumnProfile = {
  table: 'PUPILS',
  column: 'SEX',
  nativeType: 'TEXT',
  semanticType: 'code',
  rows: 30,
  nulls: 0,
  blanks: 2,
  whitespaceOnly: 0,
  untrimmed: 0,
  distinct: 4,
  distinctExact: true,
  topValues: [
    { value: 'F', count: 15 },
    { value: 'M', count: 11 },
    { value: 'X', count: 2 },
    { value: '', count: 2 },
  ],
  patterns: [],
  sentinels: [],
  mojibake: 0,
  leadingZeros: 0,
} as ColumnProfile;

function genderMapping(): EntityMapping {
  const m = pupilsMapping();
  m.fields.push({ field: 'gender', column: 'SEX', transforms: [{ kind: 'crosswalk', crosswalk: 'students.gender', table: { F: 'female', M: 'male' } }] });
  return m;
}

async function openGender() {
  const fake = createFakeStudio({
    project: { ...DEMO_PROJECT },
    mappings: [genderMapping()],
    catalogs: { c1: PUPILS_CATALOG },
    crosswalks: [{ name: 'students.gender', table: { F: 'female', M: 'male' }, description: 'Sex codes', updatedAt: '2025-01-10T09:00:00.000Z' }],
    assessments: [completedSummary('a1')],
    assessmentResults: { a1: { ...demoAssessmentResult(), profiles: [sexProfile] } },
  });
  serveMappingChecks(fake);
  const stores = createStudioStores(fake.client, { themeMemory: { read: () => null, write: () => undefined }, mappingDelayMs: 0 });
  await act(() => stores.refreshAll());
  renderWithStores(stores, <MappingScreen />);
  await screen.findByTestId('target-node');
  fireEvent.click(screen.getByTestId('field-gender').querySelector('button')!);
  fireEvent.click(within(screen.getByTestId('field-panel')).getByTestId('edit-crosswalk-0'));
  const editor = await screen.findByTestId('crosswalk-editor');
  await within(editor).findByDisplayValue('female');
  return { fake, stores, editor };
}

describe('crosswalk editor', () => {
  it('lists the codes in the data table, with the source values not mapped yet, and saves the table', async () => {
    const { fake, stores, editor } = await openGender();
    const table = within(editor).getByTestId('crosswalk-table');
    expect(within(table).getByDisplayValue('F')).toBeTruthy();
    expect(within(table).getByLabelText('What M becomes')).toBeTruthy();
    // Seen in the source: counts from the assessment's profile.
    expect(within(table).getByText('15')).toBeTruthy();
    // X and the blank code are in the source but not in the table.
    const unmapped = await within(editor).findByTestId('crosswalk-unmapped');
    await within(unmapped).findByRole('button', { name: 'Add X' });
    expect(within(unmapped).getByRole('button', { name: 'Add (blank)' })).toBeTruthy();
    expect(within(unmapped).queryByRole('button', { name: 'Add F' })).toBeNull();

    fireEvent.click(within(unmapped).getByTestId('crosswalk-add-unmapped'));
    fireEvent.change(within(table).getByLabelText('What X becomes'), { target: { value: 'other' } });
    fireEvent.change(within(table).getByLabelText('What (blank) becomes'), { target: { value: 'unknown' } });
    expect(within(unmapped).queryByRole('button', { name: 'Add X' })).toBeNull();

    fireEvent.click(within(editor).getByTestId('crosswalk-save'));
    await waitFor(() => expect(screen.queryByTestId('crosswalk-editor')).toBeNull());
    expect(fake.calls.find((c) => c.method === 'mappings.putCrosswalk')?.params).toEqual({ name: 'students.gender', table: { F: 'female', M: 'male', X: 'other', '': 'unknown' }, description: 'Sex codes' });
    // The draft's copy of the named table follows, without making the mapping an unsaved edit.
    const step = stores.mapping.getState().draft!.fields.find((f) => f.field === 'gender')!.transforms[0];
    expect(step).toEqual({ kind: 'crosswalk', crosswalk: 'students.gender', table: { F: 'female', M: 'male', X: 'other', '': 'unknown' } });
    expect(stores.mapping.getState().dirty).toBe(false);
  });

  it('refuses a code typed twice until it is changed', async () => {
    const { editor } = await openGender();
    fireEvent.click(within(editor).getByTestId('crosswalk-add'));
    fireEvent.change(within(editor).getByLabelText('Code, row 3'), { target: { value: 'F' } });
    expect(within(editor).getByText('The code “F” is in the table twice.')).toBeTruthy();
    expect((within(editor).getByTestId('crosswalk-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(editor).getByLabelText('Code, row 3'), { target: { value: 'U' } });
    expect((within(editor).getByTestId('crosswalk-save') as HTMLButtonElement).disabled).toBe(false);
  });

  it('imports a CSV file into the table, and says which line is wrong in a bad one', async () => {
    const { editor } = await openGender();
    const input = within(editor).getByTestId('crosswalk-import') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['code,value\r\nF,female\r\nM,male\r\n"N, B",non-binary\r\n'], 'gender.csv', { type: 'text/csv' })] } });
    await within(editor).findByDisplayValue('N, B');
    expect(within(editor).getByDisplayValue('non-binary')).toBeTruthy();

    fireEvent.change(input, { target: { files: [new File(['F,female\nM\n'], 'bad.csv', { type: 'text/csv' })] } });
    expect((await within(editor).findByTestId('crosswalk-csv-error')).textContent).toBe('Line 2 has no value after the code (write code,value).');
  });
});

describe('crosswalk CSV', () => {
  it('reads back what it writes, quotes and blank code included', () => {
    const table = { F: 'female', '': 'unknown', 'N, B': 'say "non-binary"', ' padded ': 'x' };
    expect(parseCrosswalkCsv(formatCrosswalkCsv(table))).toEqual(table);
    expect(formatCrosswalkCsv({ M: 'male' })).toBe('code,value\r\nM,male\r\n');
  });
});
