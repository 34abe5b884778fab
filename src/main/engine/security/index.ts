/**
 * The vault and the audit trail: what services, hosts and the CLI import. See docs/security.md
 * for where keys live and how an unattended job opens them.
 */
export { KeyStore, PASSPHRASE_ENV, MIN_PASSPHRASE_LENGTH, type KeyStoreOptions, type KeyFileInfo, type PassphraseRequest } from './key-store';
export { DEFAULT_SCRYPT_COST, type KeyWrapper, type KeySlotKind, type ScryptCost } from './key-slots';
export { KEY_FILE_NAME, keyFilePath } from './key-file';
export { Keyring, keyIdOf, type DataKey } from './keyring';
export { Vault, EXPORTED_KEY_ID, type SecretStatus, type SecretInfo, type RotationResult, type VaultKeySource, type VaultOptions } from './vault';
export { SECRET_PURPOSES, TARGET_CLIENT_SECRET_NAME, connectionSecretName, connectionIdOfSecret } from './secret-names';
export { AuditLog, type AuditInput, type AuditFilter, type AuditLogOptions } from './audit-log';
export { AUDIT_GENESIS_HASH, auditEntryHash, auditEntryMac, auditMacMatches, canonicalAuditBytes, canonicalAuditMacBytes, verifyAuditChain, type AuditEntry, type AuditVerifyOptions, type AuditVerifyResult } from './audit-chain';
export { AuditKeys, deriveAuditKey, readAuditKeys, type AuditKey } from './audit-key';
export { AuditCheckpoints, AUDIT_CHECKPOINT_DIR, AUDIT_CHECKPOINT_FORMAT, type AuditCheckpoint } from './audit-checkpoint';
export { AUDIT_EXPORT_FORMAT, type AuditExportFormat, type AuditExportResult } from './audit-export';
export { currentActor } from './actor';
export { MASK, maskSecrets, maskPersonalData, maskSummary, maskName, type PersonalMaskOptions } from './masking';
export { REDACTED, redactForExport, describeSecretsForExport, scrubSecretsForExport, type RedactOptions, type SecretsFreeExportDescription, type ExportedConnectionSecrets } from './export-redaction';
