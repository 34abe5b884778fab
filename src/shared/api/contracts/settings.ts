import { z } from 'zod';
import type { Settings, TargetProfile } from '../../model/settings';
import { defineService, method, noParams, type ServiceOf } from '../contract';

/** Preferences (the target profile is the targets service's). */
export const settingsContract = defineService({
  get: method(noParams).returns<Settings>(),
  update: method(
    z
      .object({
        theme: z.enum(['light', 'dark', 'system']).optional(),
        maskPersonalData: z.boolean().optional(),
        batchSize: z.number().int().min(1).max(500).optional(),
        displayName: z.string().min(1).max(200).optional(),
      })
      .strict() satisfies z.ZodType<Partial<Settings>>,
  ).returns<Settings>(),
  /** The target profile, as `targets.get` answers it (kept for older clients; use `targets.get`). */
  target: method(noParams).returns<TargetProfile>(),
});

export type SettingsService = ServiceOf<typeof settingsContract>;
