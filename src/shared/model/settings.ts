/** User-level preferences kept in the project file. */
export interface Settings {
  theme: 'light' | 'dark' | 'system';
  /** Personal data is masked in grids and logs unless the user reveals it. */
  maskPersonalData: boolean;
  batchSize: number;
  /** The name a sign-off shows beside the OS account (`Jane Doe, data manager`); none until set. */
  displayName?: string;
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
