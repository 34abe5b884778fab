import { useEffect, type ComponentType } from 'react';
import { AssessmentScreen } from './features/assessment/AssessmentScreen';
import { AuditScreen } from './features/audit/AuditScreen';
import { ReconnectBanner, type TransportStatusSource } from './components/ReconnectBanner';
import { SideNav } from './components/SideNav';
import { ToastArea } from './components/ToastArea';
import { TopBar } from './components/TopBar';
import { ProjectsScreen } from './features/projects/ProjectsScreen';
import { RunsScreen } from './features/runs/RunsScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { SourcesScreen } from './features/connections/SourcesScreen';
import { TargetScreen } from './features/target/TargetScreen';
import { screenFromHash, type Screen } from './stores/navigation-store';
import { StudioProvider, useNavigationStore, useSettingsStore, useStudioStores } from './stores/StudioProvider';
import type { StudioStores } from './stores/studio-stores';
import { useAppliedTheme } from './theme/use-applied-theme';

const SCREEN_COMPONENTS: Record<Screen, ComponentType> = {
  projects: ProjectsScreen,
  sources: SourcesScreen,
  assessment: AssessmentScreen,
  target: TargetScreen,
  runs: RunsScreen,
  settings: SettingsScreen,
  audit: AuditScreen,
};

/** Keeps the screen in the address (`#/runs`) so reloads and the back button work. */
function useHashNavigation() {
  const { navigation } = useStudioStores();
  useEffect(() => {
    const fromHash = screenFromHash(window.location.hash);
    if (fromHash) navigation.getState().go(fromHash);
    const onHashChange = () => {
      const screen = screenFromHash(window.location.hash);
      if (screen && screen !== navigation.getState().screen) navigation.getState().go(screen);
    };
    window.addEventListener('hashchange', onHashChange);
    const unsubscribe = navigation.subscribe(({ screen }) => {
      if (screenFromHash(window.location.hash) !== screen) window.location.hash = `/${screen}`;
    });
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      unsubscribe();
    };
  }, [navigation]);
}

function Shell({ transport }: { transport: TransportStatusSource }) {
  const screen = useNavigationStore((s) => s.screen);
  const theme = useSettingsStore((s) => s.theme);
  useAppliedTheme(theme);
  useHashNavigation();
  const Current = SCREEN_COMPONENTS[screen];
  return (
    <div className="app">
      <TopBar />
      <ReconnectBanner source={transport} />
      <div className="app-body">
        <SideNav />
        <main className="app-main" id="main" aria-label={screen}>
          <Current />
        </main>
      </div>
      <ToastArea />
    </div>
  );
}

/** The whole window: stores in context, the shell, and a refresh whenever the link reopens. */
export function App({ stores, transport }: { stores: StudioStores; transport: TransportStatusSource }) {
  useEffect(() => {
    void stores.refreshAll();
    let wasDown = false;
    return transport.onStatus((status) => {
      if (status === 'reconnecting') wasDown = true;
      if (status === 'open' && wasDown) {
        wasDown = false;
        // Events sent while the link was down are lost; reload what they would have changed.
        void stores.refreshAll();
      }
    });
  }, [stores, transport]);

  return (
    <StudioProvider stores={stores}>
      <Shell transport={transport} />
    </StudioProvider>
  );
}
