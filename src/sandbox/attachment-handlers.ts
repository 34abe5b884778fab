import { createHash } from 'node:crypto';
import type { EntityContract } from '../academia-api/contract';
import type { StoredAttachment } from './attachment-store';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import { mediaType } from './http-body';
import { problemAnswer, type SandboxAnswer } from './problem';
import { findLive } from './record-handlers';
import { badParameter, notFound } from './request-helpers';

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The first bytes each allowed type starts with: a photo sent as application/pdf is refused. */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** Binary attachments of people records (x-handler attachment-put / -get / -list / -delete). */
export const attachmentHandlers: Record<string, Handler> = {
  'attachment-put': putAttachment,
  'attachment-get': getAttachment,
  'attachment-list': listAttachments,
  'attachment-delete': deleteAttachment,
};

interface Target {
  entity: EntityContract;
  school: string;
  externalId: string;
}

/** The live record the path names, or the answer that refuses the request. */
function target(services: SandboxServices, request: HandlerRequest): Target | SandboxAnswer {
  const entity = request.contract.entity(request.operation.entity as string);
  const name = request.params.name;
  if (name !== undefined && !NAME.test(name)) return badParameter(services, request, 'name', 'An attachment name is 1 to 64 characters: lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit (e.g. photo, birth-certificate.pdf).');
  const found = findLive(services, entity, request);
  if ('status' in found) return found;
  return { entity, school: found.record.school, externalId: found.record.externalId };
}

function putAttachment(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const { problems, attachments, clock, events } = services;
  const t = target(services, request);
  if ('status' in t) return t;
  const rules = t.entity.attachments ?? { maxBytes: request.contract.limits.maxAttachmentBytes, contentTypes: [] };
  const instance = request.path;
  const type = mediaType(request.headers['content-type'] as string | undefined);
  if (!rules.contentTypes.includes(type)) {
    return problemAnswer(problems.make(415, 'unsupported-media-type', `${type ? `"${type}"` : 'A body without a content type'} cannot be attached to ${t.entity.name}; allowed: ${rules.contentTypes.join(', ')}.`, { instance, code: 'unsupported-media-type' }));
  }
  const data = request.body ?? Buffer.alloc(0);
  if (data.length === 0) return problemAnswer(problems.make(400, 'empty-attachment', 'The attachment is empty; send the file as the request body.', { instance }));
  if (data.length > rules.maxBytes) {
    return problemAnswer(problems.make(413, 'attachment-too-large', `The file has ${data.length} bytes; at most ${rules.maxBytes} are allowed for ${t.entity.name}.`, { instance, code: 'attachment-too-large' }));
  }
  if (MAGIC[type] && !MAGIC[type](data)) {
    return problemAnswer(problems.make(415, 'content-mismatch', `The file's content is not ${type}, although the request says so.`, { instance, code: 'content-mismatch' }));
  }
  const now = clock();
  const sha256 = createHash('sha256').update(data).digest('hex');
  const stored: StoredAttachment = { school: t.school, entity: t.entity.name, externalId: t.externalId, name: request.params.name, contentType: type, size: data.length, sha256, createdAt: now, updatedAt: now };
  const outcome = services.store.transaction(() => {
    const result = attachments.save(stored, data);
    events.append('attachment.stored', t.school || t.externalId, { entity: t.entity.name, externalId: t.externalId, name: stored.name, sha256 });
    return result;
  });
  const saved = attachments.find(t.school, t.entity.name, t.externalId, stored.name) as StoredAttachment;
  if (outcome === 'created') return { status: 201, body: toApiAttachment(saved), headers: { Location: `${services.baseUrl()}${request.path}` } };
  return { status: 200, body: toApiAttachment(saved) };
}

function getAttachment(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const t = target(services, request);
  if ('status' in t) return t;
  const meta = services.attachments.find(t.school, t.entity.name, t.externalId, request.params.name);
  const data = meta && services.attachments.content(t.school, t.entity.name, t.externalId, request.params.name);
  if (!meta || !data) return notFound(services, request, 'attachment-not-found', `The ${t.entity.title.toLowerCase()} "${t.externalId}" has no attachment "${request.params.name}".`);
  return { status: 200, raw: data, contentType: meta.contentType, headers: { ETag: `"${meta.sha256}"` } };
}

function listAttachments(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const t = target(services, request);
  if ('status' in t) return t;
  return { status: 200, body: { data: services.attachments.list(t.school, t.entity.name, t.externalId).map(toApiAttachment) } };
}

function deleteAttachment(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const t = target(services, request);
  if ('status' in t) return t;
  const removed = services.store.transaction(() => {
    const gone = services.attachments.remove(t.school, t.entity.name, t.externalId, request.params.name);
    if (gone) services.events.append('attachment.deleted', t.school || t.externalId, { entity: t.entity.name, externalId: t.externalId, name: request.params.name });
    return gone;
  });
  if (!removed) return notFound(services, request, 'attachment-not-found', `The ${t.entity.title.toLowerCase()} "${t.externalId}" has no attachment "${request.params.name}".`);
  return { status: 204 };
}

function toApiAttachment(a: StoredAttachment): Record<string, unknown> {
  return {
    entity: a.entity,
    externalId: a.externalId,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}
