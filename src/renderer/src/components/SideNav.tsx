import { ClipboardCheck, Database, FolderOpen, LayoutDashboard, Play, ScrollText, Settings, Target, Waypoints } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from '../i18n';
import { SCREENS, type Screen } from '../stores/navigation-store';
import { useNavigationStore } from '../stores/StudioProvider';

const ICONS: Record<Screen, typeof Database> = {
  projects: FolderOpen,
  sources: Database,
  assessment: ClipboardCheck,
  mapping: Waypoints,
  target: Target,
  runs: Play,
  dashboard: LayoutDashboard,
  settings: Settings,
  audit: ScrollText,
};

/** The left navigation, in the order the work flows; Alt+1…9 jump to a screen. */
export function SideNav() {
  const { t } = useTranslation();
  const screen = useNavigationStore((s) => s.screen);
  const go = useNavigationStore((s) => s.go);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < SCREENS.length) {
        event.preventDefault();
        go(SCREENS[index]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <nav className="sidenav" aria-label={t('nav.label')}>
      <ul>
        {SCREENS.map((name, index) => {
          const Icon = ICONS[name];
          const label = t(`nav.${name}`);
          return (
            <li key={name}>
              <button
                type="button"
                className="sidenav-item"
                data-testid={`nav-${name}`}
                aria-current={screen === name ? 'page' : undefined}
                title={t('nav.shortcut', { label, key: index + 1 })}
                onClick={() => go(name)}
              >
                <Icon aria-hidden="true" size={18} />
                <span>{label}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
