import './connections.css';
import { NeedsProject } from '../../components/NeedsProject';
import { useConnectionsStore } from '../../stores/StudioProvider';
import { CatalogBrowser } from './CatalogBrowser';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionList } from './ConnectionList';

export function SourcesScreen() {
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Sources</h1>
          <p className="screen-subtitle">The legacy systems to migrate from: databases, spreadsheets and exported files.</p>
        </div>
      </header>
      <NeedsProject what="Source connections">
        <SourcesBody />
      </NeedsProject>
    </div>
  );
}

function SourcesBody() {
  const selectedId = useConnectionsStore((s) => s.selectedId);
  return (
    <div className="sources-layout">
      <div className="stack sources-side">
        <ConnectionList />
        <ConnectionForm />
      </div>
      {selectedId ? <CatalogBrowser connectionId={selectedId} /> : <div className="card muted">Add a source to browse its tables and rows.</div>}
    </div>
  );
}
