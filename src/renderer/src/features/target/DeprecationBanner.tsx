import { CalendarClock, ExternalLink, TriangleAlert } from 'lucide-react';
import { useNow } from '../../components/use-now';
import { formatDateTime } from '../../format/time';
import { latestCheck } from '../../stores/target-store';
import { useTargetStore } from '../../stores/StudioProvider';
import { daysUntilSunset, deprecationOf, successorName, URGENT_SUNSET_DAYS } from './deprecation';

/**
 * Says so when the latest test (or a run's pre-flight) found that the API version in use is
 * deprecated: which version, when it stops working, what replaces it, where to read more. A
 * sunset within a month (or past) is an alert; otherwise a polite status.
 */
export function DeprecationBanner() {
  const check = useTargetStore(latestCheck);
  const now = useNow(60 * 60 * 1000);
  const deprecation = deprecationOf(check);
  if (!deprecation) return null;
  const days = daysUntilSunset(deprecation, now);
  const urgent = days !== null && days <= URGENT_SUNSET_DAYS;
  const successor = successorName(deprecation, check?.info?.successorVersion ?? null);
  return (
    <section className={`deprecation-banner${urgent ? ' deprecation-urgent' : ''}`} role={urgent ? 'alert' : 'status'} aria-labelledby="deprecation-title" data-testid="deprecation-banner">
      <TriangleAlert aria-hidden="true" size={20} className="deprecation-icon" />
      <div className="deprecation-body">
        <h2 id="deprecation-title" className="deprecation-title">
          API version {deprecation.apiVersion} is deprecated
        </h2>
        <p dir="auto">{deprecation.message}</p>
        <ul className="deprecation-facts">
          {deprecation.sunsetAt && (
            <li data-testid="deprecation-sunset">
              <CalendarClock aria-hidden="true" size={14} /> Stops working {formatDateTime(deprecation.sunsetAt)}
              {days !== null && <strong> ({days < 0 ? 'already past' : days === 0 ? 'today' : `in ${days} ${days === 1 ? 'day' : 'days'}`})</strong>}
            </li>
          )}
          {deprecation.deprecatedAt && <li>Deprecated since {formatDateTime(deprecation.deprecatedAt)}</li>}
          {successor && (
            <li data-testid="deprecation-successor">
              Successor: <strong>{successor}</strong>. Change the API version in the profile below and rehearse against the sandbox before the sunset.
            </li>
          )}
          {deprecation.docsUrl && (
            <li>
              <a href={deprecation.docsUrl} target="_blank" rel="noreferrer">
                What changes in {successor ?? 'the new version'} <ExternalLink aria-hidden="true" size={12} />
              </a>
            </li>
          )}
        </ul>
      </div>
    </section>
  );
}
