import type { TargetCheck } from '../../../../shared/model/target';

/** How one stage of a connection test went. `skipped`: not tried because an earlier one failed. */
export type StageState = 'ok' | 'warning' | 'failed' | 'skipped';

/** One step of "test connection" as the result panel shows it. */
export interface CheckStage {
  id: 'health' | 'info' | 'auth';
  label: string;
  state: StageState;
  detail: string;
  latencyMs: number | null;
}

const LABELS: Record<CheckStage['id'], string> = {
  health: 'Service health',
  info: 'API info and limits',
  auth: 'Credentials',
};

/**
 * The three stages of a check, in the order the engine tries them. The engine stops at the
 * first failure, so in a failed check the first stage without an answer is the one that failed
 * (with the check's error) and the ones after it were never tried.
 */
export function checkStages(check: TargetCheck): CheckStage[] {
  let failureSeen = false;
  const missing = (id: CheckStage['id']): CheckStage => {
    if (check.ok) return { id, label: LABELS[id], state: 'skipped', detail: 'Not checked.', latencyMs: null };
    if (failureSeen) return { id, label: LABELS[id], state: 'skipped', detail: 'Not tried: an earlier step failed.', latencyMs: null };
    failureSeen = true;
    return { id, label: LABELS[id], state: 'failed', detail: check.error?.message ?? 'No answer.', latencyMs: null };
  };

  const health: CheckStage = check.health
    ? {
        id: 'health',
        label: LABELS.health,
        state: check.health.status === 'ok' ? 'ok' : 'warning',
        detail: check.health.status === 'ok' ? 'The service answered and says it is healthy.' : 'The service answered but says it is degraded: expect slow or failing requests.',
        latencyMs: check.health.latencyMs,
      }
    : missing('health');

  const info: CheckStage = check.info
    ? {
        id: 'info',
        label: LABELS.info,
        state: check.info.status === 'Deprecated' || check.info.status === 'Retired' ? 'warning' : 'ok',
        detail: `${check.info.name} ${check.info.apiVersion} (document ${check.info.version}), ${check.info.status}.`,
        latencyMs: null,
      }
    : missing('info');

  let auth: CheckStage;
  if (check.auth) {
    const scopes = check.auth.scopes;
    auth = {
      id: 'auth',
      label: LABELS.auth,
      state: check.auth.ok ? 'ok' : 'failed',
      detail: check.auth.ok
        ? `Accepted${scopes ? `, with ${scopes.length} ${scopes.length === 1 ? 'scope' : 'scopes'}` : ''}.`
        : (check.error?.message ?? 'The credentials were refused.'),
      latencyMs: check.auth.latencyMs,
    };
  } else {
    auth = missing('auth');
  }
  return [health, info, auth];
}
