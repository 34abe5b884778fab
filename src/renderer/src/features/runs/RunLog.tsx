import { CircleAlert, Info, TriangleAlert, Bug } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { RunEventLevel } from '../../../../shared/model/run';
import { formatCount } from '../../format/numbers';
import { formatClockTime, formatDateTime } from '../../format/time';
import { useRunsStore } from '../../stores/StudioProvider';

const LEVEL_ICONS: Record<RunEventLevel, typeof Info> = { debug: Bug, info: Info, warning: TriangleAlert, error: CircleAlert };

/** The newest lines shown; older ones stay in the project file. */
const SHOWN_LINES = 500;

/** The run's log, following new lines while the reader is at the bottom. */
export function RunLog({ runId }: { runId: string }) {
  const log = useRunsStore((s) => s.logs[runId]);
  const scrollRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const lines = log ? log.slice(-SHOWN_LINES) : [];

  useEffect(() => {
    const el = scrollRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  return (
    <section className="run-log" aria-labelledby="run-log-title">
      <h3 id="run-log-title">
        Log {log && <span className="count-pill">{formatCount(log.length)}</span>}
      </h3>
      {!log || log.length === 0 ? (
        <p className="muted">{log ? 'No log lines yet.' : 'Loading the log…'}</p>
      ) : (
        <>
          {log.length > SHOWN_LINES && <p className="muted">Showing the newest {formatCount(SHOWN_LINES)} of {formatCount(log.length)} lines.</p>}
          <ol
            ref={scrollRef}
            className="log-lines"
            data-testid="run-log"
            aria-live="polite"
            aria-relevant="additions"
            tabIndex={0}
            onScroll={(e) => {
              const el = e.currentTarget;
              stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
            }}
          >
            {lines.map((event) => {
              const Icon = LEVEL_ICONS[event.level];
              return (
                <li key={event.seq} className={`log-line log-${event.level}`}>
                  <time dateTime={event.at} title={formatDateTime(event.at)} className="mono muted">
                    {formatClockTime(event.at)}
                  </time>
                  <Icon aria-label={event.level} size={14} />
                  {event.entity && <span className="mono log-entity">{event.entity}</span>}
                  <span className="log-message" dir="auto">
                    {event.message}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
