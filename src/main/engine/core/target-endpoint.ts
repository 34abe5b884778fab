import type { TargetProfile } from '../../../shared/model/settings';
import type { AcademiaClientOptions } from '../academia/academia-client';
import type { CheckCredentials } from '../academia/check-target';

/** How to reach the target right now: the client's settings, and the admin side of an embedded sandbox. */
export interface TargetEndpoint {
  profile: TargetProfile;
  client: Pick<AcademiaClientOptions, 'baseUrl' | 'clientId' | 'clientSecret' | 'auth' | 'apiKey' | 'schoolId' | 'apiVersion'>;
  /** What the check's credentials stage needs. */
  credentials: CheckCredentials;
  sandbox: { url: string; adminToken: string } | null;
}
