import type { ConnectionInfo } from '../../shared/model/connection';
import type { SourceConnector } from './connectors/connector';
import { openConnector } from './connectors/open-connector';
import { ConnectionsRepo, type SecretStatusOf } from './project/connections-repo';
import { AssessmentsRepo } from './project/assessments-repo';
import { CrosswalksRepo } from './project/crosswalks-repo';
import { MappingsRepo } from './project/mappings-repo';
import type { Project } from './project/project';
import { RunsRepo } from './project/runs-repo';
import { StagingRepo } from './project/staging-repo';
import { AuditLog } from './security/audit-log';
import type { KeyStore } from './security/key-store';
import { connectionIdOfSecret, connectionSecretName } from './security/secret-names';
import { Vault } from './security/vault';

/**
 * Everything that lives as long as a project is open: its repositories, its vault (secrets
 * sealed under the user's key, never in plain text) and audit trail, and the services it started.
 */
export class ProjectSession {
  readonly connections: ConnectionsRepo;
  readonly mappings: MappingsRepo;
  readonly crosswalks: CrosswalksRepo;
  readonly runs: RunsRepo;
  readonly staging: StagingRepo;
  readonly assessments: AssessmentsRepo;
  readonly audit: AuditLog;
  readonly vault: Vault;
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(
    readonly project: Project,
    keys: KeyStore,
    now: () => Date,
  ) {
    this.connections = new ConnectionsRepo(project);
    this.mappings = new MappingsRepo(project);
    this.crosswalks = new CrosswalksRepo(project);
    this.runs = new RunsRepo(project);
    this.staging = new StagingRepo(project);
    this.assessments = new AssessmentsRepo(project);
    this.audit = new AuditLog(project.db, { now });
    this.vault = new Vault(project.db, keys, { audit: this.audit, now, describe: (name) => this.describeSecret(name) });
  }

  /** Where each connection's password stands, read once (the vault needs the key for it). */
  async secretStatuses(): Promise<SecretStatusOf> {
    const statuses = new Map<string, ConnectionInfo['secretStatus']>();
    try {
      for (const s of await this.vault.list()) {
        const id = connectionIdOfSecret(s.name);
        if (id) statuses.set(id, s.status);
      }
    } catch {
      // A locked or unreadable key file: whatever is stored cannot be opened by this user now.
      for (const id of this.storedSecretIds()) statuses.set(id, 'needs-reentry');
    }
    return (id) => statuses.get(id) ?? 'missing';
  }

  async openSource(connectionId: string): Promise<SourceConnector> {
    const c = await this.connections.get(connectionId, () => 'missing');
    const name = connectionSecretName(connectionId);
    if (!this.vault.has(name)) return openConnector(c.kind, c.config, null);
    return this.vault.use(name, (password) => openConnector(c.kind, c.config, password));
  }

  /** Registers something to stop when the project closes (an embedded sandbox, say). */
  onClose(closer: () => Promise<void> | void): void {
    this.closers.push(closer);
  }

  async close(): Promise<void> {
    for (const c of this.closers.splice(0).reverse()) await c();
    this.project.close();
  }

  private storedSecretIds(): string[] {
    const names = this.project.db.prepare('SELECT name FROM secrets').pluck().all() as string[];
    return names.map(connectionIdOfSecret).filter((id): id is string => Boolean(id));
  }

  private describeSecret(name: string): string {
    const id = connectionIdOfSecret(name);
    if (!id) return name;
    const row = this.project.db.prepare('SELECT name FROM connections WHERE id = ?').get(id) as { name: string } | undefined;
    return row ? `the password of the connection "${row.name}"` : name;
  }
}
