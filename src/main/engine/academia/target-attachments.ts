import { StudioError } from '../../../shared/errors';
import type { TargetTransport } from './transport';
import type { AttachmentInfo, ProblemDetails } from '../../../academia-api/wire-types';

/** A downloaded attachment. */
export interface AttachmentContent {
  contentType: string;
  /** Hex SHA-256 the server announced (ETag), or null. */
  sha256: string | null;
  bytes: Buffer;
}

/**
 * Binary attachments of people records (students, staff, guardians: the entities whose schema
 * has x-attachments): a photo, a scanned document. Uploads are PUTs under a name, so a retried
 * upload simply replaces the file with itself.
 */
export class TargetAttachments {
  constructor(private readonly transport: TargetTransport) {}

  /** The size limit and content types the document allows for an entity's attachments, or null when it takes none. */
  rules(entity: string): { maxBytes: number; contentTypes: string[] } | null {
    return this.transport.contract.entity(entity).attachments;
  }

  /** Stores (or replaces) a file. `created` says whether it is new. */
  async put(entity: string, externalId: string, name: string, content: Uint8Array, contentType: string): Promise<AttachmentInfo & { created: boolean }> {
    this.requireAttachments(entity);
    const answer = await this.transport.send({ method: 'PUT', path: this.path(entity, externalId, name), body: { contentType, data: content }, auth: true });
    return { ...(answer.body as AttachmentInfo), created: answer.status === 201 };
  }

  /** Downloads a file, or null when the record has no attachment of that name. */
  async get(entity: string, externalId: string, name: string): Promise<AttachmentContent | null> {
    this.requireAttachments(entity);
    try {
      const answer = await this.transport.send({ method: 'GET', path: this.path(entity, externalId, name), auth: true, raw: true });
      const etag = answer.headers.get('etag');
      return { contentType: answer.headers.get('content-type') ?? 'application/octet-stream', sha256: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : null, bytes: answer.bytes ?? Buffer.alloc(0) };
    } catch (err) {
      if (isMissingAttachment(err)) return null;
      throw err;
    }
  }

  /** Metadata of every attachment of a record. */
  async list(entity: string, externalId: string): Promise<AttachmentInfo[]> {
    this.requireAttachments(entity);
    const answer = await this.transport.send({ method: 'GET', path: `${this.recordPath(entity, externalId)}/attachments`, auth: true });
    return (answer.body as { data: AttachmentInfo[] }).data;
  }

  /** Removes a file; false when there was none of that name. */
  async remove(entity: string, externalId: string, name: string): Promise<boolean> {
    this.requireAttachments(entity);
    try {
      await this.transport.send({ method: 'DELETE', path: this.path(entity, externalId, name), auth: true });
      return true;
    } catch (err) {
      if (isMissingAttachment(err)) return false;
      throw err;
    }
  }

  private requireAttachments(entity: string): void {
    if (!this.rules(entity)) {
      const takers = this.transport.contract.entities.filter((e) => e.attachments).map((e) => e.name);
      throw new StudioError('TARGET_UNKNOWN_ENTITY', `Academia Pro keeps no attachments for ${entity}.`, `Attachments belong to: ${takers.join(', ')}.`);
    }
  }

  private recordPath(entity: string, externalId: string): string {
    return `${this.transport.collectionPath(entity)}/${encodeURIComponent(externalId)}`;
  }

  private path(entity: string, externalId: string, name: string): string {
    return `${this.recordPath(entity, externalId)}/attachments/${encodeURIComponent(name)}`;
  }
}

function isMissingAttachment(err: unknown): boolean {
  return err instanceof StudioError && err.code === 'TARGET_NOT_FOUND' && ((err.details?.problem as ProblemDetails | null)?.type ?? '').endsWith('/attachment-not-found');
}
