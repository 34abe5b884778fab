import { useEffect } from 'react';
import { Spinner } from '../../components/Spinner';
import { useTranslation } from '../../i18n';
import { useNotificationsStore } from '../../stores/StudioProvider';
import { SmtpCard } from './SmtpCard';
import { WebhookDeliveriesCard } from './WebhookDeliveriesCard';
import { WebhookEndpointsCard } from './WebhookEndpointsCard';

/** The Settings screen's notification cards; their data is read the first time they are shown. */
export function NotificationsCards() {
  const { t } = useTranslation();
  const loaded = useNotificationsStore((s) => s.loaded);
  const load = useNotificationsStore((s) => s.load);
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  if (!loaded) {
    return (
      <div className="card panel-loading">
        <Spinner /> {t('notifications.loading')}
      </div>
    );
  }
  return (
    <>
      <WebhookEndpointsCard />
      <WebhookDeliveriesCard />
      <SmtpCard />
    </>
  );
}
