import { useTranslation } from '../i18n';
import { Laptop, Moon, Sun } from 'lucide-react';
import type { ThemePreference } from '../stores/settings-store';
import { useSettingsStore } from '../stores/StudioProvider';

const NEXT: Record<ThemePreference, ThemePreference> = { light: 'dark', dark: 'system', system: 'light' };
const ICON = { light: Sun, dark: Moon, system: Laptop };

/** Cycles light → dark → system; the label says both the current and the next theme. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const theme = useSettingsStore((s) => s.theme);
  const setTheme = useSettingsStore((s) => s.setTheme);
  const Icon = ICON[theme];
  const label = t('shell.theme.label', { current: t(`shell.theme.${theme}`), next: t(`shell.theme.${NEXT[theme]}`).toLowerCase() });
  return (
    <button type="button" className="btn btn-icon" aria-label={label} title={label} onClick={() => void setTheme(NEXT[theme])}>
      <Icon aria-hidden="true" size={18} />
    </button>
  );
}
