import { useMemo } from 'react';
import type { MappingVersionInfo } from '../../../../shared/model/mapping-api';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDateTime } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable, type DataColumn } from '../../ui/DataTable';

/** Who changed the mapping, what and when; its sign-off (or why it no longer holds); signing the saved version off. */
export function HistoryCard() {
  const { t } = useTranslation();
  const history = useMappingStore((s) => s.history);
  const dirty = useMappingStore((s) => s.dirty);
  const task = useMappingStore((s) => s.task);
  const loadHistory = useMappingStore((s) => s.loadHistory);
  const signOff = useMappingStore((s) => s.signOff);
  const columns = useMemo<DataColumn<MappingVersionInfo>[]>(
    () => [
      { id: 'version', header: t('mapping.history.version'), cell: (v) => v.version, sortValue: (v) => v.version, numeric: true },
      { id: 'at', header: t('mapping.history.when'), cell: (v) => <RelativeTime iso={v.at} />, sortValue: (v) => v.at },
      { id: 'actor', header: t('mapping.history.who'), cell: (v) => v.actor },
      { id: 'change', header: t('mapping.history.change'), cell: (v) => v.change },
    ],
    [t],
  );
  if (!history) {
    return (
      <Card title={t('mapping.history.title')} testId="mapping-history">
        <Button size="small" onClick={() => void loadHistory()} testId="show-history">
          {t('mapping.history.show')}
        </Button>
      </Card>
    );
  }
  const s = history.signOff;
  const who = s ? (s.displayName ?? s.account) : '';
  return (
    <Card
      title={t('mapping.history.title')}
      testId="mapping-history"
      actions={
        <Button size="small" variant="primary" busy={task === 'signOff'} disabled={dirty} title={dirty ? t('mapping.history.saveFirst') : undefined} onClick={() => void signOff()} testId="sign-off">
          {t('mapping.history.signOff')}
        </Button>
      }
    >
      <p data-testid="sign-off-state" className={s?.valid ? 'remark remark-ok' : 'muted'}>
        {!s ? t('mapping.history.notSigned') : s.valid ? t('mapping.history.signedOff', { version: s.version, who, when: formatDateTime(s.at) }) : t('mapping.history.voided', { version: s.version, who })}
      </p>
      <DataTable rows={[...history.versions].reverse()} columns={columns} rowKey={(v) => String(v.version)} label={t('mapping.history.title')} mode="table" />
    </Card>
  );
}
