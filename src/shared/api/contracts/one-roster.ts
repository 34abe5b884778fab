import { z } from 'zod';
import type { BundleExport, BundleReport } from '../../model/oneroster';
import { defineService, method, type ServiceOf } from '../contract';

/**
 * The `oneRoster` service (issue 22 point 7; docs/oneroster.md): the school's data as Academia
 * Pro holds it, written as a OneRoster 1.2 CSV bundle (bulk), and any bundle folder checked
 * against the column-rule table kept in the repo, each finding with its file, line, column and fix.
 */
export const oneRosterContract = defineService({
  /** Writes the bundle into `out` (a new or empty folder; `overwrite` replaces the bundle's files), then validates it. Audited. */
  export: method(z.object({ out: z.string().min(1).max(4096), overwrite: z.boolean().optional() }).strict()).returns<BundleExport>(),
  /** Checks a bundle folder; answers the report (at most `limit` findings listed, every one counted). */
  validate: method(z.object({ dir: z.string().min(1).max(4096), limit: z.number().int().min(1).max(100_000).optional() }).strict()).returns<BundleReport>(),
});

export type OneRosterService = ServiceOf<typeof oneRosterContract>;
