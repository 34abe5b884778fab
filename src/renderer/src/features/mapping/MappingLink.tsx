import { Waypoints } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n';
import type { MappingFocus } from '../../stores/mapping-store';
import { useStudioStores } from '../../stores/StudioProvider';

/** True when a message sends the user to the Mapping screen ("…on the Mapping screen first"). */
export function mentionsMappingScreen(text: string | null | undefined): boolean {
  return typeof text === 'string' && /mapping screen/i.test(text);
}

/**
 * A link from a message to the place it names on the Mapping screen: the mapping that reads the
 * table, with the field (or the field the column feeds) selected.
 */
export function MappingLink({ focus, children, testId = 'mapping-link' }: { focus: MappingFocus; children?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const { mapping, navigation } = useStudioStores();
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost mapping-link"
      data-testid={testId}
      onClick={() => {
        mapping.getState().focusOn(focus);
        navigation.getState().go('mapping');
      }}
    >
      <Waypoints aria-hidden="true" size={14} /> {children ?? t('mapping.link')}
    </button>
  );
}
