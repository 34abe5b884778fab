import { useTranslation } from '../../i18n';
import { Filter, X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAuditStore } from '../../stores/StudioProvider';

/** Narrows the trail by action (chosen from a list) and by the start of the object's name. */
export function AuditFilters() {
  const { t } = useTranslation();
  const filter = useAuditStore((s) => s.filter);
  const actions = useAuditStore((s) => s.actions);
  const setFilter = useAuditStore((s) => s.setFilter);
  const [objectText, setObjectText] = useState(filter.object);
  const ids = { action: useId(), object: useId(), objectHelp: useId() };

  // Follows the store when it changes from elsewhere (a reset when another project opens).
  useEffect(() => setObjectText(filter.object), [filter.object]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (objectText.trim() !== filter.object) void setFilter({ object: objectText.trim() });
  };
  const active = filter.action !== '' || filter.object !== '';

  return (
    <form className="audit-filters" onSubmit={onSubmit} aria-label={t('audit.filters.label')}>
      <div className="audit-filter">
        <label htmlFor={ids.action} className="field-label">
          {t('audit.filters.action')}
        </label>
        <select id={ids.action} className="input input-small" data-testid="audit-filter-action" value={filter.action} onChange={(e) => void setFilter({ action: e.target.value })}>
          <option value="">{t('audit.filters.allActions')}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter audit-filter-object">
        <label htmlFor={ids.object} className="field-label">
          {t('audit.filters.object')}
        </label>
        <input
          id={ids.object}
          className="input input-small mono"
          data-testid="audit-filter-object"
          value={objectText}
          onChange={(e) => setObjectText(e.target.value)}
          placeholder={t('audit.filters.objectPlaceholder')}
          aria-describedby={ids.objectHelp}
          spellCheck={false}
          dir="auto"
        />
        <span id={ids.objectHelp} className="visually-hidden">
          {t('audit.filters.objectHelp')}
        </span>
      </div>
      <div className="audit-filter-actions">
        <button type="submit" className="btn btn-small" disabled={objectText.trim() === filter.object}>
          <Filter aria-hidden="true" size={14} /> {t('audit.filters.apply')}
        </button>
        {active && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setObjectText('');
              void setFilter({ action: '', object: '' });
            }}
          >
            <X aria-hidden="true" size={14} /> {t('audit.filters.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
