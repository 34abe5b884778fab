import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../shared/errors';
import { resourcesDir } from '../platform/resources-path';
import { apiDocumentContract, type ApiDocumentContract } from './api-document';
import type { OpenApiDocument } from './openapi-types';

let cached: { file: string; contract: ApiDocumentContract } | null = null;

/** The path of the sandbox admin API's document (API_MANAGEMENT). */
export function adminDocumentPath(): string {
  return join(resourcesDir(), 'openapi', 'academia-pro-admin-v1.json');
}

/** Reads (once) the admin API document: endpoints, versions, clients, throttling, monitoring. */
export function loadAdminContract(): ApiDocumentContract {
  const file = adminDocumentPath();
  if (cached?.file === file) return cached.contract;
  let document: OpenApiDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  } catch (err) {
    throw new StudioError('RESOURCES_MISSING', `The Academia Pro admin API document ${file} could not be read: ${(err as Error).message}`, 'Reinstall the studio, or set APSTUDIO_RESOURCES to a resources folder holding openapi/.', { cause: err });
  }
  const contract = apiDocumentContract(document, 'https://academia-pro.example/openapi/admin-v1.json');
  cached = { file, contract };
  return contract;
}
