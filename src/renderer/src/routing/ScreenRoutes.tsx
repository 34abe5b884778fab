import { useEffect, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
// In the order of the screens, so the features' stylesheets load in that order.
import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { PlanScreen } from '../features/plan/PlanScreen';
import { SourcesScreen } from '../features/connections/SourcesScreen';
import { RunsScreen } from '../features/runs/RunsScreen';
import { SyncsScreen } from '../features/syncs/SyncsScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { AuditScreen } from '../features/audit/AuditScreen';
import { AssessmentScreen } from '../features/assessment/AssessmentScreen';
import { MappingScreen } from '../features/mapping/MappingScreen';
import { TargetScreen } from '../features/target/TargetScreen';
import { screenFromHash, SCREENS, type Screen } from '../stores/navigation-store';
import { useStudioStores } from '../stores/StudioProvider';

const SCREEN_COMPONENTS: Record<Screen, ComponentType> = {
  projects: ProjectsScreen,
  plan: PlanScreen,
  sources: SourcesScreen,
  assessment: AssessmentScreen,
  mapping: MappingScreen,
  target: TargetScreen,
  runs: RunsScreen,
  syncs: SyncsScreen,
  dashboard: DashboardScreen,
  settings: SettingsScreen,
  audit: AuditScreen,
};

/** `/runs` (the router's path) → `runs`; anything unknown → null. */
export function screenFromPath(pathname: string): Screen | null {
  return screenFromHash(`#${pathname}`);
}

/** One screen at `/:screen`; the navigation store follows the address. */
function ScreenRoute() {
  const { screen: name } = useParams();
  const { navigation } = useStudioStores();
  const screen = (SCREENS as readonly string[]).includes(name ?? '') ? (name as Screen) : null;
  // Only a change of address moves the store (a change of store moves the address, below).
  useEffect(() => {
    if (screen && screen !== navigation.getState().screen) navigation.getState().go(screen);
  }, [screen, navigation]);
  if (!screen) return <Navigate to="/projects" replace />;
  const Current = SCREEN_COMPONENTS[screen];
  return <Current />;
}

/**
 * Keeps the address and the navigation store in step. Screens (and tests) move with the
 * store's `go(screen)`; the router makes that an address (`#/runs`), so reloads, the back
 * button and links work; an address typed or went back to moves the store.
 */
function StoreToAddress() {
  const { navigation } = useStudioStores();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    return navigation.subscribe(({ screen }) => {
      if (screenFromPath(window.location.hash.replace(/^#/, '') || '/') !== screen) void navigate(`/${screen}`);
    });
  }, [navigation, navigate]);
  // An address without a screen ("/", or nothing) shows the store's screen.
  if (location.pathname === '/' || location.pathname === '') return <Navigate to={`/${navigation.getState().screen}`} replace />;
  return null;
}

/** The screens, one route each; an unknown address falls back to Projects. */
export function ScreenRoutes() {
  return (
    <>
      <StoreToAddress />
      <Routes>
        <Route path="/" element={null} />
        <Route path="/:screen/*" element={<ScreenRoute />} />
      </Routes>
    </>
  );
}
