import type { SandboxAdminOverview } from '../../../../shared/model/target';
import { ThrottleExceptionForm } from './ThrottleExceptionForm';
import { ThrottleExceptions } from './ThrottleExceptions';
import { ThrottleRules } from './ThrottleRules';

/** Throttle rules (the standing limits) and exceptions (temporary limits for one client, e.g. a migration window). */
export function ThrottlingSection({ overview }: { overview: SandboxAdminOverview }) {
  const defaultRule = overview.throttleRules.find((r) => r.clientId === null) ?? null;
  const activeClients = overview.clients.filter((c) => c.status === 'active').map((c) => c.clientId);
  return (
    <div className="throttling-layout">
      <section className="stack stack-tight" aria-labelledby="throttle-rules-title">
        <h3 id="throttle-rules-title" className="section-title">
          Rules
        </h3>
        <ThrottleRules rules={overview.throttleRules} />
      </section>
      <section className="stack stack-tight" aria-labelledby="throttle-exceptions-title">
        <h3 id="throttle-exceptions-title" className="section-title">
          Exceptions
        </h3>
        <ThrottleExceptions exceptions={overview.throttleExceptions} />
        <ThrottleExceptionForm clients={activeClients} defaultLimits={defaultRule} />
      </section>
    </div>
  );
}
