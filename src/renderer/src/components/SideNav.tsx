import { ClipboardCheck, Database, FolderOpen, Play, ScrollText, Settings, Target } from 'lucide-react';
import { useEffect } from 'react';
import { SCREENS, type Screen } from '../stores/navigation-store';
import { useNavigationStore } from '../stores/StudioProvider';

const ITEMS: Record<Screen, { label: string; icon: typeof Database }> = {
  projects: { label: 'Projects', icon: FolderOpen },
  sources: { label: 'Sources', icon: Database },
  assessment: { label: 'Assessment', icon: ClipboardCheck },
  target: { label: 'Target', icon: Target },
  runs: { label: 'Runs', icon: Play },
  settings: { label: 'Settings', icon: Settings },
  audit: { label: 'Audit', icon: ScrollText },
};

/** The left navigation, in the order the work flows; Alt+1…7 jump to a screen. */
export function SideNav() {
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
    <nav className="sidenav" aria-label="Screens">
      <ul>
        {SCREENS.map((name, index) => {
          const { label, icon: Icon } = ITEMS[name];
          return (
            <li key={name}>
              <button
                type="button"
                className="sidenav-item"
                data-testid={`nav-${name}`}
                aria-current={screen === name ? 'page' : undefined}
                title={`${label} (Alt+${index + 1})`}
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
