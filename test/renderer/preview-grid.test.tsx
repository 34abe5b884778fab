import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PreviewGrid } from '../../src/renderer/src/features/connections/PreviewGrid';
import { columnWords, isIdentifierColumn, MASK, maskLocation, shouldMaskCell } from '../../src/renderer/src/features/connections/masking';
import type { Preview } from '../../src/shared/model/connection';

afterEach(cleanup);

// jsdom lays nothing out; give elements a size so the virtualizer renders the visible rows.
const sizes = { offsetHeight: 360, offsetWidth: 900, clientHeight: 360, clientWidth: 900 };
const saved: Partial<Record<keyof typeof sizes, PropertyDescriptor | undefined>> = {};
beforeAll(() => {
  for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
    saved[key] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, key);
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => sizes[key] });
  }
});
afterAll(() => {
  for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
    if (saved[key]) Object.defineProperty(HTMLElement.prototype, key, saved[key]);
  }
});

const preview: Preview = {
  stream: 'dbo.Pupils',
  columns: [
    { name: 'PupilID', type: 'integer' },
    { name: 'class_code', type: 'string' },
    { name: 'FirstName', type: 'string' },
    { name: 'birth_date', type: 'date' },
    { name: 'NationalId', type: 'string' },
    { name: 'Active', type: 'boolean' },
  ],
  rows: Array.from({ length: 1000 }, (_, i) => ({
    PupilID: i + 1,
    class_code: `7B-${i}`,
    FirstName: i === 0 ? 'נועה' : `Name${i}`,
    birth_date: '2012-03-04',
    NationalId: `AB${100000 + i}`,
    Active: true,
  })),
};

function rowCells(rowIndex: number) {
  const row = screen.getAllByRole('row').find((r) => r.getAttribute('aria-rowindex') === String(rowIndex + 2));
  if (!row) throw new Error(`row ${rowIndex} is not rendered`);
  return within(row).getAllByRole('cell');
}

describe('preview grid', () => {
  it('masks personal text until revealed, keeping ids, codes, numbers and booleans visible', () => {
    render(<PreviewGrid preview={preview} masking={true} />);
    const cells = rowCells(0).map((c) => c.textContent);
    expect(cells).toEqual(['1', '7B-0', MASK, MASK, MASK, 'true']);
    expect(screen.queryByText('נועה')).toBeNull();

    const toggle = screen.getByTestId('reveal-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(rowCells(0).map((c) => c.textContent)).toEqual(['1', '7B-0', 'נועה', '2012-03-04', 'AB100000', 'true']);
    expect(screen.getByText('נועה').getAttribute('dir')).toBe('auto');

    fireEvent.click(screen.getByRole('button', { name: 'Mask personal data' }));
    expect(rowCells(0)[2].textContent).toBe(MASK);
  });

  it('shows everything and no toggle when masking is off in the settings', () => {
    render(<PreviewGrid preview={preview} masking={false} />);
    expect(screen.queryByTestId('reveal-toggle')).toBeNull();
    expect(rowCells(1).map((c) => c.textContent)).toEqual(['2', '7B-1', 'Name1', '2012-03-04', 'AB100001', 'true']);
  });

  it('keeps only the visible rows of a large preview in the page', () => {
    render(<PreviewGrid preview={preview} masking={true} />);
    const grid = screen.getByTestId('preview-grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('1001');
    const rendered = within(grid).getAllByRole('row').length - 1;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
  });
});

describe('masking rules', () => {
  it('splits column names into words', () => {
    expect(columnWords('StudentID')).toEqual(['student', 'id']);
    expect(columnWords('class_code')).toEqual(['class', 'code']);
    expect(columnWords('HTTPStatusCode')).toEqual(['http', 'status', 'code']);
  });

  it('treats ids and codes as identifiers, but not personal identifiers', () => {
    for (const name of ['id', 'ID', 'StudentId', 'pupil_id', 'class_code', 'ClassCode', 'id_school', 'RoomNo', 'guid']) expect(isIdentifierColumn(name), name).toBe(true);
    for (const name of ['FirstName', 'surname', 'birth_date', 'NationalId', 'passport_no', 'email', 'PhoneNo', 'Postcode', 'UPN', 'idea']) expect(isIdentifierColumn(name), name).toBe(false);
  });

  it('masks only non-empty text', () => {
    expect(shouldMaskCell('FirstName', 'Ana', true)).toBe(true);
    expect(shouldMaskCell('FirstName', '', true)).toBe(false);
    expect(shouldMaskCell('FirstName', null, true)).toBe(false);
    expect(shouldMaskCell('Age', 12, true)).toBe(false);
    expect(shouldMaskCell('FirstName', 'Ana', false)).toBe(false);
  });

  it('hides passwords in connection strings shown on screen', () => {
    expect(maskLocation('mysql://admin:hunter2@db.school.local:3306/mis')).toBe(`mysql://admin:${MASK}@db.school.local:3306/mis`);
    expect(maskLocation('mssql://sa:p%40ss@host/db?encrypt=false')).toBe(`mssql://sa:${MASK}@host/db?encrypt=false`);
    expect(maskLocation('Server=x;User Id=sa;Password=abc;')).toBe(`Server=x;User Id=sa;Password=${MASK};`);
    expect(maskLocation('C:\\Exports\\pupils.csv')).toBe('C:\\Exports\\pupils.csv');
  });
});
