import { t as translate } from '../../i18n';
import { Eye, KeyRound, Link2, ScanSearch, Search, Table2 } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import type { StreamInfo } from '../../../../shared/model/connection';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useConnectionsStore, useSettingsStore } from '../../stores/StudioProvider';
import { DriftBanner } from './DriftBanner';
import { PreviewGrid } from './PreviewGrid';
import { StreamSourceDetails } from './StreamSourceDetails';

/** The tables, sheets or files of one source: list on the left, columns and rows on the right. */
export function CatalogBrowser({ connectionId }: { connectionId: string }) {
  const connection = useConnectionsStore((s) => s.connections.find((c) => c.id === connectionId));
  const catalog = useConnectionsStore((s) => s.catalogs[connectionId]);
  const discovering = useConnectionsStore((s) => s.tasks[connectionId] === 'discover');
  const discover = useConnectionsStore((s) => s.discover);
  const selectedStream = useConnectionsStore((s) => s.selectedStream);
  const selectStream = useConnectionsStore((s) => s.selectStream);
  const [filter, setFilter] = useState('');
  const filterId = useId();

  const streams = useMemo(() => {
    const all = catalog?.streams ?? [];
    const needle = filter.trim().toLowerCase();
    return needle ? all.filter((s) => s.name.toLowerCase().includes(needle)) : all;
  }, [catalog, filter]);

  if (!connection) return null;
  const stream = catalog?.streams.find((s) => s.name === selectedStream) ?? null;

  return (
    <section className="card catalog" aria-labelledby="catalog-title">
      <div className="card-header">
        <h2 id="catalog-title" className="card-title" dir="auto">
          <Table2 aria-hidden="true" size={16} /> Catalog of {connection.name}
        </h2>
        <div className="card-header-actions">
          {catalog && (
            <span className="muted">
              Discovered <RelativeTime iso={catalog.discoveredAt} />
            </span>
          )}
          <button type="button" className="btn btn-small" onClick={() => void discover(connectionId)} disabled={discovering}>
            {discovering ? <Spinner size={14} /> : <ScanSearch aria-hidden="true" size={14} />}
            {catalog ? 'Discover again' : 'Discover'}
          </button>
        </div>
      </div>
      {catalog === undefined ? (
        <div className="panel-loading">
          <Spinner /> Reading the saved catalog…
        </div>
      ) : catalog === null ? (
        <EmptyState icon={<ScanSearch size={28} />} title="Not discovered yet">
          <p>Discover reads the list of tables (or sheets, or files), their columns, keys and row counts. It does not change the source.</p>
        </EmptyState>
      ) : (
        <>
          {catalog.drift && <DriftBanner drift={catalog.drift} />}
          <div className="catalog-body">
            <div className="stream-pane">
              <div className="input-with-icon">
                <Search aria-hidden="true" size={14} />
                <label htmlFor={filterId} className="visually-hidden">
                  Filter tables
                </label>
                <input id={filterId} className="input input-small" placeholder="Filter tables" value={filter} onChange={(e) => setFilter(e.target.value)} />
              </div>
              <p className="muted stream-count">
                {translate('count.tablesOf', { count: catalog.streams.length, formatted: formatCount(streams.length), total: formatCount(catalog.streams.length) })}
              </p>
              <ul className="stream-list" aria-label="Tables">
                {streams.map((s) => (
                  <li key={s.name}>
                    <button type="button" className="stream-item" aria-pressed={s.name === selectedStream} onClick={() => selectStream(s.name)}>
                      <span className="stream-name" dir="auto" title={s.name}>
                        {s.name}
                      </span>
                      <span className="muted num">{s.rowEstimate === null ? '—' : `${formatCount(s.rowEstimate)} ${s.rowEstimate === 1 ? 'row' : 'rows'}`}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
            <div className="stream-detail">
              {stream ? <StreamColumns stream={stream} /> : <p className="muted">Choose a table to see its columns and first rows.</p>}
            </div>
            {stream && <StreamPreview stream={stream.name} />}
          </div>
        </>
      )}
    </section>
  );
}

function StreamColumns({ stream }: { stream: StreamInfo }) {
  const primaryKey = new Set(stream.primaryKey);
  const foreignKeyOf = (column: string) => stream.foreignKeys.find((fk) => fk.columns.includes(column));

  return (
    <div className="stack stack-tight">
      <div className="stream-heading">
        <h3 dir="auto">{stream.name}</h3>
        <span className="muted">
          {formatCount(stream.columns.length)} columns · {stream.rowEstimate === null ? 'row count unknown' : `about ${formatCount(stream.rowEstimate)} ${stream.rowEstimate === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      <StreamSourceDetails stream={stream} />
      <div className="table-scroll columns-table-scroll">
        <table className="data-table" aria-label={`Columns of ${stream.name}`}>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Native type</th>
              <th scope="col">Nullable</th>
              <th scope="col">Key</th>
            </tr>
          </thead>
          <tbody>
            {stream.columns.map((column) => {
              const fk = foreignKeyOf(column.name);
              return (
                <tr key={column.name}>
                  <td dir="auto" className="mono">
                    {column.name}
                  </td>
                  <td>
                    <span className={`type-tag type-${column.type}`}>{column.type}</span>
                  </td>
                  <td className="mono muted">{column.nativeType}</td>
                  <td>{column.nullable ? 'yes' : 'no'}</td>
                  <td className="key-cell">
                    {primaryKey.has(column.name) && (
                      <span className="tag" title="Primary key">
                        <KeyRound aria-hidden="true" size={12} /> PK
                      </span>
                    )}
                    {fk && (
                      <span className="tag" title={`${fk.declared ? 'Declared' : 'Inferred'} reference to ${fk.refStream} (${fk.refColumns.join(', ')})`}>
                        <Link2 aria-hidden="true" size={12} /> {fk.refStream}
                        {!fk.declared && ' (inferred)'}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The first rows of the chosen stream, across the whole width of the catalog. */
function StreamPreview({ stream }: { stream: string }) {
  const preview = useConnectionsStore((s) => s.preview);
  const loadPreview = useConnectionsStore((s) => s.loadPreview);
  const masking = useSettingsStore((s) => s.settings?.maskPersonalData ?? true);
  const current = preview && preview.stream === stream ? preview : null;

  return (
    <div className="stream-preview">
      <div className="preview-header">
        <h4>First rows</h4>
        <button type="button" className="btn btn-small" onClick={() => void loadPreview(stream)} disabled={current?.loading === true}>
          {current?.loading ? <Spinner size={14} /> : <Eye aria-hidden="true" size={14} />}
          {current?.data ? 'Reload preview' : 'Preview rows'}
        </button>
      </div>
      {current?.data ? (
        <PreviewGrid preview={current.data} masking={masking} />
      ) : (
        !current?.loading && <p className="muted">Preview reads the first 200 rows from the source. Nothing is changed.</p>
      )}
    </div>
  );
}
