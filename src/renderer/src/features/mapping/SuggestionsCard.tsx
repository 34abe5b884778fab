import { Sparkles } from 'lucide-react';
import { useTranslation } from '../../i18n';
import { useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { useCanvasModel } from './canvas-model';

/**
 * The engine's suggestions for the fields nothing feeds yet, each with its confidence and reasons
 * (drawn dashed on the canvas). Nothing changes until one is accepted, or all of them.
 */
export function SuggestionsCard() {
  const { t } = useTranslation();
  const model = useCanvasModel();
  const asked = useMappingStore((s) => s.suggestion !== null);
  const task = useMappingStore((s) => s.task);
  const suggest = useMappingStore((s) => s.suggest);
  const accept = useMappingStore((s) => s.acceptSuggestion);
  const acceptAll = useMappingStore((s) => s.acceptAllSuggestions);
  const open = model?.suggestions ?? [];
  return (
    <Card
      title={t('mapping.suggestions.title')}
      testId="suggestions"
      actions={
        asked && open.length > 0 ? (
          <Button size="small" variant="primary" onClick={acceptAll} testId="accept-all-suggestions">
            {t('mapping.suggestions.acceptAll', { count: open.length })}
          </Button>
        ) : (
          <Button size="small" icon={<Sparkles size={14} aria-hidden="true" />} busy={task === 'suggest'} onClick={() => void suggest()} testId="ask-suggestions">
            {t('mapping.suggestions.ask')}
          </Button>
        )
      }
    >
      {!asked ? (
        <p className="field-help">{t('mapping.suggestions.askHelp')}</p>
      ) : open.length === 0 ? (
        <p className="muted">{t('mapping.suggestions.none')}</p>
      ) : (
        <ul className="mapping-suggestions">
          {open.map((s) => (
            <li key={s.field} data-testid={`suggestion-${s.field}`}>
              <div className="mapping-suggestion-head">
                <span>
                  <code>{s.column}</code> → <code>{s.field}</code>
                  {s.required && <span className="mapping-required"> *</span>}
                </span>
                <span className="mapping-confidence">{t('mapping.suggestions.confidence', { percent: Math.round(s.confidence * 100) })}</span>
                <Button size="small" onClick={() => accept(s.field)} aria-label={t('mapping.suggestions.acceptOne', { column: s.column, field: s.field })}>
                  {t('mapping.suggestions.accept')}
                </Button>
              </div>
              {s.reasons.length > 0 && <p className="field-help">{s.reasons.join('; ')}</p>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
