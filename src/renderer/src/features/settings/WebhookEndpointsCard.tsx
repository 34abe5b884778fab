import { useState } from 'react';
import type { WebhookEndpointInfo } from '../../../../shared/model/notify';
import { RelativeTime } from '../../components/RelativeTime';
import { useTranslation } from '../../i18n';
import { useNotificationsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { WebhookEndpointDialog } from './WebhookEndpointDialog';
import { WebhookSecretDialog } from './WebhookSecretDialog';

/** The webhook endpoints: listed with their last delivery; added, edited, tested and removed here. */
export function WebhookEndpointsCard() {
  const { t } = useTranslation();
  const endpoints = useNotificationsStore((s) => s.endpoints);
  const latest = useNotificationsStore((s) => s.latest);
  const selectedId = useNotificationsStore((s) => s.selectedId);
  const busy = useNotificationsStore((s) => s.busy);
  const lastTest = useNotificationsStore((s) => s.lastTest);
  const select = useNotificationsStore((s) => s.select);
  const create = useNotificationsStore((s) => s.create);
  const update = useNotificationsStore((s) => s.update);
  const remove = useNotificationsStore((s) => s.remove);
  const testSend = useNotificationsStore((s) => s.testSend);
  // The form: null closed, 'new' adding, or the endpoint edited.
  const [form, setForm] = useState<'new' | WebhookEndpointInfo | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpointInfo | null>(null);
  // A made secret, held only while its dialog is open.
  const [revealed, setRevealed] = useState<{ name: string; secret: string } | null>(null);

  const columns: DataColumn<WebhookEndpointInfo>[] = [
    { id: 'name', header: t('notifications.endpoints.name'), cell: (e) => e.name, sortValue: (e) => e.name, rowHeader: true },
    { id: 'url', header: t('notifications.endpoints.url'), cell: (e) => <span className="mono" dir="ltr">{`${e.method} ${e.url}`}</span>, title: (e) => e.url },
    { id: 'events', header: t('notifications.endpoints.events'), cell: (e) => e.events.map((k) => t(`notifications.eventKinds.${k}`)).join(', ') },
    { id: 'enabled', header: t('notifications.endpoints.enabled'), cell: (e) => (e.enabled ? t('notifications.endpoints.yes') : t('notifications.endpoints.no')) },
    {
      id: 'last',
      header: t('notifications.endpoints.lastDelivery'),
      cell: (e) => {
        const d = latest[e.id];
        return d ? (
          <span data-testid={`webhook-last-${e.id}`}>
            {t(`notifications.deliveries.statuses.${d.status}`)} · <RelativeTime iso={d.createdAt} />
          </span>
        ) : (
          t('notifications.endpoints.never')
        );
      },
      sortValue: (e) => latest[e.id]?.createdAt ?? null,
    },
    {
      id: 'actions',
      header: t('notifications.endpoints.actions'),
      cell: (e) => (
        <div className="inline-field">
          <Button size="small" busy={busy === `test:${e.id}`} disabled={busy !== null} onClick={() => void testSend(e.id)} testId={`webhook-test-${e.id}`}>
            {t('notifications.endpoints.test')}
          </Button>
          <Button size="small" onClick={() => setForm(e)} testId={`webhook-edit-${e.id}`}>
            {t('notifications.endpoints.edit')}
          </Button>
          <Button size="small" variant="danger" disabled={busy !== null} onClick={() => setRemoving(e)} testId={`webhook-remove-${e.id}`}>
            {t('notifications.endpoints.remove')}
          </Button>
        </div>
      ),
    },
  ];

  const tested = lastTest?.kind === 'webhook' ? lastTest : null;
  const testedName = tested && endpoints.find((e) => e.id === tested.endpointId)?.name;

  return (
    <Card
      title={t('notifications.endpoints.title')}
      testId="webhook-endpoints"
      actions={
        <Button variant="primary" size="small" onClick={() => setForm('new')} testId="webhook-add">
          {t('notifications.endpoints.add')}
        </Button>
      }
    >
      <p className="field-help">{t('notifications.endpoints.help')}</p>
      <DataTable
        rows={endpoints}
        columns={columns}
        rowKey={(e) => e.id}
        label={t('notifications.endpoints.table')}
        rowProps={(e) => ({ testId: `webhook-${e.id}`, selected: e.id === selectedId })}
        onRowClick={(e) => void select(e.id)}
        empty={<EmptyState title={t('notifications.endpoints.noneTitle')}>{t('notifications.endpoints.noneBody')}</EmptyState>}
      />
      {tested && testedName && (
        <p role="status" className="field-help" data-testid="webhook-test-result">
          {tested.attempt.httpStatus === null
            ? t('notifications.endpoints.testResult', { name: testedName, outcome: t(`notifications.outcomes.${tested.attempt.outcome}`), ms: tested.attempt.durationMs })
            : t('notifications.endpoints.testResultStatus', { name: testedName, outcome: t(`notifications.outcomes.${tested.attempt.outcome}`), status: tested.attempt.httpStatus, ms: tested.attempt.durationMs })}
        </p>
      )}
      {form !== null && (
        <WebhookEndpointDialog
          editing={form === 'new' ? null : form}
          onClose={() => setForm(null)}
          onSubmit={async (input) => {
            if (form !== 'new') return update({ ...input, id: form.id });
            const created = await create(input);
            if (created?.secret) setRevealed({ name: created.name, secret: created.secret });
            return created !== null;
          }}
        />
      )}
      {revealed && <WebhookSecretDialog name={revealed.name} secret={revealed.secret} onClose={() => setRevealed(null)} />}
      {removing && (
        <Dialog
          open
          title={t('notifications.endpoints.removeTitle', { name: removing.name })}
          description={t('notifications.endpoints.removeBody', { url: removing.url })}
          onClose={() => setRemoving(null)}
          testId="webhook-remove-dialog"
          footer={
            <>
              <Button onClick={() => setRemoving(null)}>{t('notifications.endpoints.cancel')}</Button>
              <Button
                variant="danger"
                testId="webhook-remove-confirm"
                onClick={() => {
                  const id = removing.id;
                  setRemoving(null);
                  void remove(id);
                }}
              >
                {t('notifications.endpoints.confirmRemove')}
              </Button>
            </>
          }
        />
      )}
    </Card>
  );
}
