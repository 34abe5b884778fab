import type { EmbeddedTargetStarter } from '../../../academia-api/embedded-target';
import type { ConnectionInfo } from '../../../shared/model/connection';
import type { SourceConnector } from '../connectors/connector';
import { openConnector, type ConnectorGuard } from '../connectors/open-connector';
import { connectionFilePaths } from '../connectors/source-location';
import { demoLegacyFileFor } from '../demo/demo-project';
import { ConnectionsRepo, type SecretStatusOf } from '../project/connections-repo';
import { AssessmentsRepo } from '../project/assessments-repo';
import { CrosswalksRepo } from '../project/crosswalks-repo';
import { JoinIndexRepo } from '../project/join-index-repo';
import { MappingsRepo } from '../project/mappings-repo';
import type { Project } from '../project/project';
import { RunsRepo } from '../project/runs-repo';
import { StagingRepo } from '../project/staging-repo';
import { AuditCheckpoints } from '../security/audit-checkpoint';
import { AuditKeys } from '../security/audit-key';
import { AuditLog } from '../security/audit-log';
import type { KeyStore } from '../security/key-store';
import type { PathGrants } from '../security/path-grants';
import { connectionIdOfSecret, connectionSecretName } from '../security/secret-names';
import { Vault } from '../security/vault';

/**
 * Everything that lives as long as a project is open: its repositories, its vault (secrets
 * sealed under the user's key, never in plain text) and audit trail, and the services it started.
 */
export class ProjectSession {
  readonly connections: ConnectionsRepo;
  readonly mappings: MappingsRepo;
  readonly crosswalks: CrosswalksRepo;
  /** The joins' index in the project file; emptied on open (the lock means no join of another process is running). */
  readonly joinIndex: JoinIndexRepo;
  readonly runs: RunsRepo;
  readonly staging: StagingRepo;
  readonly assessments: AssessmentsRepo;
  readonly audit: AuditLog;
  readonly vault: Vault;
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(
    readonly project: Project,
    private readonly keys: KeyStore,
    now: () => Date,
    /** What sources may read; null only for sessions that never open a source from the API. */
    private readonly grants: PathGrants | null = null,
    /** How the host starts the embedded sandbox; null where none can be started. */
    readonly embeddedTarget: EmbeddedTargetStarter | null = null,
  ) {
    this.connections = new ConnectionsRepo(project);
    this.mappings = new MappingsRepo(project);
    this.crosswalks = new CrosswalksRepo(project);
    this.joinIndex = new JoinIndexRepo(project.db);
    this.joinIndex.clear();
    this.runs = new RunsRepo(project);
    this.staging = new StagingRepo(project);
    this.assessments = new AssessmentsRepo(project);
    this.audit = new AuditLog(project.db, { now, checkpoints: new AuditCheckpoints(keys.configDir) });
    this.vault = new Vault(project.db, keys, { audit: this.audit, now, describe: (name) => this.describeSecret(name) });
  }

  /**
   * Gives the audit trail this user's audit key (derived from the vault key, created on first use
   * like the vault does), so every entry from now on carries a MAC. Called once when the project
   * is opened. A key that cannot be unlocked (a passphrase-only key and no passphrase) does not stop
   * the project from opening: entries are then written without a MAC, and `audit verify` reports
   * them, so unattended jobs give APSTUDIO_VAULT_PASSPHRASE.
   */
  async unlockAudit(log: (message: string) => void = (m) => console.warn(m)): Promise<boolean> {
    try {
      this.audit.useKeys(AuditKeys.fromKeyring(await this.keys.openOrCreate()));
      return true;
    } catch (err) {
      log(`The audit trail of ${this.project.path} is written without MACs in this session: the vault key could not be unlocked (${err instanceof Error ? err.message : String(err)}).`);
      return false;
    }
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
    const guard = this.sourceGuard(c.id, c.kind, c.config);
    const name = connectionSecretName(connectionId);
    if (!this.vault.has(name)) return openConnector(c.kind, c.config, null, guard);
    return this.vault.use(name, (password) => openConnector(c.kind, c.config, password, guard));
  }

  /**
   * A saved connection counts as granted (the project vouches for it), but the studio's own files
   * are refused whatever the project says, and a folder or zip leaves them out of its listing.
   */
  private sourceGuard(id: string, kind: ConnectionInfo['kind'], config: ConnectionInfo['config']): ConnectorGuard {
    if (!this.grants) return {};
    const allowed = [demoLegacyFileFor(this.project.path)];
    for (const file of connectionFilePaths(kind, config)) {
      try {
        this.grants.refuseProtected(file, allowed);
      } catch (err) {
        this.audit.append({ action: 'source.refuse', object: `connection:${id}`, summary: `Refused to read ${file} for a saved connection.` });
        throw err;
      }
    }
    const files = this.grants.fileGuard(allowed);
    return { excludeFile: files.excludes };
  }

  /** Registers something to stop when the project closes (an embedded sandbox, say). */
  onClose(closer: () => Promise<void> | void): void {
    this.closers.push(closer);
  }

  async close(): Promise<void> {
    for (const c of this.closers.splice(0).reverse()) await c();
    this.audit.writeCheckpoint();
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
