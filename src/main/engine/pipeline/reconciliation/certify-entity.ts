import { createHash } from 'node:crypto';
import type { TargetContract } from '../../../../academia-api/contract';
import type { ReconciliationMismatch } from '../../../../shared/api/contracts/reconcile';
import { canonicalJson } from '../../../../shared/canonical-json';
import type { ReconciliationLine } from '../../../../shared/model/run';
import type { AcademiaClient } from '../../academia/academia-client';
import type { ReconciliationRepo } from '../../project/reconciliation-repo';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../target-ids';
import { comparedFields, comparedForm, differingFields, type ComparedField } from './compared-fields';

/** What a certificate needs of the project file. */
export type CertificateStore = Pick<ReconciliationRepo, 'stagedCount' | 'receiptSummary' | 'openReadBack' | 'comparePage' | 'merged' | 'clearMismatches' | 'addMismatches'>;

/** What a certificate needs of the target: its list endpoints, and one record by id for merged rows (a client without `get` cannot check those). */
export type CertificateClient = Pick<AcademiaClient, 'list'> & Partial<Pick<AcademiaClient, 'get'>>;

/** Staged records compared per page, and mismatches written per flush: what bounds the memory. */
const COMPARE_PAGE = 1000;

export interface CertifyInput {
  runId: string;
  entity: string;
  dryRun: boolean;
  store: CertificateStore;
  client: CertificateClient;
  contract: TargetContract;
  /** The run's counts the certificate repeats (they are not re-read: the source is not opened again). */
  counts: { source: number; rejected: number; filtered: number; merged: number };
  signal?: AbortSignal;
}

/**
 * One entity's reconciliation certificate (docs/reconciliation.md): reads this run's records back
 * through the target's list endpoints (never from push receipts), compares their fields with the
 * staged records under the document's rules (`compared-fields.ts`), hashes both sides in
 * externalId order, lists every mismatch in the project file and answers the entity's line.
 *
 * Memory stays bounded whatever the size: the records read back wait in a temporary table of the
 * project file, the comparison pages through the run's staged records in externalId order, and
 * mismatches are written per page. Reading back costs what `target-ids.ts` costs (only the
 * records changed since the run's first write, then the whole entity only while some of the
 * run's records are still unfound) — it just keeps each found record's fields too.
 */
export async function certifyEntity(input: CertifyInput): Promise<ReconciliationLine> {
  const { runId, entity, dryRun, store, client, contract } = input;
  const fields = comparedFields(contract.entity(entity));
  const declared = new Set(contract.entity(entity).fields.filter((f) => !f.readOnly).map((f) => f.name));
  const pageSize = contract.limits.maxPageSize;
  const total = (await client.list(entity, { limit: 1 })).total;
  const receipts = store.receiptSummary(runId, entity);
  const staged = store.stagedCount(runId, entity);

  const table = store.openReadBack(runId, entity);
  try {
    if (!dryRun && receipts.expected > 0) {
      let windowCoveredAll = false;
      if (receipts.firstWrittenAt !== null) {
        const since = new Date(Date.parse(receipts.firstWrittenAt) - CLOCK_SKEW_ALLOWANCE_MS).toISOString();
        const seen = await readInto(client, entity, { updatedSince: since }, pageSize, table, receipts.expected, declared, input.signal);
        windowCoveredAll = seen !== null && seen >= total;
      }
      if (table.found < receipts.expected && !windowCoveredAll) await readInto(client, entity, {}, pageSize, table, receipts.expected, declared, input.signal);
    }

    store.clearMismatches(runId, entity);
    const compared = compareAll(input, fields);
    const merged = dryRun ? 0 : await checkMerged(input, fields);
    return {
      entity,
      source: input.counts.source,
      staged,
      rejected: input.counts.rejected,
      pushed: receipts.acknowledged,
      target: total,
      mismatches: compared.missing + compared.unanswered + merged,
      filtered: input.counts.filtered,
      merged: input.counts.merged,
      readBack: table.found,
      sourceChecksum: compared.rows ? compared.sourceChecksum : null,
      targetChecksum: dryRun || !compared.rows ? null : compared.targetChecksum,
      checksumMismatches: compared.fieldMismatches,
    };
  } finally {
    table.close();
  }
}

/** Pages through a list, keeping the run's records, until it ends or all `expected` are held. Answers the list's total. */
async function readInto(
  client: CertificateClient,
  entity: string,
  filter: { updatedSince?: string },
  pageSize: number,
  table: ReturnType<CertificateStore['openReadBack']>,
  expected: number,
  declared: Set<string>,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  let cursor: string | undefined;
  let total: number | null = null;
  do {
    signal?.throwIfAborted();
    const page = await client.list(entity, { ...filter, cursor, limit: pageSize });
    total ??= page.total;
    table.hold(
      page.data
        .filter((r) => (r as { deleted?: unknown }).deleted !== true)
        .map((r) => {
          const record = r as Record<string, unknown>;
          const kept: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(record)) if (declared.has(k)) kept[k] = v;
          return { externalId: String(record.externalId), json: canonicalJson(kept) };
        }),
    );
    cursor = page.nextCursor ?? undefined;
  } while (cursor && table.found < expected);
  return total;
}

/** Walks the run's staged records beside what was read back: hashes both sides and writes each mismatch. */
function compareAll(input: CertifyInput, fields: ComparedField[]) {
  const { runId, entity, dryRun, store } = input;
  const source = createHash('sha256');
  const target = createHash('sha256');
  let rows = 0;
  let missing = 0;
  let unanswered = 0;
  let fieldMismatches = 0;
  let after: string | null = null;
  for (;;) {
    const page = store.comparePage(runId, entity, after, COMPARE_PAGE);
    if (!page.length) break;
    const found: ReconciliationMismatch[] = [];
    for (const row of page) {
      // A record the target refused is in the quarantine and counted rejected: nobody expects it there.
      if (row.receipt === 'rejected') continue;
      rows++;
      const staged = JSON.parse(row.payloadJson) as Record<string, unknown>;
      const stagedForm = comparedForm(fields, staged);
      const stagedLine = `${canonicalJson([row.externalId, stagedForm])}\n`;
      source.update(stagedLine);
      if (dryRun) continue;
      if (row.targetJson === null) {
        if (row.receipt === null) unanswered++;
        else missing++;
        found.push({ entity, externalId: row.externalId, field: null, source: stagedForm, target: null, kind: 'missing' });
        continue;
      }
      // A record whose answer never came but that the target holds arrived all the same: compared like the others.
      const held = JSON.parse(row.targetJson) as Record<string, unknown>;
      const heldLine = `${canonicalJson([row.externalId, comparedForm(fields, held)])}\n`;
      target.update(heldLine);
      // Equal compared forms (nearly every record) need no field-by-field look.
      if (heldLine === stagedLine) continue;
      for (const d of differingFields(fields, staged, held)) {
        fieldMismatches++;
        found.push({ entity, externalId: row.externalId, field: d.field, source: d.source, target: d.target, kind: 'field' });
      }
    }
    store.addMismatches(runId, found);
    after = page[page.length - 1].externalId;
    if (page.length < COMPARE_PAGE) break;
  }
  return { rows, missing, unanswered, fieldMismatches, sourceChecksum: source.digest('hex'), targetChecksum: target.digest('hex') };
}

/**
 * A row the run merged into its survivor must not stay a record of its own in the target (an
 * earlier run may have pushed it before the pair was confirmed): each is looked up by its
 * externalId, and one the target still holds is a mismatch. Merged rows are few (confirmed pairs).
 */
async function checkMerged(input: CertifyInput, fields: ComparedField[]): Promise<number> {
  const { runId, entity, store, client } = input;
  let live = 0;
  const found: ReconciliationMismatch[] = [];
  if (!client.get) return 0;
  for (const m of store.merged(runId, entity)) {
    input.signal?.throwIfAborted();
    const record = await client.get(entity, m.externalId);
    if (!record || (record as { deleted?: unknown }).deleted === true) continue;
    live++;
    found.push({ entity, externalId: m.externalId, field: null, source: null, target: comparedForm(fields, record as Record<string, unknown>), kind: 'merged', survivor: m.survivor });
  }
  store.addMismatches(runId, found);
  return live;
}
