import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Button } from '../../src/renderer/src/ui/Button';
import { Card } from '../../src/renderer/src/ui/Card';
import { DataTable, sortRows, type DataColumn } from '../../src/renderer/src/ui/DataTable';
import { Dialog } from '../../src/renderer/src/ui/Dialog';
import { EmptyState } from '../../src/renderer/src/ui/EmptyState';
import { Stat } from '../../src/renderer/src/ui/Stat';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(cleanup);

interface Pupil {
  id: number;
  name: string;
  year: number | null;
}

const PUPILS: Pupil[] = [
  { id: 1, name: 'Zoë', year: 9 },
  { id: 2, name: 'נועה', year: 7 },
  { id: 3, name: 'Adam', year: null },
  { id: 4, name: 'adam 10', year: 11 },
  { id: 5, name: 'adam 9', year: 8 },
];

const COLUMNS: DataColumn<Pupil>[] = [
  { id: 'name', header: 'Name', cell: (p) => p.name, sortValue: (p) => p.name, source: true, title: (p) => p.name },
  { id: 'year', header: 'Year', cell: (p) => p.year ?? '—', sortValue: (p) => p.year, numeric: true },
  { id: 'open', header: 'Open', cell: (p) => <button type="button">Open {p.name}</button> },
];

const bodyRows = () => within(screen.getByRole('grid')).getAllByRole('row').slice(1);
const names = () => bodyRows().map((r) => within(r).getAllByRole('gridcell')[0].textContent);

describe('data table', () => {
  it('is a named grid with column headers, source cells marked dir=auto and full text on hover', () => {
    render(<DataTable rows={PUPILS} columns={COLUMNS} rowKey={(p) => String(p.id)} label="Pupils" />);
    const grid = screen.getByRole('grid', { name: 'Pupils' });
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Year', 'Open']);
    const hebrew = within(grid).getByText('נועה');
    expect(hebrew.getAttribute('dir')).toBe('auto');
    expect(hebrew.getAttribute('title')).toBe('נועה');
    expect(within(grid).getAllByRole('columnheader')[2].hasAttribute('aria-sort')).toBe(false);
  });

  it('sorts by a column on click, numbers as numbers, empty values last in both directions', () => {
    render(<DataTable rows={PUPILS} columns={COLUMNS} rowKey={(p) => String(p.id)} label="Pupils" />);
    const year = screen.getByRole('columnheader', { name: /Year/ });
    expect(year.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(year).getByRole('button'));
    expect(year.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['נועה', 'adam 9', 'Zoë', 'adam 10', 'Adam']);
    fireEvent.click(within(year).getByRole('button'));
    expect(year.getAttribute('aria-sort')).toBe('descending');
    expect(names()).toEqual(['adam 10', 'Zoë', 'adam 9', 'נועה', 'Adam']);
    // Text sorts with numeric collation: "adam 9" before "adam 10".
    fireEvent.click(within(screen.getByRole('columnheader', { name: /Name/ })).getByRole('button'));
    expect(names().slice(0, 3)).toEqual(['Adam', 'adam 9', 'adam 10']);
  });

  it('has one Tab stop and moves between cells with the arrow keys, Home/End and Ctrl+End', () => {
    render(<DataTable rows={PUPILS} columns={COLUMNS} rowKey={(p) => String(p.id)} label="Pupils" />);
    const grid = screen.getByRole('grid');
    const tabStops = grid.querySelectorAll('[tabindex="0"]');
    expect(tabStops).toHaveLength(1);
    const first = tabStops[0] as HTMLElement;
    expect(first.getAttribute('role')).toBe('columnheader');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement!.textContent).toBe('Zoë');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement!.textContent).toBe('9');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement!.textContent).toBe('7');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement!.textContent).toBe('Open נועה');
    fireEvent.keyDown(document.activeElement!, { key: 'End', ctrlKey: true });
    expect(document.activeElement!.textContent).toBe('Open adam 9');
    // Still one Tab stop, now the active cell.
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    expect(grid.querySelector('[tabindex="0"]')).toBe(document.activeElement);
    // Enter moves into the cell's control, Escape comes back.
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(document.activeElement!.tagName).toBe('BUTTON');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.activeElement!.getAttribute('role')).toBe('gridcell');
    // Up at the first row reaches the header row, where Enter sorts.
    fireEvent.keyDown(document.activeElement!, { key: 'Home', ctrlKey: true });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement!.getAttribute('role')).toBe('columnheader');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(document.activeElement!.getAttribute('aria-sort')).toBe('ascending');
  });

  it('opens a row with Enter on a cell without a control, and by click', () => {
    const opened: number[] = [];
    render(<DataTable rows={PUPILS} columns={COLUMNS.slice(0, 2)} rowKey={(p) => String(p.id)} label="Pupils" onRowClick={(p) => opened.push(p.id)} rowProps={(p) => ({ selected: p.id === 2, testId: `pupil-${p.id}` })} />);
    const header = screen.getAllByRole('columnheader')[0];
    header.focus();
    fireEvent.keyDown(header, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    fireEvent.click(screen.getByTestId('pupil-3'));
    expect(opened).toEqual([1, 3]);
    expect(screen.getByTestId('pupil-2').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('pupil-1').getAttribute('aria-selected')).toBe('false');
  });

  it('keeps only a window of a large table in the page, with the full row count announced', () => {
    // jsdom lays nothing out; give elements a size so the virtualizer measures a viewport.
    const sizes = { offsetHeight: 360, offsetWidth: 900, clientHeight: 360, clientWidth: 900 };
    const saved = Object.keys(sizes).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const);
    for (const [key, value] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
    onTestFinished(() => {
      for (const [key, descriptor] of saved) {
        if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
        else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
      }
    });
    const many = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `Pupil ${i}`, year: i % 13 }));
    render(<DataTable rows={many} columns={COLUMNS.slice(0, 2)} rowKey={(p) => String(p.id)} label="Pupils" />);
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    const rendered = bodyRows();
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0].getAttribute('aria-rowindex')).toBe('2');
    // Keyboard: Ctrl+End goes to the last of the 100,000 rows, which the grid scrolls into the page.
    const header = screen.getAllByRole('columnheader')[0];
    header.focus();
    fireEvent.keyDown(header, { key: 'End', ctrlKey: true });
    expect(grid.querySelector('[tabindex="0"]')!.getAttribute('data-cell')).toBe('99999:1');
  });

  it('shows a first page of a large table before it is laid out', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: i, name: `Pupil ${i}`, year: i % 13 }));
    render(<DataTable rows={many} columns={COLUMNS.slice(0, 2)} rowKey={(p) => String(p.id)} label="Pupils" />);
    expect(bodyRows().length).toBe(50);
  });

  it('shows the empty message in place of rows, and a plain table when asked for one', () => {
    const { unmount } = render(<DataTable rows={[]} columns={COLUMNS} rowKey={(p) => String(p.id)} label="Pupils" empty="No pupils yet." />);
    expect(screen.getByRole('grid').textContent).toContain('No pupils yet.');
    unmount();
    render(<DataTable rows={PUPILS} columns={COLUMNS} rowKey={(p) => String(p.id)} label="Pupils" mode="table" />);
    expect(screen.getByRole('table', { name: 'Pupils' })).toBeTruthy();
    expect(screen.getAllByRole('cell')[0].textContent).toBe('Zoë');
    expect(screen.getByRole('table').querySelectorAll('[tabindex="0"]')).toHaveLength(0);
  });

  it('sorts stably and leaves the order alone without a sort', () => {
    expect(sortRows(PUPILS, COLUMNS, null)).toBe(PUPILS);
    const ties = [
      { id: 1, name: 'b', year: 1 },
      { id: 2, name: 'a', year: 1 },
    ];
    expect(sortRows(ties, COLUMNS, { column: 'year', direction: 'descending' }).map((p) => p.id)).toEqual([1, 2]);
  });
});

describe('dialog', () => {
  function Harness({ onClose }: { onClose?: () => void }) {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Delete project
        </button>
        <Dialog
          open={open}
          title="Delete the project?"
          description="This removes 3 sources and 12 runs."
          onClose={() => {
            onClose?.();
            setOpen(false);
          }}
          footer={
            <>
              <button type="button">Cancel</button>
              <button type="button">Delete</button>
            </>
          }
        >
          <input aria-label="Type the project name" />
        </Dialog>
      </>
    );
  }

  it('is a named modal dialog that takes focus, keeps Tab inside, closes on Escape and gives focus back', () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    const opener = screen.getByRole('button', { name: 'Delete project' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Delete the project?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toBe('This removes 3 sources and 12 runs.');
    expect(document.activeElement).toBe(screen.getByLabelText('Type the project name'));

    // Tab from the last control wraps to the first (the close button), Shift+Tab back.
    screen.getByRole('button', { name: 'Delete' }).focus();
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: i18n.t('dialog.close') }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete' }));

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes from its close button', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete project' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('button, card, stat and empty state', () => {
  it('button: variants as classes, busy disables and says so, icon-only keeps its label', () => {
    const click = vi.fn();
    const { rerender } = render(
      <Button variant="primary" size="small" onClick={click}>
        Save
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button.className).toBe('btn btn-primary btn-small');
    expect(button.getAttribute('type')).toBe('button');
    fireEvent.click(button);
    expect(click).toHaveBeenCalledTimes(1);
    rerender(
      <Button variant="primary" busy onClick={click}>
        Save
      </Button>,
    );
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    rerender(<Button aria-label="Refresh" icon={<svg />} />);
    expect(screen.getByRole('button', { name: 'Refresh' }).className).toContain('btn-icon');
  });

  it('card: a region named by its title, with actions beside it', () => {
    render(
      <Card title="Run history" actions={<button type="button">Refresh</button>}>
        <p>body</p>
      </Card>,
    );
    const region = screen.getByRole('region', { name: 'Run history' });
    expect(within(region).getByRole('heading', { name: 'Run history' })).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Refresh' })).toBeTruthy();
    expect(region.textContent).toContain('body');
  });

  it('stat: a figure and its label, as a button when it leads somewhere', () => {
    const go = vi.fn();
    render(
      <>
        <Stat label="Sources" value="3" onClick={go} actionLabel="3 sources: open Sources" />
        <Stat label="Mappings" value="16" tone="warning" testId="mappings" />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: '3 sources: open Sources' }));
    expect(go).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('mappings').textContent).toBe('16');
    expect(screen.getByTestId('mappings').parentElement!.className).toContain('stat-warning');
  });

  it('empty state: says why and offers the next step', () => {
    render(<EmptyState icon={<svg />} title="No runs yet" action={<button type="button">Start a dry run</button>}>
      <p>Start with a dry run.</p>
    </EmptyState>);
    expect(screen.getByText('No runs yet')).toBeTruthy();
    expect(screen.getByText('Start with a dry run.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start a dry run' })).toBeTruthy();
    act(() => undefined);
  });
});
