import type { IncomingHttpHeaders } from 'node:http';
import type { TargetContract } from '../main/engine/target/contract';
import type { OperationContract } from '../main/engine/target/contract';
import type { ProblemFactory, SandboxAnswer } from './problem';
import type { Principal, SandboxAuth } from './sandbox-auth';
import type { SandboxStore } from './sandbox-store';

/** What every handler may use: the store, the contract and the sandbox's settings. */
export interface SandboxServices {
  store: SandboxStore;
  contract: TargetContract;
  problems: ProblemFactory;
  auth: SandboxAuth;
  clock: () => number;
  baseUrl: () => string;
  limitPerMinute: number;
  limitPerHour: number;
}

/** One request, resolved to its operation. */
export interface HandlerRequest {
  operation: OperationContract;
  /** The raw path (without query string). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body, when the method has one (already size-checked). */
  body: Buffer | null;
  /** Null for operations that need no credentials. */
  principal: Principal | null;
}

export type Handler = (services: SandboxServices, request: HandlerRequest) => SandboxAnswer;
