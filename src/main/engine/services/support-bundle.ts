import { dirname, resolve } from 'node:path';
import type { SupportBundleResult } from '../../../shared/api/contracts/privacy';
import { StudioError } from '../../../shared/errors';
import type { Settings } from '../../../shared/model/settings';
import { makeOwnerOnlyDir, writeOwnerOnlyFile } from '../../../platform/owner-only';
import { STUDIO_VERSION } from '../../../platform/version';
import type { ProjectSession } from '../core/project-session';

/** Bumped when a field of the bundle changes meaning; fields are only ever added. */
export const SUPPORT_BUNDLE_FORMAT = 1;

/** Audit object kinds whose part after the colon is an id or a code-table name, never a person or a path. */
const ID_OBJECTS = new Set(['connection', 'mapping', 'run', 'assessment', 'crosswalk', 'match', 'sandbox-version', 'sandbox-rule', 'sandbox-exception', 'sandbox-client']);

/**
 * The redacted support bundle (issue 21, point 1): what a supporter needs to understand a project's
 * trouble — versions, settings, what each run did and logged, assessments' scores, the target's
 * health history, the audit trail's shape — and nothing that identifies a pupil or opens a door.
 * Built by allow-list: every field is picked by name from the project file, so a column added
 * later stays out until someone decides it belongs here. Left out on purpose: secrets (the vault
 * is never read), staged records, rejects' rows, assessment examples, connection names and
 * locations (a location can carry a user or host name), the target's address and client id, the
 * display name, run error messages (they may quote a value; their codes stay) and audit summaries
 * and actors (the entries keep their sequence, time, action and object id, so the chain's shape
 * shows). Written owner-only in one step; an existing file is replaced only with `overwrite`.
 */
export function writeSupportBundle(session: ProjectSession, out: string, options: { overwrite?: boolean; now: Date }): SupportBundleResult {
  const db = session.project.db;
  const all = <T>(sql: string): T[] => db.prepare(sql).all() as T[];
  const settings = session.project.settings();
  const target = session.project.target();

  const runs = session.runs.list(10_000).map((r) => ({
    runId: r.runId,
    operation: r.operation,
    status: r.status,
    dryRun: r.dryRun,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    durationMs: r.durationMs,
    counters: r.counters,
    steps: r.steps.map((s) => ({ entity: s.entity, status: s.status, counters: s.counters, estimate: s.estimate, startedAt: s.startedAt, endedAt: s.endedAt })),
    reconciliation: r.reconciliation,
    errorCode: r.error?.code ?? null,
  }));
  const runEvents = all<{ seq: number; run_id: string; at: string; level: string; entity: string | null; message: string }>(
    'SELECT seq, run_id, at, level, entity, message FROM run_events ORDER BY seq',
  ).map((e) => ({ seq: e.seq, runId: e.run_id, at: e.at, level: e.level, entity: e.entity, message: e.message }));
  const assessments = session.assessments.list().map((a) => ({
    assessmentId: a.assessmentId,
    connectionId: a.connectionId,
    status: a.status,
    startedAt: a.startedAt,
    endedAt: a.endedAt,
    score: a.score,
    complexity: a.complexity,
    findings: a.findings,
    errorCode: a.error?.code ?? null,
  }));
  const targetChecks = all<{ id: number; at: string; ok: number; trigger: string; run_id: string | null; api_version: string; health_json: string | null; auth_json: string | null; error_json: string | null }>(
    'SELECT id, at, ok, trigger, run_id, api_version, health_json, auth_json, error_json FROM target_checks ORDER BY id',
  ).map((c) => {
    const health = c.health_json ? (JSON.parse(c.health_json) as { status?: string; latencyMs?: number }) : null;
    const auth = c.auth_json ? (JSON.parse(c.auth_json) as { ok?: boolean; latencyMs?: number | null }) : null;
    const error = c.error_json ? (JSON.parse(c.error_json) as { code?: string }) : null;
    return {
      id: c.id,
      at: c.at,
      ok: c.ok === 1,
      trigger: c.trigger,
      runId: c.run_id,
      apiVersion: c.api_version,
      health: health ? { status: health.status ?? null, latencyMs: health.latencyMs ?? null } : null,
      auth: auth ? { ok: auth.ok ?? null, latencyMs: auth.latencyMs ?? null } : null,
      errorCode: error?.code ?? null,
    };
  });
  const auditEntries = all<{ seq: number; at: string; action: string; object: string }>('SELECT seq, at, action, object FROM audit_log ORDER BY seq').map((e) => ({
    seq: e.seq,
    at: e.at,
    action: e.action,
    object: auditObjectId(e.object),
  }));

  const bundle = {
    format: 'academia-studio-support-bundle',
    formatVersion: SUPPORT_BUNDLE_FORMAT,
    createdAt: options.now.toISOString(),
    versions: {
      studio: STUDIO_VERSION,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      sqlite: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      platform: process.platform,
      arch: process.arch,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    },
    project: {
      migrationStatus: session.project.meta('migrationStatus'),
      isDemo: session.project.meta('isDemo') === 'true',
    },
    settings: bundledSettings(settings),
    target: { kind: target.kind, apiVersion: target.apiVersion, auth: target.auth, hasSecret: target.hasSecret },
    connections: all<{ id: string; kind: string }>('SELECT id, kind FROM connections ORDER BY created_at'),
    mappings: all<{ id: string; entity: string; connectionId: string; updatedAt: string }>('SELECT id, entity, connection_id AS connectionId, updated_at AS updatedAt FROM mappings ORDER BY id'),
    runs,
    runEvents,
    assessments,
    targetChecks,
    auditEntries,
  };

  const file = resolve(out);
  try {
    makeOwnerOnlyDir(dirname(file));
  } catch (err) {
    throw new StudioError('PROJECT_READ_ONLY', `The studio could not create the folder for the support bundle ${file}.`, 'Check that you may write to that folder, or choose another.', { where: { file }, cause: err });
  }
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  writeOwnerOnlyFile(file, text, { overwrite: options.overwrite, existsHint: 'Choose another file name, or add --overwrite (overwrite: true) to replace it.' });
  const result: SupportBundleResult = {
    file,
    bytes: Buffer.byteLength(text),
    runs: runs.length,
    runEvents: runEvents.length,
    assessments: assessments.length,
    targetChecks: targetChecks.length,
    auditEntries: auditEntries.length,
  };
  session.audit.append({
    action: 'project.support-bundle',
    object: 'project',
    summary: `Wrote a redacted support bundle (${result.bytes} bytes: ${result.runs} runs, ${result.runEvents} run events, ${result.auditEntries} audit entries).`,
  });
  return result;
}

/** The settings a supporter may see: no display name (a person's name), nothing else unnamed. */
function bundledSettings(s: Settings): Record<string, unknown> {
  return { theme: s.theme, maskPersonalData: s.maskPersonalData, batchSize: s.batchSize, retentionDays: s.retentionDays ?? null, displayNameSet: s.displayName !== undefined };
}

/** An audit entry's object, its id kept only for kinds whose id names no person and no path. */
export function auditObjectId(object: string): string {
  const colon = object.indexOf(':');
  if (colon < 0) return object;
  const kind = object.slice(0, colon);
  return ID_OBJECTS.has(kind) ? object : `${kind}:[redacted]`;
}
