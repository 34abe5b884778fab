import { Eye } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate, SurvivorRule } from '../../../../shared/model/assessment';
import type { DuplicatePair, DuplicatePairColumn } from '../../../../shared/model/duplicate-pair';
import { isBlankValue, mergePair } from '../../../../shared/model/survivor';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import './pair-comparison.css';

/**
 * The two records of a candidate pair side by side, field by field, with the fields that differ
 * marked, and the record a run would send if they are confirmed as one person: computed by the
 * shared `mergePair`, the function the run's crosswalk uses, under the project's survivor rule.
 * Personal values come masked; showing them asks the engine again, which records it.
 */
export function PairComparison({ pair, rule }: { pair: DuplicateCandidate; rule: SurvivorRule }) {
  const { t } = useTranslation();
  const comparePair = useAssessmentStore((s) => s.comparePair);
  const [reveal, setReveal] = useState(false);
  const [state, setState] = useState<{ data: DuplicatePair | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });

  // Asked again only when the pair or the reveal changes (not when a decision refreshes the list).
  const { table, left, right } = pair;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    comparePair({ table, left, right }, reveal).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: error instanceof Error ? error.message : String(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [comparePair, table, left, right, reveal]);

  const { data } = state;
  const merged = useMemo(() => (data && data.merge === 'applies' ? mergePair(rule, data.left, data.right) : null), [data, rule]);

  if (state.error) return <p className="pair-comparison-error text-danger" role="alert">{t('assessment.compare.failed', { message: state.error })}</p>;
  if (!data) {
    return (
      <p className="pair-comparison muted" aria-busy="true">
        <Spinner size={14} /> {t('assessment.compare.loading')}
      </p>
    );
  }

  const shown = (value: unknown) => (isBlankValue(value) ? <span className="muted">{t('assessment.compare.blank')}</span> : <bdi>{String(value)}</bdi>);
  const survivorKey = merged ? data[merged.survivor].key : null;
  const head = (side: 'left' | 'right') => {
    const record = data[side];
    const label = data.left.table !== data.right.table ? `${record.table}:${record.key}` : record.key;
    return (
      <span className="mono" dir="ltr">
        {label}
        {merged?.survivor === side && ' '}
        {merged?.survivor === side && <span className="tag pair-survivor">{t('assessment.compare.survives')}</span>}
      </span>
    );
  };
  const columns: DataColumn<DuplicatePairColumn>[] = [
    {
      id: 'field',
      header: t('assessment.compare.field'),
      rowHeader: true,
      cell: (c) => (
        <>
          <span className="mono">{c.name}</span>
          {c.differs && ' '}
          {c.differs && <span className="pair-differs">{t('assessment.compare.differs')}</span>}
        </>
      ),
    },
    { id: 'left', header: head('left'), source: true, cell: (c) => shown(data.left.values[c.name]), className: () => (merged?.survivor === 'left' ? 'is-survivor' : undefined) },
    { id: 'right', header: head('right'), source: true, cell: (c) => shown(data.right.values[c.name]), className: () => (merged?.survivor === 'right' ? 'is-survivor' : undefined) },
  ];
  if (merged) {
    columns.push({
      id: 'merged',
      header: t('assessment.compare.merged'),
      source: true,
      className: 'pair-merged',
      cell: (c) => {
        const from = merged.from[c.name];
        const other = from !== null && from !== merged.survivor;
        return (
          <>
            {shown(merged.record[c.name])}
            {other && ' '}
            {other && <span className="tag pair-filled">{t('assessment.compare.fromOther', { key: data[from].key })}</span>}
          </>
        );
      },
    });
  }
  const differences = data.columns.filter((c) => c.differs).length;
  return (
    <div className="pair-comparison" data-testid="pair-comparison">
      <div className="pair-comparison-bar">
        <p data-testid="pair-differences">{t('assessment.compare.differences', { count: differences, formatted: formatCount(differences) })}</p>
        {data.revealed ? (
          <p className="muted">{t('assessment.compare.revealed')}</p>
        ) : (
          <p className="muted pair-comparison-mask">
            {t('assessment.compare.masked')}{' '}
            <Button size="small" variant="ghost" icon={<Eye aria-hidden="true" size={14} />} busy={state.loading} onClick={() => setReveal(true)} testId="pair-reveal">
              {t('assessment.compare.reveal')}
            </Button>
          </p>
        )}
      </div>
      <DataTable
        mode="table"
        rows={data.columns}
        columns={columns}
        rowKey={(c) => c.name}
        label={t('assessment.compare.label', { left: data.left.key, right: data.right.key })}
        testId="pair-fields"
        rowProps={(c) => ({ className: c.differs ? 'is-different' : undefined, testId: `pair-field-${c.name}` })}
      />
      <p className="muted" data-testid="pair-merge-note">
        {merged && survivorKey !== null ? t('assessment.compare.rule', { key: survivorKey, rule: t(`assessment.compare.ruleNames.${rule}`) }) : t(`assessment.compare.notMerged.${data.merge as 'cross-table'}`)}
      </p>
    </div>
  );
}
