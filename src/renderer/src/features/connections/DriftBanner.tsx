import { MappingLink } from '../mapping/MappingLink';
import { GitCompareArrows, TriangleAlert } from 'lucide-react';
import type { CatalogDrift } from '../../../../shared/model/connection';
import { formatDateTime } from '../../format/time';

/** True when the two discoveries differ at all (a drift record with nothing in it says nothing). */
export function hasDrift(drift: CatalogDrift): boolean {
  return drift.addedStreams.length > 0 || drift.removedStreams.length > 0 || drift.changedStreams.length > 0 || drift.affectedMappings.length > 0;
}

function NameList({ names }: { names: string[] }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={n}>
          {i > 0 && ', '}
          <code dir="auto">{n}</code>
        </span>
      ))}
    </>
  );
}

/**
 * What changed in the source since the previous discovery: tables and columns added, removed or
 * retyped, and the mappings that read something that changed (those need a look before a run).
 */
export function DriftBanner({ drift }: { drift: CatalogDrift }) {
  if (!hasDrift(drift)) return null;
  const affected = drift.affectedMappings.length > 0;
  return (
    <section className={`drift-banner${affected ? ' drift-affects-mappings' : ''}`} aria-label="Schema changes" data-testid="drift-banner">
      <h3 className="drift-title">
        <GitCompareArrows aria-hidden="true" size={16} /> Changed since {formatDateTime(drift.previousAt)}
      </h3>
      <ul className="drift-list">
        {drift.addedStreams.length > 0 && (
          <li data-testid="drift-added-streams">
            <strong>Tables added:</strong> <NameList names={drift.addedStreams} />
          </li>
        )}
        {drift.removedStreams.length > 0 && (
          <li data-testid="drift-removed-streams">
            <strong>Tables removed:</strong> <NameList names={drift.removedStreams} />
          </li>
        )}
        {drift.changedStreams.map((c) => (
          <li key={c.stream} data-testid={`drift-stream-${c.stream}`}>
            <strong>
              <code dir="auto">{c.stream}</code>:
            </strong>{' '}
            {[
              c.addedColumns.length > 0 && (
                <span key="added">
                  columns added <NameList names={c.addedColumns} />
                </span>
              ),
              c.removedColumns.length > 0 && (
                <span key="removed">
                  columns removed <NameList names={c.removedColumns} />
                </span>
              ),
              c.retypedColumns.length > 0 && (
                <span key="retyped">
                  retyped{' '}
                  {c.retypedColumns.map((r, i) => (
                    <span key={r.column}>
                      {i > 0 && ', '}
                      <code dir="auto">{r.column}</code> {r.from} → {r.to}
                    </span>
                  ))}
                </span>
              ),
            ]
              .filter(Boolean)
              .flatMap((part, i) => (i > 0 ? ['; ', part] : [part]))}
          </li>
        ))}
      </ul>
      {affected && (
        <div className="drift-mappings" data-testid="drift-affected-mappings">
          <p className="drift-mappings-title">
            <TriangleAlert aria-hidden="true" size={14} /> Mappings affected — check them before the next run:
          </p>
          <ul>
            {drift.affectedMappings.map((m) => (
              <li key={`${m.mappingId}/${m.stream}`}>
                <strong>{m.entity}</strong> from <code dir="auto">{m.stream}</code>
                {m.columns.length > 0 && (
                  <>
                    {' '}
                    (<NameList names={m.columns} />)
                  </>
                )}
                : <span dir="auto">{m.reason}</span>{' '}
                <MappingLink focus={{ mappingId: m.mappingId, column: m.columns[0] }} testId={`drift-open-${m.mappingId}`} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
