import type { TargetContract } from '../../../academia-api/contract';
import type { AcademiaClient } from '../academia/academia-client';

/** A ready connection to Academia Pro (or its sandbox) plus the contract that describes it. */
export interface TargetSession {
  client: AcademiaClient;
  contract: TargetContract;
  schoolId: string;
  baseUrl: string;
  /** The embedded sandbox's admin side (its URL and admin token); null for a remote target. */
  sandbox: { url: string; adminToken: string } | null;
}
