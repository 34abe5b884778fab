import { t as translate } from '../../i18n';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Eye, EyeOff } from 'lucide-react';
import { useRef, useState } from 'react';
import type { Preview } from '../../../../shared/model/connection';
import { formatCount } from '../../format/numbers';
import { MASK, shouldMaskCell } from './masking';

const ROW_HEIGHT = 30;
const COLUMN_WIDTH = 168;
const ROW_NUMBER_WIDTH = 56;

/** A cell's text: null and empty shown apart, objects as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The first rows of a stream in a virtualized grid (only visible rows are in the page). Text
 * values are masked while `masking` is on, except identifier columns; "Reveal" shows them.
 */
export function PreviewGrid({ preview, masking }: { preview: Preview; masking: boolean }) {
  const [revealed, setRevealed] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const masked = masking && !revealed;
  const virtualizer = useVirtualizer({
    count: preview.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const width = ROW_NUMBER_WIDTH + preview.columns.length * COLUMN_WIDTH;
  const template = `${ROW_NUMBER_WIDTH}px repeat(${preview.columns.length}, ${COLUMN_WIDTH}px)`;

  return (
    <div className="preview">
      <div className="preview-toolbar">
        <span className="muted">
          {translate('count.rowsAndColumns', {
            rows: translate('count.rows', { count: preview.rows.length, formatted: formatCount(preview.rows.length) }),
            columns: translate('count.columns', { count: preview.columns.length, formatted: formatCount(preview.columns.length) }),
          })}
        </span>
        {masking && (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={revealed}
            data-testid="reveal-toggle"
            onClick={() => setRevealed((r) => !r)}
            title="Personal data is masked by default (Settings → Privacy)."
          >
            {revealed ? <EyeOff aria-hidden="true" size={14} /> : <Eye aria-hidden="true" size={14} />}
            {revealed ? 'Mask personal data' : 'Reveal personal data'}
          </button>
        )}
      </div>
      {preview.rows.length === 0 ? (
        <p className="muted">This table has no rows.</p>
      ) : (
        <div
          ref={scrollRef}
          className="grid-scroll"
          role="table"
          aria-label={`First rows of ${preview.stream}`}
          aria-rowcount={preview.rows.length + 1}
          aria-colcount={preview.columns.length + 1}
          data-testid="preview-grid"
          tabIndex={0}
        >
          <div className="grid-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width }}>
            <div role="columnheader" className="grid-cell grid-rownum">
              #
            </div>
            {preview.columns.map((column) => (
              <div key={column.name} role="columnheader" className="grid-cell" title={`${column.name} (${column.type})`}>
                <span dir="auto">{column.name}</span> <span className="muted grid-type">{column.type}</span>
              </div>
            ))}
          </div>
          <div className="grid-body" style={{ height: virtualizer.getTotalSize(), width }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = preview.rows[item.index];
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="grid-row"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
                >
                  <div role="rowheader" className="grid-cell grid-rownum num">
                    {formatCount(item.index + 1)}
                  </div>
                  {preview.columns.map((column) => {
                    const value = row[column.name];
                    if (shouldMaskCell(column.name, value, masked)) {
                      return (
                        <div key={column.name} role="cell" className="grid-cell masked" aria-label="masked">
                          {MASK}
                        </div>
                      );
                    }
                    const text = cellText(value);
                    return (
                      <div
                        key={column.name}
                        role="cell"
                        className={`grid-cell${value === null || value === undefined ? ' is-null' : ''}${typeof value === 'number' ? ' num' : ''}`}
                        dir="auto"
                        title={text}
                      >
                        {text}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
