import { useSettingsStore } from '../../stores/StudioProvider';

const HOST_LABELS = { electron: 'Desktop app', web: 'Web host (browser)', cli: 'Command line' } as const;

export function AboutCard() {
  const system = useSettingsStore((s) => s.system);
  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title" className="card-title">
        About
      </h2>
      {system ? (
        <dl className="definition-list">
          <dt>Product</dt>
          <dd>{system.productName}</dd>
          <dt>Version</dt>
          <dd className="mono">{system.version}</dd>
          <dt>Running as</dt>
          <dd>{HOST_LABELS[system.host] ?? system.host}</dd>
          <dt>Engine</dt>
          <dd className="mono">
            Node {system.node} on {system.platform}
          </dd>
        </dl>
      ) : (
        <p className="muted">The engine has not said its version yet.</p>
      )}
    </section>
  );
}
