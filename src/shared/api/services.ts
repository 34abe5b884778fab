/**
 * The services' types, by the names the rest of the studio imports them under. Each service's
 * contract (request schemas, answers, events) lives in its own module in ./contracts/, and its
 * type is derived from there: a method is added in that module, not here.
 */
export type { ProjectExportResult, ProjectsService } from './contracts/projects';
export type { ConnectionsService, FileReadOptions } from './contracts/connections';
export type { AdoptFixResult, MappingsService } from './contracts/mappings';
export type { RunsService } from './contracts/runs';
export type { SettingsService } from './contracts/settings';
export type { TargetsService } from './contracts/targets';
export type { SandboxAdminService } from './contracts/sandbox-admin';
export type { AssessmentService } from './contracts/assessment';
export type { AuditEntryInfo, AuditService } from './contracts/audit';
export type { SystemService } from './contracts/system';
export type { FileGrantInfo, FilesService, FolderEntry, FolderListing } from './contracts/files';
export type { MigrationService } from './contracts/migration';
export type { SourcesService } from './contracts/sources';
export type { VaultService } from './contracts/vault';
export type { NotificationsService } from './contracts/notifications';
export type { RunReportsService } from './contracts/run-reports';
export type { StudioApi } from './contracts/index';
export type { CallOptions } from './contract';

import type { StudioApi } from './contracts/index';

export type ServiceName = keyof StudioApi;
export type MethodName<S extends ServiceName> = keyof StudioApi[S] & string;
