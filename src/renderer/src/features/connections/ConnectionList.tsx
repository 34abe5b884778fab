import { CircleCheck, CircleX, Database, PlugZap, ScanSearch, ShieldAlert, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { ConnectionInfo } from '../../../../shared/model/connection';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useConnectionsStore } from '../../stores/StudioProvider';
import { ConnectionSecret } from './ConnectionSecret';
import { canHavePassword, KIND_LABELS, TLS_HOWTO } from './kind-labels';
import { maskLocation } from './masking';

export function ConnectionList() {
  const connections = useConnectionsStore((s) => s.connections);
  const loaded = useConnectionsStore((s) => s.loaded);
  return (
    <section className="card" aria-labelledby="connections-title">
      <h2 id="connections-title" className="card-title">
        Connections <span className="count-pill">{formatCount(connections.length)}</span>
      </h2>
      {!loaded ? (
        <div className="panel-loading">
          <Spinner /> Loading connections…
        </div>
      ) : connections.length === 0 ? (
        <EmptyState icon={<Database size={28} />} title="No sources yet">
          <p>Add the school's old system below: a database connection string, or the path of exported files.</p>
        </EmptyState>
      ) : (
        <ul className="connection-list" data-testid="connection-list">
          {connections.map((c) => (
            <ConnectionItem key={c.id} connection={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConnectionItem({ connection }: { connection: ConnectionInfo }) {
  const selected = useConnectionsStore((s) => s.selectedId === connection.id);
  const task = useConnectionsStore((s) => s.tasks[connection.id]);
  const select = useConnectionsStore((s) => s.select);
  const test = useConnectionsStore((s) => s.test);
  const discover = useConnectionsStore((s) => s.discover);
  const remove = useConnectionsStore((s) => s.remove);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const last = connection.lastTest;

  return (
    <li className={`connection-item${selected ? ' is-selected' : ''}`} data-testid={`connection-${connection.id}`}>
      <button type="button" className="connection-select" aria-pressed={selected} onClick={() => select(connection.id)}>
        <span className="connection-name" dir="auto" title={connection.name}>
          {connection.name}
        </span>
        <span className="tag">{KIND_LABELS[connection.kind] ?? connection.kind}</span>
        <span className="mono muted connection-location" dir="ltr" title={maskLocation(connection.location)}>
          {maskLocation(connection.location)}
        </span>
      </button>
      <div className="connection-status" aria-live="polite">
        {task === 'test' ? (
          <span className="muted">
            <Spinner size={14} /> Testing…
          </span>
        ) : last ? (
          <>
            <span className={last.ok ? 'status-ok' : 'status-bad'}>
              {last.ok ? <CircleCheck aria-hidden="true" size={14} /> : <CircleX aria-hidden="true" size={14} />}
              {last.ok ? 'Connected' : 'Failed'}
            </span>
            <span className="muted" dir="auto">
              {[last.serverInfo, last.latencyMs !== undefined ? `${formatCount(last.latencyMs)} ms` : null].filter(Boolean).join(' · ') || last.message}
            </span>
            <span className="muted">
              <RelativeTime iso={last.at} />
            </span>
            {last.encrypted === false && (
              <span className="tag tag-warning" data-testid={`unencrypted-${connection.id}`}>
                <ShieldAlert aria-hidden="true" size={12} /> Not encrypted
              </span>
            )}
          </>
        ) : (
          <span className="muted">Not tested yet</span>
        )}
      </div>
      {last && !last.ok && (
        <p className="connection-message" dir="auto">
          {last.message}
        </p>
      )}
      {last?.encrypted === false && (
        <p className="warning-line warning-strong" role="note">
          <ShieldAlert aria-hidden="true" size={14} />
          Unencrypted link: passwords and pupils' data cross the network readable. Turn on TLS on the server
          {TLS_HOWTO[connection.kind] ? ` (${TLS_HOWTO[connection.kind]})` : ''}.
        </p>
      )}
      {(canHavePassword(connection.kind) || connection.secretStatus !== 'missing') && <ConnectionSecret connection={connection} />}
      <div className="connection-actions">
        <button type="button" className="btn btn-small" onClick={() => void test(connection.id)} disabled={task !== undefined} aria-label={`Test ${connection.name}`}>
          <PlugZap aria-hidden="true" size={14} /> Test
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            select(connection.id);
            void discover(connection.id);
          }}
          disabled={task !== undefined}
          aria-label={`Discover the tables of ${connection.name}`}
        >
          {task === 'discover' ? <Spinner size={14} /> : <ScanSearch aria-hidden="true" size={14} />} Discover
        </button>
        {confirmingRemove ? (
          <span className="confirm-inline" role="group" aria-label={`Confirm removing ${connection.name}`}>
            <span>Remove it and its saved catalog? The source itself is not touched.</span>
            <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(connection.id)} disabled={task !== undefined}>
              {task === 'remove' ? <Spinner size={14} /> : null} Remove
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirmingRemove(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => setConfirmingRemove(true)}
            disabled={task !== undefined}
            aria-label={`Remove ${connection.name}`}
          >
            <Trash2 aria-hidden="true" size={14} /> Remove
          </button>
        )}
      </div>
    </li>
  );
}
