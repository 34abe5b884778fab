import { useTranslation } from '../../i18n';
import { ChevronsDown, RefreshCw, ScrollText } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useAuditStore } from '../../stores/StudioProvider';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

/** The trail itself: filters, the entries newest first, and paging back in time. */
export function AuditEntries() {
  const { t } = useTranslation();
  const entries = useAuditStore((s) => s.entries);
  const loaded = useAuditStore((s) => s.loaded);
  const loading = useAuditStore((s) => s.loading);
  const loadingMore = useAuditStore((s) => s.loadingMore);
  const hasMore = useAuditStore((s) => s.hasMore);
  const filtered = useAuditStore((s) => s.filter.action !== '' || s.filter.object !== '');
  const load = useAuditStore((s) => s.load);
  const loadMore = useAuditStore((s) => s.loadMore);

  return (
    <section className="card audit-entries" aria-labelledby="audit-entries-title">
      <div className="card-header">
        <h2 id="audit-entries-title" className="card-title">
          <ScrollText aria-hidden="true" size={16} /> {t('audit.entries')} {loaded && <span className="count-pill">{formatCount(entries.length)}{hasMore ? '+' : ''}</span>}
        </h2>
        <div className="card-header-actions">
          <button type="button" className="btn btn-small" onClick={() => void load()} disabled={loading}>
            {loading ? <Spinner size={14} /> : <RefreshCw aria-hidden="true" size={14} />}
            {t('audit.refresh')}
          </button>
        </div>
      </div>
      <AuditFilters />
      {!loaded ? (
        <div className="panel-loading">
          <Spinner /> {t('audit.reading')}
        </div>
      ) : entries.length === 0 ? (
        <EmptyState icon={<ScrollText size={28} />} title={filtered ? t('audit.noMatchTitle') : t('audit.noneTitle')}>
          <p>{filtered ? t('audit.noMatchBody') : t('audit.noneBody')}</p>
        </EmptyState>
      ) : (
        <>
          <AuditTable entries={entries} />
          <div className="audit-paging">
            <span className="muted">
              {t(hasMore ? 'audit.showingNewest' : filtered ? 'audit.allMatchingShown' : 'audit.allShown', { count: entries.length, formatted: formatCount(entries.length) })}
            </span>
            {hasMore && (
              <button type="button" className="btn btn-small" data-testid="audit-load-more" onClick={() => void loadMore()} disabled={loadingMore} aria-busy={loadingMore}>
                {loadingMore ? <Spinner size={14} /> : <ChevronsDown aria-hidden="true" size={14} />}
                {t('audit.loadMore')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
