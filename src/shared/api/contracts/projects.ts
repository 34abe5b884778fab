import { z } from 'zod';
import type { ProjectInfo, RecentProject } from '../../model/project';
import type { AssessmentReportFile } from '../../model/assessment';
import { privacyRequestSchemas, type PersonEraseResult, type PersonExportResult, type PersonFound, type PurgeResult, type SupportBundleResult } from './privacy';
import { defineService, globalEvent, method, noParams, type EventsOf, type ServiceOf } from '../contract';
import { path } from './common';

/** What `projects.export` wrote. */
export interface ProjectExportResult {
  path: string;
  bytes: number;
  /** Connections (and the target) whose secrets were left out and must be entered again. */
  needsSecrets: { kind: 'connection' | 'target'; id: string; name: string }[];
}

/** Open, create and inspect project files. Only one project is open per engine at a time. */
export const projectsContract = defineService({
  /** The open project, or null. */
  current: method(noParams).returns<ProjectInfo | null>(),
  /** Create a new, empty project file (refuses to overwrite an existing file). */
  create: method(z.object({ path, name: z.string().min(1).max(200).optional() }).strict()).returns<ProjectInfo>(),
  /** Open an existing project file for writing (takes the project lock). */
  open: method(z.object({ path }).strict()).returns<ProjectInfo>(),
  /**
   * Open the demo school project, creating it (source, mapping, target) if needed. `pupils`
   * sizes the generated school when the demo is created (default 2,000); an existing demo keeps its size.
   */
  openDemo: method(z.object({ path: path.optional(), pupils: z.number().int().min(1).max(10_000_000).optional() }).strict()).returns<ProjectInfo>(),
  close: method(noParams).returns<void>(),
  recent: method(noParams).returns<RecentProject[]>(),
  /**
   * Copy the open project to `path` for handing over (a consistent snapshot, even mid-run) with
   * every secret removed; the copy lists the connections whose secrets must be entered again.
   */
  export: method(z.object({ path }).strict()).returns<ProjectExportResult>(),
  /** Write a redacted support bundle of the open project (`support-bundle`): versions, settings, run and check summaries, never a secret or personal data. Audited. */
  supportBundle: method(privacyRequestSchemas.supportBundle).returns<SupportBundleResult>(),
  /** Delete the staged rows and rejects of runs ended more than `retentionDays` ago (also done on open); reports what went. Audited. */
  purge: method(privacyRequestSchemas.purge).returns<PurgeResult>(),
  /** A family's request (issue 21): find a person by key or name in what the project staged. */
  personFind: method(privacyRequestSchemas.personFind).returns<PersonFound[]>(),
  /** Everything the project holds about one person, written to a JSON file readable only by the user. */
  personExport: method(privacyRequestSchemas.personExport).returns<PersonExportResult>(),
  /** The same export as a file for the window to download (JSON text), audited like personExport. */
  personDocument: method(privacyRequestSchemas.personDocument).returns<AssessmentReportFile>(),
  /** Erases one person (and the records about them) from the project and keeps them out of later runs. */
  personErase: method(privacyRequestSchemas.personErase).returns<PersonEraseResult>(),
});

export type ProjectsService = ServiceOf<typeof projectsContract>;

export const projectsEvents = {
  /** A project was opened, created or closed (null: none is open). */
  'project.changed': globalEvent<ProjectInfo | null>(),
};
export type ProjectsEvents = EventsOf<typeof projectsEvents>;
