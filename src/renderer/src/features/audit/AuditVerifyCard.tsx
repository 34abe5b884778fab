import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import type { AuditVerification } from '../../stores/audit-store';
import { useAuditStore } from '../../stores/StudioProvider';

/** Re-checks the whole hash chain on demand and says plainly whether it holds. */
export function AuditVerifyCard() {
  const verify = useAuditStore((s) => s.verify);
  const verifying = useAuditStore((s) => s.verifying);
  const verification = useAuditStore((s) => s.verification);

  return (
    <section className="card audit-verify" aria-labelledby="audit-verify-title">
      <div className="card-header">
        <h2 id="audit-verify-title" className="card-title">
          <ShieldCheck aria-hidden="true" size={16} /> Integrity
        </h2>
        <button type="button" className="btn" data-testid="audit-verify" onClick={() => void verify()} disabled={verifying} aria-busy={verifying}>
          {verifying ? <Spinner /> : <ShieldCheck aria-hidden="true" size={16} />}
          Verify chain
        </button>
      </div>
      <p className="field-help">
        Each entry is sealed with a SHA-256 hash that covers the entry before it, so changing, removing or reordering any entry breaks the chain from that point on.
        Verifying reads the whole trail; nothing is changed.
      </p>
      {verification && <VerificationResult result={verification} />}
    </section>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const checked = <span className="muted"> Checked {formatDateTime(result.checkedAt)}.</span>;
  if (result.valid) {
    return (
      <p className="verify-ok" role="status" data-testid="audit-verify-result">
        <ShieldCheck aria-hidden="true" size={16} />
        <span>
          <strong>
            All {formatCount(result.entries)} {result.entries === 1 ? 'entry is' : 'entries are'} intact
          </strong>
          {checked}
        </span>
      </p>
    );
  }
  const bad = result.firstBadEntry;
  return (
    <div className="error-box" role="alert" data-testid="audit-verify-result">
      <ShieldAlert aria-hidden="true" size={18} />
      <div>
        <p>
          <strong>
            {bad === null ? 'The audit trail has been tampered with' : `Entry #${formatCount(bad)} was changed or removed — the audit trail has been tampered with`}
          </strong>
        </p>
        <p>
          {bad !== null && bad > 1 ? `Entries #1 to #${formatCount(bad - 1)} still check out. ` : ''}
          Keep this project file as it is (it is evidence) and compare it with a backup or an earlier export of the trail (academia-studio audit export).
          {checked}
        </p>
      </div>
    </div>
  );
}
