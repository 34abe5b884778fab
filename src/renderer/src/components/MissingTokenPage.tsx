import { Trans, useTranslation } from '../i18n';
import { KeyRound } from 'lucide-react';

/** Shown when the page was opened without the web host's access token. */
export function MissingTokenPage() {
  const { t } = useTranslation();
  return (
    <main className="missing-token">
      <div className="missing-token-card">
        <KeyRound aria-hidden="true" size={36} className="brand-icon" />
        <h1>{t('app.productName')}</h1>
        <p>{t('shell.missingToken')}</p>
        <p>
          <Trans i18nKey="shell.missingTokenLink" components={{ code: <code /> }} />
        </p>
        <p className="muted">{t('shell.missingTokenWhy')}</p>
      </div>
    </main>
  );
}
