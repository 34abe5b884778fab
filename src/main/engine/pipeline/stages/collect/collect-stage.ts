import { z } from 'zod';
import { defineStage, type BadRow, type RecordRow } from '../stage';
import { settingsRemarks } from '../stage-helpers';

export const collectSettings = z.object({
  /** Rows to keep (good and bad together); reading stops once this many were seen. */
  limit: z.number().int().min(1).max(10_000),
});
export type CollectSettings = z.infer<typeof collectSettings>;

/**
 * The preview's tail in place of staging: keeps the first `limit` rows as they would be sent,
 * and the bad ones with their reasons, writing nothing. Once it has enough it stops pulling, and
 * the stages before it release their sources.
 */
export const collectStage = defineStage<CollectSettings, RecordRow, RecordRow>({
  kind: 'collect',
  label: 'Collect a preview',
  settings: collectSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings) {
    return settingsRemarks('collect', collectSettings, settings);
  },
  async *process(input, { limit }) {
    let seen = 0;
    for await (const batch of input) {
      const rows: RecordRow[] = batch.rows.slice(0, limit - seen);
      seen += rows.length;
      const bad: BadRow[] = batch.bad.slice(0, limit - seen);
      seen += bad.length;
      yield { rows, bad };
      if (seen >= limit) return;
    }
  },
});
