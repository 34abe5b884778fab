import { Database, FileText, Play, Route, X } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useNavigationStore, useProjectStore } from '../../stores/StudioProvider';

/** The open project: name, file, stage and what it holds. */
export function CurrentProjectCard() {
  const project = useProjectStore((s) => s.project);
  const loaded = useProjectStore((s) => s.loaded);
  const busy = useProjectStore((s) => s.busy);
  const close = useProjectStore((s) => s.close);
  const go = useNavigationStore((s) => s.go);

  if (!project) {
    return (
      <section className="card" aria-labelledby="current-project-title">
        <h2 id="current-project-title" className="card-title">
          Open project
        </h2>
        {loaded ? (
          <EmptyState icon={<FileText size={28} />} title="No project is open">
            <p>Open the demo school to look around, open a project file, or create a new one below.</p>
          </EmptyState>
        ) : (
          <div className="panel-loading">
            <Spinner /> Asking the engine which project is open…
          </div>
        )}
      </section>
    );
  }

  const counts = [
    { label: 'Sources', value: project.counts.connections, icon: Database, screen: 'sources' as const },
    { label: 'Mappings', value: project.counts.mappings, icon: Route, screen: null },
    { label: 'Runs', value: project.counts.runs, icon: Play, screen: 'runs' as const },
  ];

  return (
    <section className="card" aria-labelledby="current-project-title">
      <div className="card-header">
        <h2 id="current-project-title" className="card-title">
          Open project
        </h2>
        <button type="button" className="btn btn-ghost" onClick={() => void close()} disabled={busy !== null}>
          {busy === 'close' ? <Spinner /> : <X aria-hidden="true" size={16} />}
          Close project
        </button>
      </div>
      <div className="project-summary">
        <p className="project-title" dir="auto">
          {project.name} {project.isDemo && <span className="tag">Demo</span>}
        </p>
        <p className="mono muted project-path" dir="auto" title={project.path}>
          {project.path}
        </p>
        <dl className="facts">
          <div>
            <dt>Stage</dt>
            <dd>{project.migrationStatus}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <RelativeTime iso={project.createdAt} />
            </dd>
          </div>
          <div>
            <dt>File format</dt>
            <dd>version {project.schemaVersion}</dd>
          </div>
        </dl>
        <ul className="count-tiles">
          {counts.map(({ label, value, icon: Icon, screen }) => (
            <li key={label}>
              {screen ? (
                <button type="button" className="count-tile" onClick={() => go(screen)} aria-label={`${formatCount(value)} ${label.toLowerCase()}: open ${label}`}>
                  <Icon aria-hidden="true" size={18} />
                  <span className="count-tile-value">{formatCount(value)}</span>
                  <span className="count-tile-label">{label}</span>
                </button>
              ) : (
                <div className="count-tile">
                  <Icon aria-hidden="true" size={18} />
                  <span className="count-tile-value">{formatCount(value)}</span>
                  <span className="count-tile-label">{label}</span>
                </div>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
