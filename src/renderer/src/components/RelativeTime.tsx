import { formatDateTime, formatRelative } from '../format/time';
import { useNow } from './use-now';

/**
 * "5 minutes ago", with the exact local date and time on hover and for screen readers. Give it
 * the `now` of a clock shown beside it ("running for 41 s") so the two never disagree.
 */
export function RelativeTime({ iso, now }: { iso: string; now?: number }) {
  const own = useNow(30_000, now === undefined);
  const absolute = formatDateTime(iso);
  return (
    <time dateTime={iso} title={absolute} aria-label={absolute}>
      {formatRelative(iso, now ?? own)}
    </time>
  );
}
