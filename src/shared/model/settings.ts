/** User-level preferences kept in the project file. */
export interface Settings {
  theme: 'light' | 'dark' | 'system';
  /** Personal data is masked in grids and logs unless the user reveals it. */
  maskPersonalData: boolean;
  batchSize: number;
  /** The name a sign-off shows beside the OS account (`Jane Doe, data manager`); none until set. */
  displayName?: string;
  /**
   * Days the staged rows and rejects of a finished run are kept (`projects.purge`, also on open);
   * null or absent: kept until removed by hand. Run summaries and logs are always kept.
   */
  retentionDays?: number | null;
  /**
   * Minutes between the scheduled health checks of the target and each source while the project
   * is open in the studio (docs/monitoring.md); 0: off. Absent: every 5 minutes.
   */
  healthCheckMinutes?: number;
}

/** Where pushes go. Secrets are never part of this shape. */
export interface TargetProfile {
  name: string;
  /** `embedded-sandbox` starts the local sandbox in-process on a free port. */
  kind: 'embedded-sandbox' | 'remote';
  baseUrl: string | null;
  apiVersion: 'v1' | 'v2';
  auth: 'oauth2' | 'api-key' | 'jwt';
  clientId: string | null;
  hasSecret: boolean;
  schoolId: string;
}
