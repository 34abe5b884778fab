import { ExternalLink } from 'lucide-react';
import type { TargetApiInfo } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../format/numbers';
import { useTargetStore } from '../../stores/StudioProvider';
import type { TargetState } from '../../stores/target-store';

/** The newest check that reached the API's info (a failed one may have stopped before it). */
const latestWithInfo = (s: TargetState) => s.history.find((c) => c.info !== null) ?? null;

/** What the API says about itself: version, status, documentation, and the limits a run must keep to. */
export function ApiInfoCard() {
  const check = useTargetStore(latestWithInfo);
  const info = check?.info ?? null;
  return (
    <section className="card" aria-labelledby="target-info-title" data-testid="target-api-info">
      <h2 id="target-info-title" className="card-title">
        API info and limits
      </h2>
      {!check || !info ? (
        <p className="muted">Test the connection to read the API's version, status and limits.</p>
      ) : (
        <>
          <dl className="definition-list">
            <dt>Service</dt>
            <dd dir="auto">{info.name}</dd>
            <dt>API version</dt>
            <dd>
              {info.apiVersion} <span className="muted">(document {info.version})</span> <VersionStatusTag status={info.status} />
            </dd>
            {info.docsUrl && (
              <>
                <dt>Documentation</dt>
                <dd>
                  <a href={info.docsUrl} target="_blank" rel="noreferrer" className="mono">
                    {info.docsUrl} <ExternalLink aria-hidden="true" size={12} />
                  </a>
                </dd>
              </>
            )}
            <dt>Read</dt>
            <dd>
              <RelativeTime iso={check.at} />
            </dd>
          </dl>
          <LimitTiles limits={info.limits} />
        </>
      )}
    </section>
  );
}

function LimitTiles({ limits }: { limits: TargetApiInfo['limits'] }) {
  const tiles = [
    { label: 'requests a minute', value: limits.perMinute, id: 'per-minute' },
    { label: 'requests an hour', value: limits.perHour, id: 'per-hour' },
    { label: 'records per batch', value: limits.maxBatchRecords, id: 'max-batch' },
    { label: 'rows per page', value: limits.maxPageSize, id: 'max-page' },
  ];
  return (
    <ul className="limit-tiles" aria-label="Limits">
      {tiles.map((t) => (
        <li key={t.id} className="limit-tile" data-testid={`limit-${t.id}`}>
          <span className="limit-tile-value">{formatCount(t.value)}</span>
          <span className="limit-tile-label">{t.label}</span>
        </li>
      ))}
    </ul>
  );
}

const STATUS_TAGS: Record<TargetApiInfo['status'], string> = {
  Development: 'tag',
  Testing: 'tag tag-info',
  Production: 'tag tag-ok',
  Deprecated: 'tag tag-warning',
  Retired: 'tag tag-danger',
};

/** An API version's lifecycle status as a small tag (the word is always there, not colour alone). */
export function VersionStatusTag({ status }: { status: TargetApiInfo['status'] }) {
  return <span className={STATUS_TAGS[status]}>{status}</span>;
}
