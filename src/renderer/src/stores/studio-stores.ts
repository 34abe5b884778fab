import type { StudioClient } from '../../../shared/api/client';
import { createAssessmentStore, type AssessmentStore } from './assessment-store';
import { createAuditStore, type AuditStore } from './audit-store';
import { createConnectionsStore, type ConnectionsStore } from './connections-store';
import { createMappingStore, type MappingStore, type MappingTimers } from './mapping-store';
import { createMonitoringStore, type MonitoringStore } from './monitoring-store';
import { createNotificationsStore, type NotificationsStore } from './notifications-store';
import { createNavigationStore, type NavigationStore, type Screen } from './navigation-store';
import { createProjectStore, type ProjectStore } from './project-store';
import { createRolloverStore, type RolloverStore } from './rollover-store';
import { createReportsStore, type ReportsStore } from './reports-store';
import { createRunsStore, type RunsStore } from './runs-store';
import { createSandboxAdminStore, type SandboxAdminStore } from './sandbox-admin-store';
import { createSyncsStore, type SyncsStore } from './syncs-store';
import { createSettingsStore, localThemeMemory, type SettingsStore, type ThemeMemory } from './settings-store';
import { createTargetStore, type TargetStore } from './target-store';
import { createToastStore, tagCallErrors, type ToastStore, type ToastTimers } from './toast-store';

/** Every store of the window, created around one engine client. */
export interface StudioStores {
  toasts: ToastStore;
  navigation: NavigationStore;
  project: ProjectStore;
  connections: ConnectionsStore;
  runs: RunsStore;
  assessment: AssessmentStore;
  mapping: MappingStore;
  settings: SettingsStore;
  audit: AuditStore;
  target: TargetStore;
  sandboxAdmin: SandboxAdminStore;
  syncs: SyncsStore;
  monitoring: MonitoringStore;
  notifications: NotificationsStore;
  rollover: RolloverStore;
  reports: ReportsStore;
  /** Loads everything afresh (start-up, and after a reconnect, when events may have been missed). */
  refreshAll(): Promise<void>;
  /** Stops listening to the engine's events. */
  dispose(): void;
}

export interface StudioStoresOptions {
  initialScreen?: Screen;
  themeMemory?: ThemeMemory;
  /** Timers for the toasts' auto-dismiss (tests inject their own). */
  toastTimers?: ToastTimers;
  /** Timers and quiet time for the Mapping screen's debounced checks and preview (tests inject their own). */
  mappingTimers?: MappingTimers;
  mappingDelayMs?: number;
}

/**
 * Creates the stores and wires the engine's events into them. When the open project changes
 * (opened here, or by another window or the CLI), the project-bound stores reload.
 */
export function createStudioStores(client: Pick<StudioClient, 'api' | 'on'>, options: StudioStoresOptions = {}): StudioStores {
  const toasts = createToastStore(options.toastTimers ? { timers: options.toastTimers } : {});
  // A call that fails tags its error with the call; the same call succeeding later clears it.
  const api = tagCallErrors(client.api, (source) => {
    if (toasts.getState().toasts.length > 0) toasts.getState().succeeded(source);
  });
  const deps = { api, reportError: (error: unknown, action?: string) => toasts.getState().showError(error, action) };
  const navigation = createNavigationStore(options.initialScreen);
  const project = createProjectStore(deps);
  const connections = createConnectionsStore(deps);
  const runs = createRunsStore(deps);
  const assessment = createAssessmentStore(deps);
  const mapping = createMappingStore(deps, options.mappingTimers, options.mappingDelayMs);
  const themeMemory = options.themeMemory ?? localThemeMemory(typeof localStorage === 'undefined' ? undefined : localStorage);
  const settings = createSettingsStore(deps, themeMemory);
  const audit = createAuditStore(deps);
  const target = createTargetStore(deps);
  const sandboxAdmin = createSandboxAdminStore(deps);
  const syncs = createSyncsStore(deps);
  const monitoring = createMonitoringStore(deps);
  const notifications = createNotificationsStore(deps);
  const rollover = createRolloverStore(deps);
  const reports = createReportsStore(deps);

  const loadProjectData = async () => {
    if (!project.getState().project) return;
    // The audit trail is read when its screen is shown; once shown, it is kept fresh like the rest.
    const auditShown = audit.getState().loaded;
    // The sandbox admin page asks the sandbox itself (starting the embedded one): only once shown.
    const sandboxAdminShown = sandboxAdmin.getState().loaded;
    // The Mapping screen checks and previews its mapping (reading source rows): only once shown.
    const mappingShown = mapping.getState().loaded;
    // The Syncs screen reads its definitions and runs when shown.
    const syncsShown = syncs.getState().loaded;
    // The Dashboard reads metrics only once shown.
    const dashboardShown = monitoring.getState().loaded;
    // The Settings screen's notification cards read theirs when first shown.
    const notificationsShown = notifications.getState().loaded;
    await Promise.all([
      connections.getState().load(),
      runs.getState().load(),
      assessment.getState().load(),
      mappingShown ? mapping.getState().load() : null,
      settings.getState().load(),
      auditShown ? audit.getState().load() : null,
      target.getState().load(),
      sandboxAdminShown ? sandboxAdmin.getState().load() : null,
      syncsShown ? syncs.getState().load() : null,
      dashboardShown ? monitoring.getState().load() : null,
      notificationsShown ? notifications.getState().load() : null,
    ]);
  };

  const unsubscribers = [
    client.on('project.changed', (info) => project.getState().applyProjectChanged(info)),
    client.on('run.updated', (run) => runs.getState().applyRunUpdated(run)),
    client.on('run.progress', (progress) => runs.getState().applyProgress(progress)),
    client.on('run.event', (event) => runs.getState().applyEvent(event)),
    client.on('assessment.progress', (progress) => assessment.getState().applyProgress(progress)),
    client.on('assessment.updated', (summary) => assessment.getState().applyUpdated(summary)),
    client.on('target.checked', (check) => target.getState().applyChecked(check)),
    client.on('alert.fired', (alert) => monitoring.getState().applyAlert(alert)),
    client.on('alert.resolved', (alert) => monitoring.getState().applyAlert(alert)),
    // A run that ends brings calls and records: a shown Dashboard reads them.
    client.on('run.updated', (run) => {
      if (run.endedAt && monitoring.getState().loaded) void monitoring.getState().load();
    }),
    target.subscribe((state, previous) => {
      // Another target (or another sandbox address) has another admin side: look again if it was shown.
      const before = previous.profile;
      const after = state.profile;
      if (!before || !after || (before.kind === after.kind && before.baseUrl === after.baseUrl)) return;
      if (sandboxAdmin.getState().loaded) void sandboxAdmin.getState().load();
    }),
    project.subscribe((state, previous) => {
      if (state.project?.path === previous.project?.path) return;
      // The last project's errors are not this one's.
      toasts.getState().clear();
      connections.getState().reset();
      runs.getState().reset();
      assessment.getState().reset();
      mapping.getState().reset();
      settings.getState().reset();
      audit.getState().reset();
      target.getState().reset();
      sandboxAdmin.getState().reset();
      syncs.getState().reset();
      monitoring.getState().reset();
      notifications.getState().reset();
      rollover.getState().reset();
      void loadProjectData();
    }),
  ];

  return {
    toasts,
    navigation,
    project,
    connections,
    runs,
    assessment,
    mapping,
    settings,
    audit,
    target,
    sandboxAdmin,
    syncs,
    monitoring,
    notifications,
    rollover,
    reports,
    async refreshAll() {
      const before = project.getState().project?.path;
      await Promise.all([project.getState().refresh(), project.getState().loadRecent(), settings.getState().loadSystem()]);
      // A changed path already triggered the reload through the subscription above.
      if (project.getState().project?.path === before) await loadProjectData();
    },
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
