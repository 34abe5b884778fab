import { useId, useState, type FormEvent } from 'react';
import type { PersonEraseResult, PersonFound } from '../../../../shared/api/contracts/privacy';
import { useTranslation } from '../../i18n';
import { useSettingsStore } from '../../stores/StudioProvider';
import type { PersonKey } from '../../stores/settings-store';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { Dialog } from '../../ui/Dialog';
import { saveFile } from '../../ui/download';

/**
 * A family's request (issue 21; docs/security.md): find a person in what runs staged, download
 * everything the project holds about them, or erase it and keep them out of later runs. Erasing
 * asks once more, naming what goes and what does not (Academia Pro and the legacy system keep
 * their own copies), and shows the erasure id to quote to the family.
 */
export function PersonRequestsCard() {
  const { t } = useTranslation();
  const people = useSettingsStore((s) => s.people);
  const busy = useSettingsStore((s) => s.personBusy);
  const findPeople = useSettingsStore((s) => s.findPeople);
  const personFile = useSettingsStore((s) => s.personFile);
  const erasePerson = useSettingsStore((s) => s.erasePerson);
  const [text, setText] = useState('');
  const [confirming, setConfirming] = useState<PersonFound | null>(null);
  const [erased, setErased] = useState<PersonEraseResult | null>(null);
  const ids = { search: useId(), help: useId() };

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void findPeople(text.trim());
  };
  const download = async (person: PersonKey) => {
    const file = await personFile(person);
    if (file) saveFile(file);
  };
  const erase = async () => {
    if (!confirming) return;
    const result = await erasePerson(confirming);
    setConfirming(null);
    if (result) setErased(result);
  };
  const nameOf = (p: PersonFound) => [p.firstName, p.lastName].filter(Boolean).join(' ') || t('personRequests.noName');
  const columns: DataColumn<PersonFound>[] = [
    { id: 'entity', header: t('personRequests.entity'), cell: (p) => p.entity, sortValue: (p) => p.entity },
    { id: 'key', header: t('personRequests.key'), cell: (p) => <span className="mono" dir="ltr">{p.externalId}</span>, sortValue: (p) => p.externalId, rowHeader: true },
    { id: 'name', header: t('personRequests.name'), cell: nameOf, sortValue: nameOf, source: true },
    { id: 'birthDate', header: t('personRequests.birthDate'), cell: (p) => p.birthDate ?? '—', sortValue: (p) => p.birthDate ?? '' },
    {
      id: 'actions',
      header: t('personRequests.actions'),
      cell: (p) => (
        <span className="person-actions">
          <Button size="small" onClick={() => void download(p)} disabled={busy} testId="person-export">
            {t('personRequests.export')}
          </Button>
          <Button size="small" variant="danger" onClick={() => setConfirming(p)} disabled={busy} testId="person-erase">
            {t('personRequests.erase')}
          </Button>
        </span>
      ),
    },
  ];

  return (
    <Card title={t('personRequests.title')} testId="person-requests">
      <p className="field-help">{t('personRequests.help')}</p>
      <form className="inline-field" onSubmit={search} role="search">
        <label htmlFor={ids.search} className="visually-hidden">
          {t('personRequests.searchLabel')}
        </label>
        <input id={ids.search} className="input" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('personRequests.searchPlaceholder')} aria-describedby={ids.help} data-testid="person-search" />
        <Button type="submit" busy={busy} disabled={!text.trim()} testId="person-search-go">
          {t('personRequests.search')}
        </Button>
      </form>
      <p id={ids.help} className="field-help">
        {t('personRequests.searchHelp')}
      </p>
      {people !== null && (
        <DataTable
          rows={people}
          columns={columns}
          rowKey={(p) => `${p.entity}/${p.externalId}`}
          label={t('personRequests.results')}
          testId="person-results"
          empty={<EmptyState title={t('personRequests.none')}>{t('personRequests.searchHelp')}</EmptyState>}
        />
      )}
      {erased && (
        <p role="status" data-testid="person-erased">
          {t('personRequests.erased', { count: erased.records, id: erased.erasureId })}
        </p>
      )}
      {confirming && (
        <Dialog
          open
          title={t('personRequests.confirmTitle', { name: nameOf(confirming) })}
          description={t('personRequests.confirmBody')}
          onClose={() => setConfirming(null)}
          testId="person-erase-dialog"
          footer={
            <>
              <Button onClick={() => setConfirming(null)}>{t('personRequests.cancel')}</Button>
              <Button variant="danger" busy={busy} onClick={() => void erase()} testId="person-erase-confirm">
                {t('personRequests.confirm')}
              </Button>
            </>
          }
        />
      )}
    </Card>
  );
}
