/** The Academia Pro sandbox: a local server that implements the API document for rehearsals and tests. */
export { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxRequestLog } from './sandbox-server';
export { parseFaults, NO_FAULTS, type FaultPlan } from './faults';
export { ManualScheduler, TimerScheduler, type SandboxScheduler } from './scheduler';
export type { ProblemDetails, WireBatchResult } from '../academia-api/wire-types';
