import { z } from 'zod';
import type { SandboxAdminOverview, SandboxApiClient, SandboxApiVersion, SandboxThrottleException, SandboxThrottleRule } from '../../model/target';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id } from './common';

const perMinute = z.number().int().min(1).max(1_000_000);
const perHour = z.number().int().min(1).max(100_000_000);

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
});

export type SandboxAdminService = ServiceOf<typeof sandboxAdminContract>;
