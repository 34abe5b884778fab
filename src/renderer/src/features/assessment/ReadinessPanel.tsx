import { useTranslation } from '../../i18n';
import type { Readiness } from '../../../../shared/model/assessment';
import { formatCount, formatDecimal } from '../../format/numbers';
import { BAND_LABELS, readinessBand } from './readiness-band';
import { TableReadinessChart } from './TableReadinessChart';

const RING_RADIUS = 52;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

/** The score as a ring filled to its value, the number in the middle. */
function ScoreRing({ score }: { score: number }) {
  const filled = (Math.max(0, Math.min(100, score)) / 100) * RING_LENGTH;
  return (
    <div className="score-ring">
      <svg viewBox="0 0 120 120" width="120" height="120" aria-hidden="true">
        <circle className="score-ring-track" cx="60" cy="60" r={RING_RADIUS} />
        <circle
          className="score-ring-fill"
          cx="60"
          cy="60"
          r={RING_RADIUS}
          strokeDasharray={`${filled} ${RING_LENGTH}`}
          transform="rotate(-90 60 60)"
        />
      </svg>
      <div className="score-ring-text">
        <span className="score-value" data-testid="readiness-score">
          {formatCount(score)}
        </span>
        <span className="score-scale">of 100</span>
      </div>
    </div>
  );
}

/** Readiness up front: the score and its band, complexity, effort, push time, and how the score was reached. */
export function ReadinessPanel({ readiness }: { readiness: Readiness }) {
  const { t } = useTranslation();
  const band = readinessBand(readiness.score);
  return (
    <div className="readiness-row">
      <section className={`card readiness band-${band}`} aria-labelledby="readiness-title" data-testid="readiness">
        <h2 id="readiness-title" className="card-title">
          Readiness
        </h2>
        <div className="readiness-main">
          <div className="readiness-score">
            <ScoreRing score={readiness.score} />
            <p className="readiness-band" data-testid="readiness-band">
              {BAND_LABELS[band]}
            </p>
          </div>
          <div className="readiness-facts-and-why">
            <dl className="facts readiness-facts">
              <div>
                <dt>Complexity</dt>
                <dd data-testid="readiness-complexity">{readiness.complexity}</dd>
              </div>
              <div>
                <dt>Effort</dt>
                <dd data-testid="readiness-effort">
                  ≈ {formatDecimal(readiness.effortDays)} {readiness.effortDays === 1 ? 'day' : 'days'}
                </dd>
              </div>
              <div className="readiness-push">
                <dt>Push to Academia Pro</dt>
                <dd data-testid="readiness-push">{readiness.pushEstimate ?? 'Not estimated: the target’s rate limits are not known yet'}</dd>
              </div>
            </dl>
            {/* A disclosure rather than a scroll box inside the page: the steps are read in full, on demand. */}
            <details className="readiness-why">
              <summary>
                <h3>{t('assessment.readiness.how', { count: readiness.explanation.length })}</h3>
              </summary>
              <ol className="readiness-explanation" data-testid="readiness-explanation">
                {readiness.explanation.map((line, index) => (
                  <li key={index} dir="auto">
                    {line}
                  </li>
                ))}
              </ol>
            </details>
          </div>
        </div>
      </section>
      <section className="card readiness-tables" aria-labelledby="readiness-tables-title">
        <h2 id="readiness-tables-title" className="card-title">
          Readiness per table
        </h2>
        <TableReadinessChart perTable={readiness.perTable} />
      </section>
    </div>
  );
}
