import { Trans, useTranslation } from '../i18n';
import { OctagonX, WifiOff } from 'lucide-react';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TransportStatus } from '../transport/transport';

/** The engine link's state, for the reconnect banner. */
export interface TransportStatusSource {
  status(): TransportStatus;
  onStatus(listener: (status: TransportStatus) => void): () => void;
  stopReason?(): string | null;
}

/** A banner while the link to the engine is down (the engine keeps working meanwhile), or gone. */
/** After this long without the engine, the banner also mentions a changed link. */
export const LONG_OUTAGE_MS = 8_000;

export function ReconnectBanner({ source }: { source: TransportStatusSource }) {
  const { t } = useTranslation();
  const status = useSyncExternalStore(source.onStatus, source.status);
  const [longOutage, setLongOutage] = useState(false);

  useEffect(() => {
    setLongOutage(false);
    if (status !== 'reconnecting') return;
    const timer = setTimeout(() => setLongOutage(true), LONG_OUTAGE_MS);
    return () => clearTimeout(timer);
  }, [status]);

  if (status === 'stopped') {
    return (
      <div className="banner banner-danger" role="alert" data-testid="engine-stopped-banner">
        <OctagonX aria-hidden="true" size={16} />
        <span>
          {source.stopReason?.() ?? t('shell.engineStopped')}
          {t('shell.stoppedAdvice')}
        </span>
      </div>
    );
  }
  if (status !== 'reconnecting') return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="reconnect-banner">
      <WifiOff aria-hidden="true" size={16} />
      <span>
        {t('shell.reconnecting')}
        {longOutage && <Trans i18nKey="shell.longOutage" components={{ code: <code /> }} />}
      </span>
    </div>
  );
}
