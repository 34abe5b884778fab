import { CircleX, Info, TriangleAlert } from 'lucide-react';
import type { MappingRemark } from '../../../../shared/model/mapping-api';
import { useTranslation } from '../../i18n';
import { useMappingStore } from '../../stores/StudioProvider';
import { Card } from '../../ui/Card';

const ICONS: Record<MappingRemark['level'], typeof Info> = { error: CircleX, warning: TriangleAlert, info: Info };

/** `field birthDate` → `birthDate`; other places (joins, key, filters) name no field. */
export function remarkField(place: string): string | null {
  const match = /^field (.+)$/.exec(place);
  return match ? match[1] : null;
}

/**
 * The engine's checks of the edited plan (`mappings.validate`: read, join, filter, map, validate
 * stages), each remark with its place; a remark about a field opens that field in the panel.
 */
export function ChecksCard() {
  const { t } = useTranslation();
  const validation = useMappingStore((s) => s.validation);
  const previewing = useMappingStore((s) => s.previewing);
  const pickField = useMappingStore((s) => s.pickField);
  const remarks = validation?.remarks ?? [];
  return (
    <Card title={t('mapping.checks.title')} testId="mapping-checks">
      <p className="field-help">{t('mapping.checks.help')}</p>
      {!validation ? (
        <p className="muted">{previewing ? t('mapping.checks.checking') : ''}</p>
      ) : remarks.length === 0 ? (
        <p className="remark remark-ok">{t('mapping.checks.ok')}</p>
      ) : (
        <ul className="mapping-checks">
          {remarks.map((r, i) => {
            const Icon = ICONS[r.level];
            const field = remarkField(r.place);
            return (
              <li key={i} className={`remark remark-${r.level}`} data-testid="mapping-remark">
                <Icon size={14} aria-label={t(`mapping.checks.${r.level}`)} /> {r.message} <span className="muted">{t('mapping.checks.place', { place: r.place })}</span>
                {field && (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => pickField(field)}>
                    {t('mapping.checks.show', { field })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
