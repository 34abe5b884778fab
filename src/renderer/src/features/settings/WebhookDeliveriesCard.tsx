import type { WebhookDeliveryInfo } from '../../../../shared/model/notify';
import { RelativeTime } from '../../components/RelativeTime';
import { useTranslation } from '../../i18n';
import { useNotificationsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';

/** The chosen endpoint's recent deliveries, each with its attempts and last error, and Redeliver. */
export function WebhookDeliveriesCard() {
  const { t } = useTranslation();
  const endpoints = useNotificationsStore((s) => s.endpoints);
  const selectedId = useNotificationsStore((s) => s.selectedId);
  const deliveries = useNotificationsStore((s) => s.deliveries);
  const busy = useNotificationsStore((s) => s.busy);
  const select = useNotificationsStore((s) => s.select);
  const redeliver = useNotificationsStore((s) => s.redeliver);
  const selected = endpoints.find((e) => e.id === selectedId) ?? null;

  const columns: DataColumn<WebhookDeliveryInfo>[] = [
    { id: 'event', header: t('notifications.deliveries.event'), cell: (d) => t(`notifications.eventKinds.${d.event}`), rowHeader: true },
    { id: 'created', header: t('notifications.deliveries.created'), cell: (d) => <RelativeTime iso={d.createdAt} />, sortValue: (d) => d.createdAt },
    {
      id: 'status',
      header: t('notifications.deliveries.status'),
      cell: (d) => (
        <span data-testid={`delivery-status-${d.id}`}>
          {t(`notifications.deliveries.statuses.${d.status}`)}
          {d.redeliveryOf && <span className="muted"> · {t('notifications.deliveries.redeliveryOf', { id: d.redeliveryOf })}</span>}
        </span>
      ),
      sortValue: (d) => d.status,
    },
    { id: 'attempts', header: t('notifications.deliveries.attempts'), cell: (d) => d.attempts, numeric: true, sortValue: (d) => d.attempts },
    { id: 'error', header: t('notifications.deliveries.lastError'), cell: (d) => d.lastError ?? '—', title: (d) => d.lastError ?? undefined },
    {
      id: 'actions',
      header: t('notifications.deliveries.actions'),
      cell: (d) => (
        <Button size="small" busy={busy === `redeliver:${d.id}`} disabled={busy !== null} onClick={() => void redeliver(d.id)} testId={`redeliver-${d.id}`}>
          {t('notifications.deliveries.redeliver')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={selected ? t('notifications.deliveries.titleOf', { name: selected.name }) : t('notifications.deliveries.title')} testId="webhook-deliveries">
      {endpoints.length === 0 ? (
        <p className="muted">{t('notifications.deliveries.noEndpoint')}</p>
      ) : (
        <>
          <label className="inline-field">
            {t('notifications.deliveries.chooseEndpoint')}
            <select value={selectedId ?? ''} onChange={(e) => void select(e.target.value)} data-testid="deliveries-endpoint">
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <p className="field-help">{t('notifications.deliveries.help')}</p>
          <DataTable
            rows={deliveries}
            columns={columns}
            rowKey={(d) => d.id}
            label={t('notifications.deliveries.table')}
            rowProps={(d) => ({ testId: `delivery-${d.id}` })}
            empty={<EmptyState title={t('notifications.deliveries.noneTitle')}>{t('notifications.deliveries.noneBody')}</EmptyState>}
          />
        </>
      )}
    </Card>
  );
}
