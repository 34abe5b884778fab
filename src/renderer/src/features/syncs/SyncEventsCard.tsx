import { useTranslation } from '../../i18n';
import { useSyncsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import type { SyncEventStatus } from '../../../../shared/model/sync-events';

/**
 * The event-driven syncs (issue 19, item 7): where each one's webhook receiver listens (the URL to
 * register in Academia Pro) or why it does not, the events feed's last read, the last event that
 * started a run, and the deliveries and events refused (bad signature, replay, unknown entity).
 */
export function SyncEventsCard() {
  const { t } = useTranslation();
  const overview = useSyncsStore((s) => s.events);
  const loadEvents = useSyncsStore((s) => s.loadEvents);
  if (!overview) return null;
  return (
    <Card title={t('syncs.events')} testId="sync-events">
      {overview.jobs.length === 0 ? (
        <p>{t('syncs.eventsNone')}</p>
      ) : (
        <>
          {!overview.running && <p data-testid="sync-events-not-running">{t('syncs.eventsNotRunning')}</p>}
          <table className="syncs-table">
            <thead>
              <tr>
                <th scope="col">{t('syncs.name')}</th>
                <th scope="col">{t('syncs.receiver')}</th>
                <th scope="col">{t('syncs.feed')}</th>
                <th scope="col">{t('syncs.lastEvent')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.jobs.map((j) => (
                <EventRow key={j.job} status={j} />
              ))}
            </tbody>
          </table>
        </>
      )}
      {overview.refusals.length > 0 && (
        <details data-testid="sync-events-refusals">
          <summary>{t('syncs.refusedEvents')}</summary>
          <ul>
            {overview.refusals
              .slice(-10)
              .reverse()
              .map((r, i) => (
                <li key={`${r.at}-${i}`}>
                  {r.at} · {r.message}
                </li>
              ))}
          </ul>
        </details>
      )}
      <Button size="small" onClick={() => void loadEvents()} testId="sync-events-refresh">
        {t('syncs.eventsRefresh')}
      </Button>
    </Card>
  );
}

function EventRow({ status }: { status: SyncEventStatus }) {
  const { t } = useTranslation();
  const { receiver, feed, lastEvent } = status;
  return (
    <tr data-testid={`sync-events-${status.job}`}>
      <td>{status.job}</td>
      <td>
        {receiver ? (
          <div className="syncs-events-cell">
            <strong>{t(`syncs.receiverStates.${receiver.state}`)}</strong>
            <span>{receiver.url ? t('syncs.receiverAddress', { url: receiver.url }) : t('syncs.receiverBind', { host: receiver.host, port: receiver.port || t('syncs.freePort'), path: receiver.path })}</span>
            {receiver.error && (
              <span role="alert">
                {receiver.error.message} {receiver.error.hint}
              </span>
            )}
            {receiver.refused > 0 && <span>{t('syncs.refused', { count: receiver.refused })}</span>}
            {receiver.lastRefusal && <span>{t('syncs.lastRefusal', { message: receiver.lastRefusal.message })}</span>}
          </div>
        ) : (
          '—'
        )}
      </td>
      <td>
        {feed ? (
          <div className="syncs-events-cell">
            <span>{t('syncs.feedEvery', { seconds: feed.intervalSeconds })}</span>
            <span>{feed.ok === false ? t('syncs.feedFailed', { error: feed.error ?? '' }) : feed.lastPollAt ? t('syncs.feedLastPoll', { at: feed.lastPollAt }) : t('syncs.feedNotYet')}</span>
          </div>
        ) : (
          '—'
        )}
      </td>
      <td>
        <div className="syncs-events-cell">
          <span>{lastEvent ? t('syncs.lastEventText', { type: lastEvent.type, entity: lastEvent.entity, id: lastEvent.id, source: lastEvent.source, at: lastEvent.at }) : t('syncs.noEvent')}</span>
          {status.eventsReceived > 0 && <span>{t('syncs.eventsReceived', { count: status.eventsReceived })}</span>}
          {status.waiting && <span>{t('syncs.eventsWaiting')}</span>}
        </div>
      </td>
    </tr>
  );
}
