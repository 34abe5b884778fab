import { t as translate } from '../../i18n';
import { Columns2, Keyboard, Undo2, UserCheck, Users, UserX } from 'lucide-react';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { DuplicateCandidate, MatchDecision, SurvivorRule } from '../../../../shared/model/assessment';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { Button } from '../../ui/Button';
import { formatCount, formatShare } from '../../format/numbers';
import { pairKey, type AssessmentDetail } from '../../stores/assessment-store';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { decisionCounts, groupByCluster, rowLabel } from './duplicate-groups';
import { PairComparison } from './PairComparison';

export const SURVIVOR_RULE_LABELS: Record<SurvivorRule, string> = {
  'most-complete': 'The most complete record (fewest empty fields)',
  'most-recent': 'The most recently changed record',
  'keep-left': 'The first record of each pair',
};

type Decision = 'same' | 'different' | null;

/**
 * The people-matching review queue: likely duplicates grouped by cluster, each pair with its
 * score and reasons, confirmed or rejected one by one (mouse or keyboard). Decisions are saved in
 * the project as the crosswalk later runs use.
 */
export function DuplicatesQueue({ detail }: { detail: AssessmentDetail }) {
  const decide = useAssessmentStore((s) => s.decide);
  const deciding = useAssessmentStore((s) => s.deciding);
  const groups = useMemo(() => groupByCluster(detail.duplicates), [detail.duplicates]);
  const flat = useMemo(() => groups.flatMap((g) => g.pairs), [groups]);
  const decisions = useMemo(() => new Map(detail.decisions.map((d) => [pairKey(d), d])), [detail.decisions]);
  const [active, setActive] = useState(0);
  // Pairs whose records are shown side by side, by pairKey.
  const [comparing, setComparing] = useState<ReadonlySet<string>>(new Set());
  const toggleCompare = (key: string) =>
    setComparing((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const rowRefs = useRef<(HTMLLIElement | null)[]>([]);
  const helpId = useId();

  if (flat.length === 0) {
    return (
      <EmptyState icon={<Users size={28} />} title="No likely duplicates">
        <p>No two pupil, guardian or staff records looked like the same person.</p>
      </EmptyState>
    );
  }

  const counts = decisionCounts(flat);
  const current = Math.min(active, flat.length - 1);
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(flat.length - 1, index));
    setActive(next);
    rowRefs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as HTMLElement).closest('select, input, textarea')) return;
    const pair = flat[current];
    const apply = (decision: Decision, advance: boolean) => {
      event.preventDefault();
      void decide(pair, decision);
      if (advance) moveTo(current + 1);
    };
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        event.preventDefault();
        moveTo(current + 1);
        break;
      case 'k':
      case 'ArrowUp':
        event.preventDefault();
        moveTo(current - 1);
        break;
      case 's':
        apply('same', true);
        break;
      case 'd':
        apply('different', true);
        break;
      case 'u':
        if (pair.decision) apply(null, false);
        break;
      case 'c':
        event.preventDefault();
        toggleCompare(pairKey(pair));
        break;
    }
  };

  let index = 0;
  return (
    <div className="stack stack-tight duplicates" data-testid="duplicates-queue">
      <div className="duplicates-toolbar">
        <p data-testid="duplicates-summary">
          <strong>
            {formatCount(flat.length)} {flat.length === 1 ? 'pair' : 'pairs'}
          </strong>{' '}
          in {formatCount(groups.length)} {groups.length === 1 ? 'cluster' : 'clusters'} · {formatCount(counts.same)} same person ·{' '}
          {formatCount(counts.different)} different · <span className={counts.open > 0 ? 'text-warning' : undefined}>{formatCount(counts.open)} to review</span>
        </p>
        <SurvivorRuleSelect rule={detail.survivorRule} />
      </div>
      <p id={helpId} className="keyboard-help muted">
        <Keyboard aria-hidden="true" size={14} /> <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> next / previous pair · <kbd>s</kbd> same person ·{' '}
        <kbd>d</kbd> different · <kbd>u</kbd> undo · <kbd>c</kbd> {translate('assessment.compare.show').toLowerCase()}
      </p>
      {/* Keys are handled here, for the pair that has the focus (or holds the focused button). */}
      <div className="duplicate-clusters" onKeyDown={onKeyDown}>
        {groups.map((group) => (
          // A cluster of one pair needs no frame of its own: the pair's keys already say which records it is.
          <section
            key={group.cluster}
            className={group.pairs.length > 1 ? 'duplicate-cluster' : 'duplicate-cluster-single'}
            aria-label={`Cluster ${group.cluster}`}
            data-testid={`cluster-${group.cluster}`}
          >
            {group.pairs.length > 1 && (
              <h4 className="duplicate-cluster-title">
                <Users aria-hidden="true" size={14} /> Cluster <span className="mono">{group.cluster}</span>
                <span className="muted">{translate('count.pairsChained', { count: group.pairs.length, formatted: formatCount(group.pairs.length) })}</span>
              </h4>
            )}
            <ul className="duplicate-pairs">
              {group.pairs.map((pair) => {
                const position = index++;
                const key = pairKey(pair);
                return (
                  <PairRow
                    key={key}
                    pair={pair}
                    decision={decisions.get(key)}
                    active={position === current}
                    busy={deciding[key] === true}
                    describedBy={helpId}
                    rowRef={(el) => {
                      rowRefs.current[position] = el;
                    }}
                    onFocus={() => setActive(position)}
                    onDecide={(decision) => void decide(pair, decision)}
                    comparing={comparing.has(key)}
                    onCompare={() => toggleCompare(key)}
                    survivorRule={detail.survivorRule}
                  />
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

const DECISION_TEXT = { same: 'Same person', different: 'Different people' } as const;

function PairRow(props: {
  pair: DuplicateCandidate;
  decision: MatchDecision | undefined;
  active: boolean;
  busy: boolean;
  describedBy: string;
  rowRef: (el: HTMLLIElement | null) => void;
  onFocus: () => void;
  onDecide: (decision: Decision) => void;
  comparing: boolean;
  onCompare: () => void;
  survivorRule: SurvivorRule;
}) {
  const { pair, decision, active, busy, describedBy, rowRef, onFocus, onDecide, comparing, onCompare, survivorRule } = props;
  const compareId = useId();
  const left = rowLabel(pair, 'left');
  const right = rowLabel(pair, 'right');
  const state = pair.decision ?? null;
  return (
    <li
      ref={rowRef}
      className={`duplicate-pair${active ? ' is-active' : ''}${state ? ` is-${state}` : ''}`}
      tabIndex={active ? 0 : -1}
      onFocus={onFocus}
      aria-label={`${pair.table}: ${left} and ${right}, score ${formatShare(pair.score)}${state ? `, ${DECISION_TEXT[state]}` : ', not reviewed'}`}
      aria-describedby={describedBy}
      data-testid={`pair-${pair.table}-${pair.left}-${pair.right}`}
    >
      <div className="duplicate-pair-main">
        <span className="duplicate-keys mono" dir="ltr">
          <span title={`${pair.leftTable ?? pair.table} row ${pair.left}`}>{left}</span>
          <span aria-hidden="true" className="muted">
            ⇄
          </span>
          <span title={`${pair.rightTable ?? pair.table} row ${pair.right}`}>{right}</span>
        </span>
        <span className="duplicate-score" title="Match score">
          <span className="duplicate-score-track" aria-hidden="true">
            <span className="duplicate-score-bar" style={{ width: `${Math.round(pair.score * 100)}%` }} />
          </span>
          <span className="num">{formatShare(pair.score)}</span>
        </span>
        <span className={`decision-state decision-${state ?? 'open'}`} data-testid="pair-decision" aria-busy={busy}>
          {busy && <Spinner size={12} />}
          {state ? DECISION_TEXT[state] : 'Not reviewed'}
          {decision && (
            <span className="muted decision-by">
              {` · ${decision.decidedBy}, `}
              <RelativeTime iso={decision.decidedAt} />
            </span>
          )}
        </span>
        <span className="duplicate-actions">
          <button type="button" className="btn btn-small" aria-pressed={state === 'same'} disabled={busy} onClick={() => onDecide('same')} tabIndex={active ? 0 : -1}>
            <UserCheck aria-hidden="true" size={14} /> Same person
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={state === 'different'}
            disabled={busy}
            onClick={() => onDecide('different')}
            tabIndex={active ? 0 : -1}
          >
            <UserX aria-hidden="true" size={14} /> Different
          </button>
          <button type="button" className="btn btn-small btn-ghost" disabled={busy || state === null} onClick={() => onDecide(null)} tabIndex={active ? 0 : -1}>
            <Undo2 aria-hidden="true" size={14} /> Undo
          </button>
          <Button
            size="small"
            variant="ghost"
            icon={<Columns2 aria-hidden="true" size={14} />}
            aria-expanded={comparing}
            aria-controls={comparing ? compareId : undefined}
            onClick={onCompare}
            tabIndex={active ? 0 : -1}
            testId="pair-compare"
          >
            {translate(comparing ? 'assessment.compare.hide' : 'assessment.compare.show')}
          </Button>
        </span>
      </div>
      {comparing && (
        <div id={compareId}>
          <PairComparison pair={pair} rule={survivorRule} />
        </div>
      )}
      {pair.reasons.length > 0 && (
        <ul className="duplicate-reasons" aria-label="Why they match">
          {pair.reasons.map((reason) => (
            <li key={reason} className="tag" dir="auto">
              {reason}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function SurvivorRuleSelect({ rule }: { rule: SurvivorRule }) {
  const setSurvivorRule = useAssessmentStore((s) => s.setSurvivorRule);
  const saving = useAssessmentStore((s) => s.savingRule);
  const id = useId();
  return (
    <div className="inline-field survivor-rule">
      <label htmlFor={id}>When a pair is the same person, keep</label>
      <select
        id={id}
        className="input input-small"
        value={rule}
        disabled={saving}
        onChange={(e) => void setSurvivorRule(e.target.value as SurvivorRule)}
        data-testid="survivor-rule"
      >
        {(Object.keys(SURVIVOR_RULE_LABELS) as SurvivorRule[]).map((r) => (
          <option key={r} value={r}>
            {SURVIVOR_RULE_LABELS[r]}
          </option>
        ))}
      </select>
      {saving && <Spinner size={14} />}
    </div>
  );
}
