import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n';
import { sourceColumns } from '../../stores/mapping-store';
import { useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { useCanvasModel } from './canvas-model';

/**
 * Connecting without dragging: choose a source column and a target field and press Connect (or
 * Enter). The canvas's rows do the same (pick a column, then a field); this form is the one place
 * a screen reader or a keyboard finds both lists side by side.
 */
export function KeyboardConnect() {
  const { t } = useTranslation();
  const model = useCanvasModel();
  const catalogs = useMappingStore((s) => s.catalogs);
  const pending = useMappingStore((s) => s.pendingColumn);
  const connect = useMappingStore((s) => s.connect);
  const [column, setColumn] = useState('');
  const [field, setField] = useState('');
  const columnId = useId();
  const fieldId = useId();
  if (!model) return null;
  const chosenColumn = column || pending || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosenColumn || !field) return;
    connect(chosenColumn, field);
    setColumn('');
    setField('');
  };
  return (
    <form className="mapping-keyboard" aria-label={t('mapping.connect.title')} onSubmit={submit} data-testid="keyboard-connect">
      <div className="transform-field">
        <label htmlFor={columnId}>{t('mapping.connect.column')}</label>
        <select id={columnId} value={chosenColumn} onChange={(e) => setColumn(e.target.value)} data-testid="connect-column">
          <option value="">{t('mapping.connect.none')}</option>
          {sourceColumns(model.draft, catalogs).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="transform-field">
        <label htmlFor={fieldId}>{t('mapping.connect.field')}</label>
        <select id={fieldId} value={field} onChange={(e) => setField(e.target.value)} data-testid="connect-field">
          <option value="">{t('mapping.connect.none')}</option>
          {model.fields.map((f) => (
            <option key={f.field} value={f.field}>
              {f.field}
              {f.required ? ' *' : ''}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="primary" disabled={!chosenColumn || !field} testId="connect-submit">
        {t('mapping.connect.button')}
      </Button>
      <p className="field-help" aria-live="polite">
        {pending ? t('mapping.connect.picked', { column: pending }) : t('mapping.connect.help')}
      </p>
    </form>
  );
}
