import { StudioError } from '../../../shared/errors';
import { EMPTY_SHAPE, type Batch, type BadRow, type PlannedStage, type PlanEnv, type Remark, type RowShape, type StageContext, type StageKind } from './stages/stage';

/** The stages that load one entity, in data-flow order. */
export interface EntityPlan {
  entity: string;
  stages: PlannedStage[];
}

/** What came out of a plan's last stage. */
export interface PlanOutput<Out> {
  rows: Out[];
  bad: BadRow[];
}

/**
 * Runs a plan: each stage pulls batches from the one before it (the head, `read`, pulls from
 * nothing), and the executor pulls from the last, so the source is read only as fast as the
 * slowest stage takes batches (back-pressure), and a failure or cancellation anywhere unwinds
 * every stage's `finally`. The executor knows no stage by name: what a stage does is its own.
 */
export async function runPlan<Out = unknown>(plan: EntityPlan, ctx: StageContext): Promise<PlanOutput<Out>> {
  let stream: AsyncIterable<Batch<unknown>> = nothing();
  for (const p of plan.stages) stream = p.stage.process(stream, settingsOf(plan, p), ctx);
  const out: PlanOutput<Out> = { rows: [], bad: [] };
  for await (const batch of stream) {
    for (const row of batch.rows) out.rows.push(row as Out);
    for (const b of batch.bad) out.bad.push(b);
  }
  return out;
}

/** Each stage's output shape, computed without running anything (Hop's `getFields`, chained). */
export function planFields(plan: EntityPlan, env: PlanEnv): { stage: StageKind; shape: RowShape }[] {
  const out: { stage: StageKind; shape: RowShape }[] = [];
  let shape = EMPTY_SHAPE;
  for (const p of plan.stages) {
    const settings = p.stage.settings.safeParse(p.settings);
    if (!settings.success) break;
    shape = p.stage.fields(settings.data, shape, env);
    out.push({ stage: p.stage.kind, shape });
  }
  return out;
}

/** Every stage's remarks, each checked against the shape the stages before it produce (Hop's `check`). */
export function checkPlan(plan: EntityPlan, env: PlanEnv): Remark[] {
  const remarks: Remark[] = [];
  let shape = EMPTY_SHAPE;
  for (const p of plan.stages) {
    remarks.push(...p.stage.check(p.settings, shape, env));
    const settings = p.stage.settings.safeParse(p.settings);
    shape = settings.success ? p.stage.fields(settings.data, shape, env) : EMPTY_SHAPE;
  }
  return remarks;
}

function settingsOf(plan: EntityPlan, p: PlannedStage): unknown {
  const parsed = p.stage.settings.safeParse(p.settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StudioError(
    'RUN_FAILED',
    `The ${p.stage.kind} stage of ${plan.entity} cannot run: ${['settings', ...issue.path.map(String)].join('.')}: ${issue.message}`,
    'Check the mapping of this entity on the Mapping screen, then start the run again.',
  );
}

// eslint-disable-next-line require-yield -- the empty stream the head stage is given
async function* nothing(): AsyncGenerator<Batch<never>> {
  return;
}
