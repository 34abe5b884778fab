import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One column: how to draw a cell, and (when sortable) the value it sorts by. */
export interface DataColumn<T> {
  id: string;
  header: ReactNode;
  cell(row: T, index: number): ReactNode;
  /** Present ⇒ the column is sortable by this value (numbers compare as numbers, nulls last). */
  sortValue?(row: T): string | number | null | undefined;
  /** Numbers: aligned to the end, tabular figures. */
  numeric?: boolean;
  /** The cell shows source data (any script): `dir="auto"` so right-to-left names display right. */
  source?: boolean;
  /** The cell is the row's header (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Full text on hover, for cells that may be truncated. */
  title?(row: T): string | undefined;
  className?: string | ((row: T) => string | undefined);
  headerClassName?: string;
}

export interface RowProps {
  className?: string;
  testId?: string;
  selected?: boolean;
  title?: string;
  /** Extra data-* attributes (e.g. `{ 'data-seq': '12' }`). */
  data?: Record<string, string>;
}

export interface SortState {
  column: string;
  direction: 'ascending' | 'descending';
}

export interface DataTableProps<T> {
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  rowKey(row: T): string;
  /** Accessible name (or `labelledBy`). */
  label?: string;
  labelledBy?: string;
  testId?: string;
  className?: string;
  /** A class on the scroll box around the table. */
  scrollClassName?: string;
  initialSort?: SortState;
  rowProps?(row: T): RowProps;
  onRowClick?(row: T): void;
  /** Rows drawn after the body (totals). */
  footer?: ReactNode;
  /** Shown instead of the body when there are no rows. */
  empty?: ReactNode;
  /**
   * `grid` (default): one Tab stop, arrow keys move between cells, Enter opens the row.
   * `table`: a plain table for small read-only lists.
   */
  mode?: 'grid' | 'table';
  /** Above this many rows only the visible ones are in the page. */
  virtualizeAbove?: number;
  /** Estimated row height for the virtualizer. */
  rowHeight?: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const aEmpty = a === null || a === undefined || a === '';
  const bEmpty = b === null || b === undefined || b === '';
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Rows in the order asked for; a stable sort, empty values always last. */
export function sortRows<T>(rows: readonly T[], columns: readonly DataColumn<T>[], sort: SortState | null): readonly T[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!sort || !column?.sortValue) return rows;
  const value = column.sortValue;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const aEmpty = a.key === null || a.key === undefined || a.key === '';
      const bEmpty = b.key === null || b.key === undefined || b.key === '';
      if (aEmpty !== bEmpty) return aEmpty ? 1 : -1;
      return sign * compareValues(a.key, b.key) || a.index - b.index;
    })
    .map((x) => x.row);
}

/** Rows shown before the table is laid out. */
const FIRST_PAGE = 50;

const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * The studio's table: sortable headers, virtualized bodies for large data, and (as a WAI-ARIA
 * grid) one Tab stop with arrow keys, Home/End, Page Up/Down between cells; Enter on a cell
 * opens its row (or moves into the control it holds), Escape comes back to the cell.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  label,
  labelledBy,
  testId,
  className,
  scrollClassName,
  initialSort,
  rowProps,
  onRowClick,
  footer,
  empty,
  mode = 'grid',
  virtualizeAbove = 100,
  rowHeight = 33,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const grid = mode === 'grid';
  // The active cell: row -1 is the header row.
  const [active, setActive] = useState<{ row: number; col: number }>({ row: -1, col: 0 });
  const [focusWanted, setFocusWanted] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeRowRef = useRef(-1);
  activeRowRef.current = active.row;
  const tableRef = useRef<HTMLTableElement>(null);
  const virtual = sorted.length > virtualizeAbove;
  const virtualizer = useVirtualizer({
    count: virtual ? sorted.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    // The active row stays in the page even when scrolled away, so the grid keeps its Tab stop.
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const keep = activeRowRef.current;
      if (keep < 0 || keep >= range.count || indexes.includes(keep)) return indexes;
      return [...indexes, keep].sort((a, b) => a - b);
    },
  });

  const lastRow = sorted.length - 1;
  const activeRow = Math.min(active.row, lastRow);
  const activeCol = Math.min(active.col, columns.length - 1);

  useEffect(() => {
    if (!focusWanted) return;
    const cell = tableRef.current?.querySelector<HTMLElement>(`[data-cell="${activeRow}:${activeCol}"]`);
    if (cell) {
      cell.focus({ preventScroll: false });
      setFocusWanted(false);
    }
  }, [focusWanted, activeRow, activeCol, sorted]);

  const toggleSort = (column: DataColumn<T>) => {
    if (!column.sortValue) return;
    setSort((current) =>
      current?.column === column.id ? { column: column.id, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { column: column.id, direction: 'ascending' },
    );
  };

  const moveTo = (row: number, col: number) => {
    const next = { row: Math.max(-1, Math.min(lastRow, row)), col: Math.max(0, Math.min(columns.length - 1, col)) };
    setActive(next);
    setFocusWanted(true);
    if (virtual && next.row >= 0) virtualizer.scrollToIndex(next.row, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (!grid) return;
    const target = event.target as HTMLElement;
    const inCell = target.closest<HTMLElement>('[data-cell]');
    if (!inCell) return;
    if (target !== inCell) {
      // Inside a control of the cell: only Escape belongs to the grid.
      if (event.key === 'Escape') {
        event.preventDefault();
        inCell.focus();
      }
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const rtl = getComputedStyle(inCell).direction === 'rtl';
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeRow + 1, activeCol),
      ArrowUp: () => moveTo(activeRow - 1, activeCol),
      ArrowRight: () => moveTo(activeRow, activeCol + (rtl ? -1 : 1)),
      ArrowLeft: () => moveTo(activeRow, activeCol + (rtl ? 1 : -1)),
      Home: () => moveTo(event.ctrlKey ? 0 : activeRow, 0),
      End: () => moveTo(event.ctrlKey ? lastRow : activeRow, columns.length - 1),
      PageDown: () => moveTo(activeRow + page, activeCol),
      PageUp: () => moveTo(Math.max(0, activeRow - page), activeCol),
      Enter: () => activate(inCell),
      ' ': () => activate(inCell),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const activate = (cell: HTMLElement) => {
    if (activeRow < 0) {
      toggleSort(columns[activeCol]);
      return;
    }
    const control = cell.querySelector<HTMLElement>(FOCUSABLE);
    if (control) control.focus();
    else if (onRowClick) onRowClick(sorted[activeRow]);
  };

  const tabIndexOf = (row: number, col: number) => (grid ? (row === activeRow && col === activeCol ? 0 : -1) : undefined);

  const renderRow = (row: T, index: number) => {
    const props = rowProps?.(row) ?? {};
    return (
      <tr
        key={rowKey(row)}
        role={grid ? 'row' : undefined}
        aria-rowindex={virtual ? index + 2 : undefined}
        aria-selected={grid && props.selected !== undefined ? props.selected : undefined}
        className={[props.className, onRowClick ? 'clickable' : undefined, props.selected ? 'is-selected' : undefined].filter(Boolean).join(' ') || undefined}
        data-testid={props.testId}
        title={props.title}
        onClick={onRowClick ? () => onRowClick(row) : undefined}
        {...props.data}
      >
        {columns.map((column, col) => {
          const cellClass = [column.numeric ? 'num' : undefined, typeof column.className === 'function' ? column.className(row) : column.className].filter(Boolean).join(' ') || undefined;
          const common = {
            className: cellClass,
            dir: column.source ? 'auto' : undefined,
            title: column.title?.(row),
            tabIndex: tabIndexOf(index, col),
            'data-cell': grid ? `${index}:${col}` : undefined,
            onFocus: grid ? () => setActive({ row: index, col }) : undefined,
          };
          return column.rowHeader ? (
            <th key={column.id} scope="row" role={grid ? 'rowheader' : undefined} {...common}>
              {column.cell(row, index)}
            </th>
          ) : (
            <td key={column.id} role={grid ? 'gridcell' : undefined} {...common}>
              {column.cell(row, index)}
            </td>
          );
        })}
      </tr>
    );
  };

  const measured = virtual ? virtualizer.getVirtualItems() : [];
  // Before layout (or in a hidden panel) the virtualizer sees no viewport: show a first page
  // rather than an empty table.
  const items = virtual && measured.length === 0 ? sorted.slice(0, FIRST_PAGE).map((_, index) => ({ index, start: index * rowHeight, end: (index + 1) * rowHeight })) : measured;
  // Spacer rows keep the scroll height: before the window, between it and a kept active row, after.
  const virtualBody: ReactNode[] = [];
  let drawnTo = 0;
  for (const item of items) {
    if (item.start > drawnTo) virtualBody.push(<tr key={`pad-${item.index}`} aria-hidden="true" className="virtual-pad" style={{ height: item.start - drawnTo }} />);
    virtualBody.push(renderRow(sorted[item.index], item.index));
    drawnTo = item.end;
  }
  const total = virtual ? virtualizer.getTotalSize() : 0;
  if (virtual && total > drawnTo) virtualBody.push(<tr key="pad-end" aria-hidden="true" className="virtual-pad" style={{ height: total - drawnTo }} />);

  return (
    <div ref={scrollRef} className={['table-scroll', virtual ? 'table-scroll-virtual' : undefined, scrollClassName].filter(Boolean).join(' ')}>
      <table
        ref={tableRef}
        className={['data-table', className].filter(Boolean).join(' ')}
        role={grid ? 'grid' : undefined}
        aria-label={label}
        aria-labelledby={labelledBy}
        aria-rowcount={virtual ? sorted.length + 1 : undefined}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr role={grid ? 'row' : undefined} aria-rowindex={virtual ? 1 : undefined}>
            {columns.map((column, col) => {
              const sortedBy = sort?.column === column.id ? sort.direction : undefined;
              const Icon = sortedBy === 'ascending' ? ArrowUp : sortedBy === 'descending' ? ArrowDown : ArrowUpDown;
              return (
                <th
                  key={column.id}
                  scope="col"
                  role={grid ? 'columnheader' : undefined}
                  aria-sort={column.sortValue ? (sortedBy ?? 'none') : undefined}
                  className={[column.numeric ? 'num' : undefined, column.headerClassName].filter(Boolean).join(' ') || undefined}
                  tabIndex={tabIndexOf(-1, col)}
                  data-cell={grid ? `-1:${col}` : undefined}
                  onFocus={grid ? () => setActive({ row: -1, col }) : undefined}
                >
                  {column.sortValue ? (
                    <button type="button" className="sort-button" tabIndex={grid ? -1 : undefined} onClick={() => toggleSort(column)} title={t('table.sortBy', { column: typeof column.header === 'string' ? column.header : column.id })}>
                      {column.header}
                      <Icon aria-hidden="true" size={12} className={sortedBy ? 'sort-icon is-sorted' : 'sort-icon'} />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && empty ? (
            <tr role={grid ? 'row' : undefined}>
              <td role={grid ? 'gridcell' : undefined} colSpan={columns.length} className="data-table-empty">
                {empty}
              </td>
            </tr>
          ) : virtual ? (
            virtualBody
          ) : (
            sorted.map((row, index) => renderRow(row, index))
          )}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
