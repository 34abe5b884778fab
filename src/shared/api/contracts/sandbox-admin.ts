import { z } from 'zod';
import type { SandboxAdminOverview, SandboxApiClient, SandboxFaultProfile, SandboxApiVersion, SandboxThrottleException, SandboxThrottleRule } from '../../model/target';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id } from './common';

const perMinute = z.number().int().min(1).max(1_000_000);
const perHour = z.number().int().min(1).max(100_000_000);
const probability = z.number().min(0).max(1);

/** A fault profile to set: every field, so what is sent is what the sandbox does. */
export const sandboxFaultProfileSchema = z
  .object({ serverError: probability, timeout: probability, reset: probability, burst429: probability, latencyMs: z.number().int().min(0).max(60_000), down: z.boolean() })
  .strict();

/**
 * The sandbox's admin API (seed API_MANAGEMENT) when the target is the embedded sandbox or a
 * standalone `academia-studio sandbox` whose admin token is in the vault.
 */
export const sandboxAdminContract = defineService({
  overview: method(noParams).returns<SandboxAdminOverview>(),
  /** For a standalone sandbox: its admin token (printed when it starts), kept in the vault. */
  setAdminToken: method(z.object({ token: z.string().min(1).max(4096) }).strict()).returns<void>(),
  /** Making a version Production deprecates the former one (its answers carry Deprecation / Sunset). */
  setVersionStatus: method(
    z.object({ version: z.string().min(1).max(20), status: z.enum(['Development', 'Testing', 'Production', 'Deprecated']), sunsetAt: z.string().datetime({ offset: true }).optional() }).strict(),
  ).returns<SandboxApiVersion>(),
  revokeClient: method(z.object({ clientId: id }).strict()).returns<SandboxApiClient>(),
  updateThrottleRule: method(z.object({ id, perMinute, perHour, description: z.string().max(500).optional() }).strict()).returns<SandboxThrottleRule>(),
  createThrottleException: method(
    z
      .object({ clientId: id, perMinute, perHour, startsAt: z.string().datetime({ offset: true }), endsAt: z.string().datetime({ offset: true }), reason: z.string().max(500).optional() })
      .strict(),
  ).returns<SandboxThrottleException>(),
  deleteThrottleException: method(z.object({ id }).strict()).returns<void>(),
  /** The faults the sandbox injects now (issue 20: a control instead of the `--faults` flag alone). */
  faults: method(noParams).returns<SandboxFaultProfile>(),
  /** Changes the injected faults from the sandbox's next request on; `down` makes every API call answer 503. */
  setFaults: method(sandboxFaultProfileSchema).returns<SandboxFaultProfile>(),
});

export type SandboxAdminService = ServiceOf<typeof sandboxAdminContract>;
