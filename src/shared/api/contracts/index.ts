import type { ServiceOf } from '../contract';
import { assessmentContract, assessmentEvents } from './assessment';
import { auditContract } from './audit';
import { connectionsContract } from './connections';
import { filesContract } from './files';
import { mappingsContract } from './mappings';
import { migrationContract } from './migration';
import { notificationsContract } from './notifications';
import { oneRosterContract } from './one-roster';
import { monitoringContract, monitoringEvents } from './monitoring';
import { projectsContract, projectsEvents } from './projects';
import { runReportsContract } from './run-reports';
import { runsContract, runsEvents } from './runs';
import { sandboxAdminContract } from './sandbox-admin';
import { settingsContract } from './settings';
import { sourcesContract, sourcesEvents } from './sources';
import { syncsContract } from './syncs';
import { systemContract } from './system';
import { targetsContract, targetsEvents } from './targets';
import { vaultContract } from './vault';

/**
 * Every service the engine offers, by name: the one table the engine's edge (rpc/dispatch.ts)
 * validates calls against and the client's Proxy calls through. A new service is one module in
 * this folder and one line here.
 */
export const studioContract = {
  projects: projectsContract,
  connections: connectionsContract,
  mappings: mappingsContract,
  runs: runsContract,
  settings: settingsContract,
  targets: targetsContract,
  sandboxAdmin: sandboxAdminContract,
  assessment: assessmentContract,
  audit: auditContract,
  system: systemContract,
  files: filesContract,
  migration: migrationContract,
  sources: sourcesContract,
  vault: vaultContract,
  syncs: syncsContract,
  notifications: notificationsContract,
  runReports: runReportsContract,
  monitoring: monitoringContract,
  oneRoster: oneRosterContract,
};

/** Every event the engine pushes, by name, with the key a scoped listen selects by (or null). */
export const studioEvents = {
  ...projectsEvents,
  ...runsEvents,
  ...assessmentEvents,
  ...targetsEvents,
  ...sourcesEvents,
  ...monitoringEvents,
};

export type StudioContract = typeof studioContract;
/** Every service's type, derived from its table. The renderer's client is derived from this. */
export type StudioApi = { [S in keyof StudioContract]: ServiceOf<StudioContract[S]> };
