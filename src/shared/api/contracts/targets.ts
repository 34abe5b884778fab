import { z } from 'zod';
import type { TargetProfile } from '../../model/settings';
import type { TargetCheck, TargetProfileInput, TargetRequestStats } from '../../model/target';
import { defineService, globalEvent, method, noParams, type EventsOf, type ServiceOf } from '../contract';
import { id } from './common';

/** The Academia Pro target: its profile, its secret (vault only), connection tests and their history. */
export const targetsContract = defineService({
  get: method(noParams).returns<TargetProfile>(),
  /** Save the profile. Changing the URL, auth method or client id forgets the stored secret. */
  save: method(
    z
      .object({
        name: z.string().min(1).max(200),
        kind: z.enum(['embedded-sandbox', 'remote']),
        baseUrl: z.string().url().max(2000).nullable(),
        apiVersion: z.enum(['v1', 'v2']),
        auth: z.enum(['oauth2', 'api-key', 'jwt']),
        clientId: z.string().min(1).max(200).nullable(),
        schoolId: z.string().min(1).max(200),
      })
      .strict() satisfies z.ZodType<TargetProfileInput>,
  ).returns<TargetProfile>(),
  /** Enter or replace the client secret (OAuth2 / JWT) or API key; kept in the vault, never shown back. */
  setSecret: method(z.object({ secret: z.string().min(1).max(4096) }).strict()).returns<TargetProfile>(),
  forgetSecret: method(noParams).returns<TargetProfile>(),
  /** Health, API info and limits, credentials; recorded in the health history. */
  test: method(noParams).returns<TargetCheck>(),
  /** Newest first. */
  history: method(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<TargetCheck[]>(),
  /** What a run's requests to the target looked like (status codes, retries, latency). */
  requestStats: method(z.object({ runId: id }).strict()).returns<TargetRequestStats>(),
});

export type TargetsService = ServiceOf<typeof targetsContract>;

export const targetsEvents = {
  /** A target connection test finished (by the user or before a run); carries any deprecation notice. */
  'target.checked': globalEvent<TargetCheck>(),
};
export type TargetsEvents = EventsOf<typeof targetsEvents>;
