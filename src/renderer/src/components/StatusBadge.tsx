import { Ban, CircleCheck, CircleX, Clock, LoaderCircle, Pause, TriangleAlert } from 'lucide-react';
import type { RunStatus } from '../../../shared/model/counters';

const ICONS: Record<RunStatus, typeof Clock> = {
  Queued: Clock,
  Processing: LoaderCircle,
  Paused: Pause,
  Completed: CircleCheck,
  Failed: CircleX,
  Cancelled: Ban,
  Interrupted: TriangleAlert,
};

/** A run or step status with a colour and an icon (never colour alone). */
export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  const Icon = ICONS[status];
  return (
    <span className={`status-badge status-${status.toLowerCase()}`}>
      <Icon aria-hidden="true" size={14} className={status === 'Processing' ? 'spin' : undefined} />
      <span data-testid={testId}>{status}</span>
    </span>
  );
}
