import { ClipboardCheck, Database, FolderOpen, LayoutDashboard, ListChecks, Play, RefreshCw, ScrollText, Settings, Target, Waypoints } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from '../i18n';
import { SCREENS, type Screen } from '../stores/navigation-store';
import { useNavigationStore } from '../stores/StudioProvider';

const ICONS: Record<Screen, typeof Database> = {
  projects: FolderOpen,
  plan: ListChecks,
  sources: Database,
  assessment: ClipboardCheck,
  mapping: Waypoints,
  target: Target,
  runs: Play,
  syncs: RefreshCw,
  dashboard: LayoutDashboard,
  settings: Settings,
  audit: ScrollText,
};

/** The shortcut digit of the screen at `index`: 1…9, then 0 for the tenth (the keyboard's row order); null after that. */
export function shortcutKey(index: number): number | null {
  return index < 10 ? (index + 1) % 10 : null;
}

/** The left navigation, in the order the work flows; Alt+1…9 and Alt+0 jump to the first ten screens. */
export function SideNav() {
  const { t } = useTranslation();
  const screen = useNavigationStore((s) => s.screen);
  const go = useNavigationStore((s) => s.go);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const index = event.key === '0' ? 9 : Number(event.key) - 1;
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
          const key = shortcutKey(index);
          return (
            <li key={name}>
              <button
                type="button"
                className="sidenav-item"
                data-testid={`nav-${name}`}
                aria-current={screen === name ? 'page' : undefined}
                title={key === null ? label : t('nav.shortcut', { label, key })}
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
