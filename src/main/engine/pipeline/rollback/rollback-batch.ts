import { createHash } from 'node:crypto';
import type { TargetContract } from '../../../../academia-api/contract';
import type { BatchDeleteResult, BatchResult, ProblemDetails, TargetRecord } from '../../../../academia-api/wire-types';
import { canonicalJson } from '../../../../shared/canonical-json';
import type { AcademiaClient } from '../../academia/academia-client';
import type { PendingRollbackItem, RollbackAction, RollbackItemOutcome } from '../../project/rollback-repo';
import { writableJson } from '../writable-fields';

/** What a rollback asks of the target: batch writes and deletes, and a read to tell a restore already in place from a change. */
export type RollbackClient = Pick<AcademiaClient, 'pushBatch' | 'removeBatch' | 'get'>;

/**
 * The Idempotency-Key of one rollback batch: the rolled-back run, the entity, the action and the
 * batch's canonical JSON. A resumed rollback's first batch is the one it was sending when it
 * stopped (pages start at the first record not checkpointed), so it sends the same key and the
 * target replays its first answer instead of meeting its own write as a conflict.
 */
export function rollbackKeyFor(sourceRunId: string, entity: string, action: RollbackAction, records: unknown[]): string {
  return createHash('sha256').update(`rollback\n${sourceRunId}\n${entity}\n${action}\n${canonicalJson(records)}`).digest('hex');
}

/**
 * Sends one page of a rollback and says what became of each record. Deletes go to the batch
 * delete, restores to the batch upsert with the pre-image's writable fields; both carry the
 * version the run left the record at, so the target refuses (412) a record changed since: a
 * conflict, never an overwrite. A restore refused that way is read once more: when it already
 * holds the pre-image (put back by hand, or by a rollback whose answer was lost), it counts as
 * unchanged rather than as a conflict.
 */
export async function rollbackBatch(
  client: RollbackClient,
  contract: TargetContract,
  sourceRunId: string,
  entity: string,
  action: RollbackAction,
  page: PendingRollbackItem[],
): Promise<RollbackItemOutcome[]> {
  if (action === 'delete') {
    const records = page.map((p) => (p.version === null ? { externalId: p.externalId } : { externalId: p.externalId, version: p.version }));
    const results = await client.removeBatch(entity, records, rollbackKeyFor(sourceRunId, entity, action, records));
    return results.map((r, i) => deleteOutcome(r, page[i]));
  }
  const outcomes: RollbackItemOutcome[] = [];
  const sendable: PendingRollbackItem[] = [];
  for (const p of page) {
    if (p.preimage) sendable.push(p);
    else
      outcomes.push({
        externalId: p.externalId,
        action,
        outcome: 'conflict',
        code: 'NO_PREIMAGE',
        reason: 'The run updated this record but kept no pre-image of it (it ran before pre-images were kept, or the retention policy has purged them), so there is nothing to restore; check it by hand.',
        expectedVersion: p.version,
      });
  }
  if (!sendable.length) return outcomes;
  const records = sendable.map((p) => ({ ...(p.preimage as { record: Record<string, unknown> }).record, externalId: p.externalId, ...(p.version === null ? {} : { version: p.version }) }));
  const results = await client.pushBatch(entity, records, rollbackKeyFor(sourceRunId, entity, action, records));
  for (let i = 0; i < results.length; i++) outcomes.push(await restoreOutcome(client, contract, entity, results[i], sendable[i]));
  return outcomes;
}

function deleteOutcome(r: BatchDeleteResult, item: PendingRollbackItem): RollbackItemOutcome {
  const base = { externalId: item.externalId, action: 'delete' as const, expectedVersion: item.version };
  if (r.status === 'deleted') return { ...base, outcome: 'deleted' };
  if (r.status === 'not-found') return { ...base, outcome: 'unchanged', reason: 'Already gone from Academia Pro.' };
  return { ...base, outcome: 'conflict', targetVersion: r.version, ...conflictOf(r.errors, item, r.version) };
}

async function restoreOutcome(client: RollbackClient, contract: TargetContract, entity: string, r: BatchResult, item: PendingRollbackItem): Promise<RollbackItemOutcome> {
  const base = { externalId: item.externalId, action: 'restore' as const, expectedVersion: item.version };
  if (r.status === 'updated') return { ...base, outcome: 'restored' };
  if (r.status === 'unchanged') return { ...base, outcome: 'unchanged', reason: 'Already as before the run.' };
  if (r.status === 'created') return { ...base, outcome: 'restored', reason: 'Written again: it had been deleted since the run.' };
  const conflict = conflictOf(r.errors, item, r.version);
  if (conflict.code === 'CHANGED_SINCE') {
    const now: TargetRecord | null = await client.get(entity, item.externalId);
    if (now && item.preimage && writableJson(contract, entity, now) === writableJson(contract, entity, item.preimage.record)) {
      return { ...base, outcome: 'unchanged', reason: 'Already as before the run.', targetVersion: now.version };
    }
  }
  return { ...base, outcome: 'conflict', targetVersion: r.version, ...conflict };
}

/** A refusal in words for a person: what the target said, and what it means for this record. */
function conflictOf(errors: ProblemDetails[], item: PendingRollbackItem, targetVersion: number | null): { code: string; reason: string } {
  const problem = errors[0];
  if (problem?.status === 412 || problem?.code === 'version-mismatch') {
    return {
      code: 'CHANGED_SINCE',
      reason:
        targetVersion === null
          ? `Deleted in Academia Pro since the run (the run left it at version ${item.version ?? '?'}); not written back.`
          : `Changed in Academia Pro since the run (now version ${targetVersion}, the run left version ${item.version ?? '?'}); not overwritten.`,
    };
  }
  if (problem?.status === 409) return { code: 'STILL_REFERENCED', reason: `${problem.detail ?? 'Other records still point at it.'} Not deleted.` };
  return { code: problem?.code ?? 'TARGET_REJECTED', reason: problem?.detail ?? problem?.title ?? 'Refused by Academia Pro.' };
}
