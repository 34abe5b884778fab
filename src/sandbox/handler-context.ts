import type { IncomingHttpHeaders } from 'node:http';
import type { TargetApiVersion, TargetContract } from '../academia-api/contract';
import type { OperationContract } from '../academia-api/contract';
import type { AttachmentStore } from './attachment-store';
import type { BulkProcessor } from './bulk-processor';
import type { BulkStore } from './bulk-store';
import type { EndpointMonitor } from './endpoint-monitor';
import type { EventLog } from './event-log';
import type { FaultInjector } from './faults';
import type { ProblemFactory, SandboxAnswer } from './problem';
import type { Principal, SandboxAuth } from './sandbox-auth';
import type { SandboxStore } from './sandbox-store';
import type { ThrottlePolicy } from './throttle-policy';
import type { VersionRegistry } from './version-registry';
import type { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookStore } from './webhook-store';

/** What every handler may use: the stores, the contracts and the sandbox's settings. */
export interface SandboxServices {
  store: SandboxStore;
  /** The contract of the version serving shared paths (/health, /oauth/token): the Production one, else the first served. */
  contract: TargetContract;
  /** Every served version's contract. */
  contracts: Map<TargetApiVersion, TargetContract>;
  problems: ProblemFactory;
  auth: SandboxAuth;
  clock: () => number;
  baseUrl: () => string;
  versions: VersionRegistry;
  throttle: ThrottlePolicy;
  events: EventLog;
  attachments: AttachmentStore;
  webhooks: WebhookStore;
  dispatcher: WebhookDispatcher;
  bulk: BulkStore;
  bulkProcessor: BulkProcessor;
  monitor: EndpointMonitor;
  /** Schools announced with knowSchool(): listed as empty, not 404, before their record is written. */
  knownSchools: Set<string>;
  /** The faults injected now: set by --faults at start, changed through the admin API (`/admin/v1/faults`). */
  faults: FaultInjector;
  startedAt: number;
}

/** One request, resolved to its operation. */
export interface HandlerRequest {
  operation: OperationContract;
  /** The contract of the API version the path belongs to. */
  contract: TargetContract;
  /** The raw path (without query string). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body, when the method has one (already size-checked). */
  body: Buffer | null;
  /** Who is calling; null for operations that need no credentials when none were sent. */
  principal: Principal | null;
}

export type Handler = (services: SandboxServices, request: HandlerRequest) => SandboxAnswer | Promise<SandboxAnswer>;
