import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AssessmentState } from './assessment-store';
import type { AuditState } from './audit-store';
import type { ConnectionsState } from './connections-store';
import type { MappingState } from './mapping-store';
import type { MonitoringState } from './monitoring-store';
import type { NotificationsState } from './notifications-store';
import type { NavigationState } from './navigation-store';
import type { ProjectState } from './project-store';
import type { RolloverState } from './rollover-store';
import type { ReportsState } from './reports-store';
import type { RunsState } from './runs-store';
import type { SandboxAdminState } from './sandbox-admin-store';
import type { SettingsState } from './settings-store';
import type { StudioStores } from './studio-stores';
import type { SyncsState } from './syncs-store';
import type { TargetState } from './target-store';
import type { ToastState } from './toast-store';

const StoresContext = createContext<StudioStores | null>(null);

export function StudioProvider({ stores, children }: { stores: StudioStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStudioStores(): StudioStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStudioStores must be used inside <StudioProvider>.');
  return stores;
}

function useSlice<S, T>(pick: (stores: StudioStores) => StoreApi<S>, selector: (state: S) => T): T {
  return useStore(pick(useStudioStores()), selector);
}

// Selectors must return stable values (a field, or a primitive); zustand 5 re-renders forever
// on a selector that builds a new object each time.
export const useProjectStore = <T,>(selector: (s: ProjectState) => T) => useSlice((s) => s.project, selector);
export const useConnectionsStore = <T,>(selector: (s: ConnectionsState) => T) => useSlice((s) => s.connections, selector);
export const useRunsStore = <T,>(selector: (s: RunsState) => T) => useSlice((s) => s.runs, selector);
export const useAssessmentStore = <T,>(selector: (s: AssessmentState) => T) => useSlice((s) => s.assessment, selector);
export const useMappingStore = <T,>(selector: (s: MappingState) => T) => useSlice((s) => s.mapping, selector);
export const useSettingsStore = <T,>(selector: (s: SettingsState) => T) => useSlice((s) => s.settings, selector);
export const useAuditStore = <T,>(selector: (s: AuditState) => T) => useSlice((s) => s.audit, selector);
export const useTargetStore = <T,>(selector: (s: TargetState) => T) => useSlice((s) => s.target, selector);
export const useSandboxAdminStore = <T,>(selector: (s: SandboxAdminState) => T) => useSlice((s) => s.sandboxAdmin, selector);
export const useSyncsStore = <T,>(selector: (s: SyncsState) => T) => useSlice((s) => s.syncs, selector);
export const useMonitoringStore = <T,>(selector: (s: MonitoringState) => T) => useSlice((s) => s.monitoring, selector);
export const useNotificationsStore = <T,>(selector: (s: NotificationsState) => T) => useSlice((s) => s.notifications, selector);
export const useReportsStore = <T,>(selector: (s: ReportsState) => T) => useSlice((s) => s.reports, selector);
export const useToastStore = <T,>(selector: (s: ToastState) => T) => useSlice((s) => s.toasts, selector);
export const useRolloverStore = <T,>(selector: (s: RolloverState) => T) => useSlice((s) => s.rollover, selector);
export const useNavigationStore = <T,>(selector: (s: NavigationState) => T) => useSlice((s) => s.navigation, selector);

