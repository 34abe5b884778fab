import type { TargetCheck } from '../../../shared/model/target';
import type { EventBus } from './event-bus';
import type { ProjectSession } from './project-session';
import { TargetChecksRepo } from '../project/target-checks-repo';
import type { TargetEndpoint } from './target-endpoint';
import type { AcademiaClient } from '../academia/academia-client';
import { checkTarget } from '../academia/check-target';

/**
 * Checks the target with `client`, keeps the outcome in the project's health history and tells
 * every window (`target.checked`), whoever asked: the user on the profile screen, or a run.
 */
export async function runTargetCheck(
  session: ProjectSession,
  bus: EventBus,
  client: AcademiaClient,
  endpoint: TargetEndpoint,
  options: { trigger: TargetCheck['trigger']; runId: string | null; now: () => Date },
): Promise<TargetCheck> {
  const outcome = await checkTarget(client, { trigger: options.trigger, credentials: endpoint.credentials, now: options.now });
  const check = new TargetChecksRepo(session.project).record(outcome, { runId: options.runId, baseUrl: endpoint.client.baseUrl, apiVersion: endpoint.profile.apiVersion });
  bus.emit({ kind: 'event', event: 'target.checked', payload: check });
  return check;
}
