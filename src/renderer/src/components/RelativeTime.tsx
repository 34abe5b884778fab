import { formatDateTime, formatRelative } from '../format/time';
import { useNow } from './use-now';

/** "5 minutes ago", with the exact local date and time on hover and for screen readers. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow(30_000);
  const absolute = formatDateTime(iso);
  return (
    <time dateTime={iso} title={absolute} aria-label={absolute}>
      {formatRelative(iso, now)}
    </time>
  );
}
