import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SideNav } from '../../src/renderer/src/components/SideNav';
import { ToastArea } from '../../src/renderer/src/components/ToastArea';
import { StudioProvider } from '../../src/renderer/src/stores/StudioProvider';
import { StudioError } from '../../src/shared/errors';
import { MappingScreen } from '../../src/renderer/src/features/mapping/MappingScreen';
import { createStudioStores } from '../../src/renderer/src/stores/studio-stores';
import type { ConnectionInfo } from '../../src/shared/model/connection';
import type { EntityMapping } from '../../src/shared/model/mapping';
import type { SuggestionResult } from '../../src/shared/model/suggestion';
import { PUPILS_CATALOG, pupilsMapping, serveMappingChecks } from './support/fake-mapping';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores } from './support/render-studio';
import { installXyflowShims } from './support/xyflow-jsdom';

beforeAll(installXyflowShims);
afterEach(cleanup);

const SUGGESTIONS: SuggestionResult = {
  recognition: [],
  entities: [
    {
      entity: 'students',
      table: 'PUPILS',
      confidence: 0.9,
      reasons: ['Holds pupils'],
      streams: [],
      keyColumns: ['PUPIL_NO'],
      fields: [
        { field: 'firstName', column: 'FORENAME', confidence: 0.86, reasons: ['Name means first name', 'Values look like given names'], required: true, candidates: [] },
        { field: 'dateOfBirth', column: 'DOB', confidence: 0.71, reasons: ['Values look like dates'], required: false, candidates: [] },
        // Already fed: never offered again.
        { field: 'lastName', column: 'SURNAME', confidence: 0.95, reasons: ['Name means surname'], required: true, candidates: [] },
        // A column the source does not have: never offered.
        { field: 'gender', column: 'GENDER_CODE', confidence: 0.4, reasons: ['Short codes'], required: false, candidates: [] },
      ],
    },
  ],
};

const LEGACY: ConnectionInfo = { id: 'c1', name: 'Legacy SIS', kind: 'sqlite', location: 'sqlite:/data/legacy.sqlite', config: {}, hasSecret: false, secretStatus: 'missing', createdAt: '2025-01-10T09:30:00.000Z' };

async function openMappingScreen(mappings: EntityMapping[] = [pupilsMapping()], options: { suggestions?: SuggestionResult } = {}) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, mappings, catalogs: { c1: PUPILS_CATALOG }, connections: [LEGACY] });
  serveMappingChecks(fake, options);
  let theme: 'light' | 'dark' | 'system' | null = null;
  // No quiet time in tests: each edit's checks go out on the next tick.
  const stores = createStudioStores(fake.client, { themeMemory: { read: () => theme, write: (t) => void (theme = t) }, mappingDelayMs: 0, initialScreen: 'mapping' });
  await act(() => stores.refreshAll());
  renderWithStores(
    stores,
    <>
      <SideNav />
      <MappingScreen />
    </>,
  );
  if (mappings.length === 0) return { fake, stores };
  await screen.findByTestId('target-node');
  await waitFor(() => expect(screen.getByTestId('field-state-lastName').textContent).toContain('fed by SURNAME'));
  return { fake, stores };
}

/** A field row's button (the canvas keeps nodes hidden from the accessibility tree until measured, which jsdom never does). */
const fieldButton = (field: string) => screen.getByTestId(`field-${field}`).querySelector('button')!;
const fieldState = (field: string) => screen.getByTestId(`field-state-${field}`).textContent ?? '';
const lastCall = (fake: ReturnType<typeof createFakeStudio>, method: string) => [...fake.calls].reverse().find((c) => c.method === method)?.params as { mapping: EntityMapping } | undefined;

describe('the Mapping screen', () => {
  it('sits between Assessment and Runs in the navigation (Alt+5) and opens on the first mapping', async () => {
    const { stores } = await openMappingScreen();
    const nav = screen.getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('nav-')).map((b) => b.dataset.testid);
    expect(nav.indexOf('nav-mapping')).toBe(nav.indexOf('nav-assessment') + 1);
    expect(nav.indexOf('nav-mapping')).toBeLessThan(nav.indexOf('nav-runs'));
    expect(screen.getByTestId('nav-mapping').getAttribute('title')).toBe('Mapping (Alt+5)');
    act(() => stores.navigation.getState().go('projects'));
    fireEvent.keyDown(window, { key: '5', altKey: true });
    expect(stores.navigation.getState().screen).toBe('mapping');

    expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('students-PUPILS');
    // The driving stream's columns, the joined stream's under its name, the entity's fields.
    const source = screen.getByTestId('source-node-source');
    expect(within(source).getByText('PUPILS')).toBeTruthy();
    expect(within(source).getByTestId('column-SURNAME')).toBeTruthy();
    const family = screen.getByTestId('source-node-join:family');
    expect(within(family).getByText(/joined as family \(left\) on PUPIL_NO = PUPIL_NO/)).toBeTruthy();
    expect(within(family).getByTestId('column-family.CONSENT')).toBeTruthy();
    // Required fields are marked until fed.
    expect(screen.getByTestId('field-firstName').dataset.fed).toBe('false');
    expect(screen.getByTestId('field-firstName').className).toContain('mapping-row-unfed');
    expect(screen.getByTestId('field-lastName').className).not.toContain('mapping-row-unfed');
    expect(fieldState('externalId')).toContain('fed by PUPIL_NO');
    expect(screen.getByTestId('required-unfed').textContent).toContain('firstName');
  });

  it('connects with the keyboard: a column, then a field, and the checks and preview follow the unsaved edit', async () => {
    const { fake } = await openMappingScreen();
    const column = screen.getByTestId('column-FORENAME');
    fireEvent.click(column);
    expect(column.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('keyboard-connect').textContent).toContain('FORENAME picked: choose the field it feeds.');
    fireEvent.click(fieldButton('firstName'));

    expect(fieldState('firstName')).toContain('fed by FORENAME');
    expect(screen.getByTestId('field-firstName').className).not.toContain('mapping-row-unfed');
    expect(screen.getByTestId('mapping-dirty')).toBeTruthy();
    expect(screen.getByTestId('field-panel').textContent).toContain('Field firstName');
    await waitFor(() => expect(lastCall(fake, 'mappings.preview')?.mapping.fields.map((f) => f.field)).toEqual(['lastName', 'firstName']));
    await waitFor(() => expect(screen.queryByTestId('required-unfed')).toBeNull());

    // The form does the same without the canvas: choose both, press Connect.
    fireEvent.change(screen.getByTestId('connect-column'), { target: { value: 'SEX' } });
    fireEvent.change(screen.getByTestId('connect-field'), { target: { value: 'gender' } });
    fireEvent.click(screen.getByTestId('connect-submit'));
    expect(fieldState('gender')).toContain('fed by SEX');
    // A text column into a field with a closed list of values is flagged before any row is read.
    expect(fieldState('gender')).toMatch(/takes one of male, female, other/);

    fireEvent.click(screen.getByTestId('mapping-save'));
    await waitFor(() => expect(fake.state.mappings[0].fields.map((f) => [f.field, f.column])).toEqual([['lastName', 'SURNAME'], ['firstName', 'FORENAME'], ['gender', 'SEX']]));
    expect(screen.queryByTestId('mapping-dirty')).toBeNull();
  });

  it('offers suggestions with confidence and reasons, accepts one, then all', async () => {
    const { fake } = await openMappingScreen([pupilsMapping()], { suggestions: SUGGESTIONS });
    fireEvent.click(screen.getByTestId('ask-suggestions'));
    const card = screen.getByTestId('suggestions');
    await within(card).findByTestId('suggestion-firstName');
    expect(fake.calls.find((c) => c.method === 'mappings.suggest')?.params).toEqual({ connectionId: 'c1' });
    expect(within(card).getByTestId('suggestion-firstName').textContent).toMatch(/FORENAME → firstName.*86% sure/);
    expect(within(card).getByTestId('suggestion-firstName').textContent).toContain('Name means first name; Values look like given names');
    // Fed fields and columns the source lacks are not offered.
    expect(within(card).queryByTestId('suggestion-lastName')).toBeNull();
    expect(within(card).queryByTestId('suggestion-gender')).toBeNull();

    fireEvent.click(within(card).getByRole('button', { name: 'Accept FORENAME → firstName' }));
    expect(fieldState('firstName')).toContain('fed by FORENAME');
    expect(within(card).queryByTestId('suggestion-firstName')).toBeNull();

    fireEvent.click(within(card).getByTestId('accept-all-suggestions'));
    expect(fieldState('dateOfBirth')).toContain('fed by DOB');
    expect(within(card).getByText('No more suggestions for the fields still open.')).toBeTruthy();
    // Nothing was saved by accepting.
    expect(fake.state.mappings[0].fields).toHaveLength(1);
  });

  it('draws a step’s form from the registry and flags a date read as text until “Read dates” is added', async () => {
    const { fake } = await openMappingScreen();
    fireEvent.click(screen.getByTestId('column-DOB'));
    fireEvent.click(fieldButton('dateOfBirth'));
    expect(fieldState('dateOfBirth')).toMatch(/DOB is text and dateOfBirth takes a date: add “Read dates”/);
    expect(screen.getByTestId('field-dateOfBirth').className).toContain('mapping-row-mismatch');

    const panel = screen.getByTestId('field-panel');
    fireEvent.change(within(panel).getByTestId('add-step-kind'), { target: { value: 'parseDate' } });
    fireEvent.click(within(panel).getByTestId('add-step'));
    const form = within(panel).getByTestId('transform-form-parseDate');
    // The form's inputs come from the parameter schema: formats (required list), placeholder dates (optional).
    expect(within(form).getByLabelText('Formats')).toBeTruthy();
    expect(within(form).getByLabelText(/Placeholder dates/)).toBeTruthy();
    expect(within(form).getByTestId('transform-remarks').textContent).toContain('names no format');

    fireEvent.change(within(form).getByLabelText('Formats'), { target: { value: 'dd/MM/yyyy\nMM/yy' } });
    expect(within(form).getByTestId('transform-remarks').textContent).toContain('The date format "MM/yy" has no day');
    fireEvent.change(within(form).getByLabelText('Formats'), { target: { value: 'dd/MM/yyyy\n' } });
    expect(within(form).queryByTestId('transform-remarks')).toBeNull();
    expect(fieldState('dateOfBirth')).not.toMatch(/takes a date/);

    await waitFor(() => expect(lastCall(fake, 'mappings.preview')?.mapping.fields.find((f) => f.field === 'dateOfBirth')?.transforms).toEqual([{ kind: 'parseDate', formats: ['dd/MM/yyyy'] }]));
    // The existing step of another field is edited in place, and a step can be removed.
    fireEvent.click(fieldButton('lastName'));
    expect(within(screen.getByTestId('field-panel')).getByText('Step 1: Trim spaces')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('field-panel')).getByRole('button', { name: 'Remove Trim spaces' }));
    expect(within(screen.getByTestId('field-panel')).getByText('The value goes through unchanged.')).toBeTruthy();
  });

  it('shows each previewed row’s values and outcome with reasons, filters the rejected ones, and follows edits', async () => {
    const { fake } = await openMappingScreen();
    const preview = screen.getByTestId('mapping-preview');
    await waitFor(() => expect(within(preview).getAllByTestId('preview-outcome')).toHaveLength(3));
    // firstName is not fed: every row is rejected, with the reason.
    expect(within(preview).getAllByTestId('preview-outcome').map((o) => o.textContent?.trim())).toEqual(['Rejected', 'Rejected', 'Rejected']);
    expect(within(screen.getByTestId('preview-row-P1')).getByTestId('preview-reasons').textContent).toBe('firstName: firstName is required.');
    // The values as they would be sent, after the steps (trim).
    expect(within(screen.getByTestId('preview-row-P1')).getByText('Lovelace')).toBeTruthy();
    expect(screen.getByTestId('preview-status').textContent).toBe('0 valid · 0 with warnings · 3 rejected · 0 skipped');
    expect(within(preview).getByText('Personal fields are masked (Settings → Privacy).')).toBeTruthy();

    const previews = fake.calls.filter((c) => c.method === 'mappings.preview').length;
    fireEvent.click(screen.getByTestId('column-FORENAME'));
    fireEvent.click(fieldButton('firstName'));
    await waitFor(() => expect(screen.getByTestId('preview-status').textContent).toBe('2 valid · 0 with warnings · 1 rejected · 0 skipped'));
    expect(fake.calls.filter((c) => c.method === 'mappings.preview').length).toBeGreaterThan(previews);

    fireEvent.change(screen.getByTestId('preview-filter'), { target: { value: 'rejected' } });
    expect(within(preview).getAllByTestId('preview-outcome')).toHaveLength(1);
    expect(screen.getByTestId('preview-row-P2')).toBeTruthy();

    fireEvent.change(screen.getByTestId('preview-filter'), { target: { value: 'key' } });
    fireEvent.change(screen.getByTestId('preview-key'), { target: { value: 'p3' } });
    expect(within(preview).getAllByTestId('preview-outcome').map((o) => o.textContent?.trim())).toEqual(['Valid']);
  });

  it('signs off the saved version and lists its history', async () => {
    const { fake } = await openMappingScreen();
    fireEvent.click(screen.getByTestId('show-history'));
    const card = screen.getByTestId('mapping-history');
    await within(card).findByText('Created.');
    expect(within(card).getByTestId('sign-off-state').textContent).toBe('This mapping has not been signed off.');
    fireEvent.click(within(card).getByTestId('sign-off'));
    await waitFor(() => expect(within(card).getByTestId('sign-off-state').textContent).toMatch(/^Version 1 signed off by Jo Bloggs/));
    expect(fake.calls.find((c) => c.method === 'mappings.signOff')?.params).toEqual({ id: 'students-PUPILS' });

    // An unsaved edit must be saved before signing off.
    fireEvent.click(screen.getByTestId('column-SEX'));
    fireEvent.click(fieldButton('gender'));
    expect((within(card).getByTestId('sign-off') as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens the place a link names: the mapping that reads a table, with the field its column feeds', async () => {
    const other: EntityMapping = { ...pupilsMapping(), id: 'staff-STAFF', entity: 'staff', stream: 'STAFF', joins: undefined, fields: [{ field: 'lastName', column: 'SURNAME', transforms: [] }] };
    const { stores } = await openMappingScreen([other, pupilsMapping()]);
    expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('staff-STAFF');
    act(() => stores.mapping.getState().focusOn({ stream: 'pupils', column: 'SURNAME' }));
    await waitFor(() => expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('students-PUPILS'));
    await waitFor(() => expect(screen.getByTestId('field-panel').textContent).toContain('Field lastName'));
  });

  it('links an error that names the Mapping screen to the mapping reading its table', async () => {
    const other: EntityMapping = { ...pupilsMapping(), id: 'staff-STAFF', entity: 'staff', stream: 'STAFF', joins: undefined };
    const { stores } = await openMappingScreen([other, pupilsMapping()]);
    act(() => stores.navigation.getState().go('runs'));
    render(
      <StudioProvider stores={stores}>
        <ToastArea />
      </StudioProvider>,
    );
    act(() =>
      stores.toasts.getState().showError(new StudioError('FIX_NOT_ADOPTABLE', 'The SURNAME fix names a field fed by another column.', 'Choose on the Mapping screen which column should feed lastName, then adopt the fix again.', { where: { table: 'PUPILS', field: 'lastName' } }), 'Adopting the fix'),
    );
    fireEvent.click(within(screen.getByTestId('error-toast')).getByTestId('mapping-link'));
    expect(stores.navigation.getState().screen).toBe('mapping');
    await waitFor(() => expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('students-PUPILS'));
    await waitFor(() => expect(screen.getByTestId('field-panel').textContent).toContain('Field lastName'));
  });

  it('imports a template onto this project’s source and reports how it fits; exports the shown mapping', async () => {
    const { fake, stores } = await openMappingScreen();
    const exported = stores.mapping.getState().exportFile(false)!;
    expect(exported.format).toBe('academia-studio.mappings');
    expect(exported.mappings.map((m) => m.id)).toEqual(['students-PUPILS']);

    const template = { ...pupilsMapping(), id: 'guardians-PUPILS', entity: 'students', connectionId: 'elsewhere', fields: [{ field: 'lastName', column: 'FAMILY_NAME', transforms: [] }], joins: undefined };
    const file = JSON.stringify({ format: 'academia-studio.mappings', formatVersion: 1, exportedAt: '2025-01-01T00:00:00.000Z', mappings: [template] });
    fireEvent.change(screen.getByTestId('import-mappings'), { target: { files: [new File([file], 'template.mappings.json', { type: 'application/json' })] } });
    const report = await screen.findByTestId('import-report');
    expect(fake.calls.find((c) => c.method === 'mappings.import')?.params).toMatchObject({ connectionId: 'c1' });
    expect(report.textContent).toContain('students (guardians-PUPILS): created · 1 error, 0 warnings in this project');
    expect(report.textContent).toContain('field lastName: The column "FAMILY_NAME" is not in PUPILS.');
    fireEvent.click(within(report).getByRole('button', { name: 'Open' }));
    await waitFor(() => expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('guardians-PUPILS'));

    fireEvent.change(screen.getByTestId('import-mappings'), { target: { files: [new File(['{"not":"mappings"}'], 'x.json')] } });
    await waitFor(() => expect(stores.toasts.getState().toasts.map((t) => t.error.message)).toEqual(['The file is not a mappings export (format academia-studio.mappings).']));
  });

  it('edits row filters; the preview is asked for the filtered (version-2) spec', async () => {
    const { fake } = await openMappingScreen();
    const card = screen.getByTestId('mapping-filters');
    expect(within(card).getByText('Every row is mapped.')).toBeTruthy();
    fireEvent.click(within(card).getByTestId('add-filter'));
    const row = within(card).getByTestId('filter-0');
    fireEvent.change(within(row).getByLabelText('Column'), { target: { value: 'SEX' } });
    fireEvent.change(within(row).getByLabelText('Keep rows where'), { target: { value: 'in' } });
    fireEvent.change(within(row).getByLabelText('Values'), { target: { value: 'F\nM' } });
    fireEvent.change(within(row).getByLabelText('Label (optional)'), { target: { value: 'known sex' } });
    await waitFor(() => expect(lastCall(fake, 'mappings.preview')?.mapping).toMatchObject({ specVersion: 2, filters: [{ column: 'SEX', op: 'in', values: ['F', 'M'], label: 'known sex' }] }));

    fireEvent.click(within(row).getByRole('button', { name: 'Remove filter 1' }));
    expect(within(card).getByText('Every row is mapped.')).toBeTruthy();
    await waitFor(() => expect(lastCall(fake, 'mappings.preview')?.mapping.filters).toBeUndefined());
  });

  it('lists the engine’s checks with their places; a remark about a field opens it', async () => {
    const stale = pupilsMapping();
    stale.fields.push({ field: 'gender', column: 'GENDER_OLD', transforms: [] });
    await openMappingScreen([stale]);
    const checks = screen.getByTestId('mapping-checks');
    const remark = await within(checks).findByTestId('mapping-remark');
    expect(remark.textContent).toContain('The column "GENDER_OLD" is not in PUPILS. at field gender');
    fireEvent.click(within(remark).getByRole('button', { name: 'Show gender' }));
    expect(within(screen.getByTestId('field-panel')).getByTestId('field-remarks').textContent).toBe('The column "GENDER_OLD" is not in PUPILS.');

    // Fixing the column in the panel clears the remark once the checks come back.
    fireEvent.change(within(screen.getByTestId('field-panel')).getByTestId('panel-column'), { target: { value: 'SEX' } });
    await within(checks).findByText('No problems found.');
  });

  it('starts a new mapping from a suggested table, accepts its field suggestions and creates it on Save', async () => {
    const { fake } = await openMappingScreen([], { suggestions: SUGGESTIONS });
    fireEvent.click(await screen.findByTestId('new-mapping'));
    const dialog = screen.getByTestId('new-mapping-dialog');
    fireEvent.click(within(dialog).getByTestId('new-mapping-suggest'));
    fireEvent.click(await within(dialog).findByLabelText(/PUPILS → students \(90%\)/));
    expect((within(dialog).getByTestId('new-mapping-entity') as HTMLInputElement).value).toBe('students');
    expect((within(dialog).getByTestId('new-mapping-stream') as HTMLSelectElement).value).toBe('PUPILS');
    fireEvent.click(within(dialog).getByTestId('new-mapping-create'));

    await screen.findByTestId('target-node');
    // The suggested key feeds externalId at once; the field suggestions wait to be accepted.
    await waitFor(() => expect(fieldState('externalId')).toContain('fed by PUPIL_NO'));
    expect(screen.getByTestId('mapping-select').textContent).toContain('PUPILS → students (new, unsaved)');
    const card = screen.getByTestId('suggestions');
    expect(within(card).getByTestId('suggestion-lastName')).toBeTruthy();
    fireEvent.click(within(card).getByTestId('accept-all-suggestions'));
    expect(fieldState('firstName')).toContain('fed by FORENAME');

    fireEvent.click(screen.getByTestId('mapping-save'));
    await waitFor(() => expect(fake.state.mappings).toHaveLength(1));
    expect(fake.calls.find((c) => c.method === 'mappings.create')?.params).toMatchObject({ mapping: { entity: 'students', stream: 'PUPILS', connectionId: 'c1', keyColumns: ['PUPIL_NO'] } });
    expect(fake.state.mappings[0].fields.map((f) => f.field).sort()).toEqual(['dateOfBirth', 'firstName', 'lastName']);
    await waitFor(() => expect((screen.getByTestId('mapping-select') as HTMLSelectElement).value).toBe('students-PUPILS'));
  });
});
