import type { TargetApiVersion } from './contract';

/**
 * The embedded sandbox as the engine sees it: an Academia Pro API on loopback, with the
 * credentials of its one client and the token of its admin API. The engine never imports the
 * sandbox (docs/architecture.md, "Walls"): a host starts it with an `EmbeddedTargetStarter` it
 * hands the engine, in-process, in a worker or in a child process as it sees fit.
 */
export interface EmbeddedTarget {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** The same client's key for the X-Api-Key scheme. */
  apiKey: string;
  /** The bearer token of the admin API at <url>/admin/v1. */
  adminToken: string;
  /** Tells the sandbox the school a project loads into before anything is written (see the sandbox's own doc). */
  knowSchool(externalId: string): void | Promise<void>;
  close(): Promise<void>;
}

/** Starts an embedded sandbox keeping its data in `dataFile` and serving `apiVersions`. */
export type EmbeddedTargetStarter = (options: { dataFile: string; apiVersions: TargetApiVersion[] }) => Promise<EmbeddedTarget>;
