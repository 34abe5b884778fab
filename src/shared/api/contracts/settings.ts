import { z } from 'zod';
import type { Settings } from '../../model/settings';
import { defineService, method, noParams, type ServiceOf } from '../contract';

/** Preferences. The target profile is `targets.get` (a `settings.target` that repeated it is gone, #12). */
export const settingsContract = defineService({
  get: method(noParams).returns<Settings>(),
  update: method(
    z
      .object({
        theme: z.enum(['light', 'dark', 'system']).optional(),
        maskPersonalData: z.boolean().optional(),
        batchSize: z.number().int().min(1).max(500).optional(),
        displayName: z.string().min(1).max(200).optional(),
        retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
        healthCheckMinutes: z.number().int().min(0).max(1440).optional(),
      })
      .strict() satisfies z.ZodType<Partial<Settings>>,
  ).returns<Settings>(),
});

export type SettingsService = ServiceOf<typeof settingsContract>;
