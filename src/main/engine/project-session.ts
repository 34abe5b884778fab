import type { SourceConnector } from './connectors/connector';
import { openConnector } from './connectors/open-connector';
import { ConnectionsRepo } from './project/connections-repo';
import { MappingsRepo } from './project/mappings-repo';
import type { Project } from './project/project';
import { RunsRepo } from './project/runs-repo';
import { StagingRepo } from './project/staging-repo';

/**
 * Everything that lives as long as a project is open: its repositories, the secrets typed in
 * this session (kept in memory only until the vault lands), and the services it started.
 */
export class ProjectSession {
  readonly connections: ConnectionsRepo;
  readonly mappings: MappingsRepo;
  readonly runs: RunsRepo;
  readonly staging: StagingRepo;
  /** Connection id → password, for this session only; never written to the project file. */
  readonly secrets = new Map<string, string>();
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(readonly project: Project) {
    this.connections = new ConnectionsRepo(project);
    this.mappings = new MappingsRepo(project);
    this.runs = new RunsRepo(project);
    this.staging = new StagingRepo(project);
  }

  hasSecret = (id: string): boolean => this.secrets.has(id);

  async openSource(connectionId: string): Promise<SourceConnector> {
    const c = await this.connections.get(connectionId, this.hasSecret);
    return openConnector(c.kind, c.config, this.secrets.get(c.id) ?? null);
  }

  /** Registers something to stop when the project closes (an embedded sandbox, say). */
  onClose(closer: () => Promise<void> | void): void {
    this.closers.push(closer);
  }

  async close(): Promise<void> {
    for (const c of this.closers.splice(0).reverse()) await c();
    this.project.close();
  }
}
