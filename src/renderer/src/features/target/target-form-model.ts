import type { TargetProfile } from '../../../../shared/model/settings';
import type { TargetProfileInput } from '../../../../shared/model/target';

/** The profile form's fields as typed (text boxes hold strings; empty means "not given"). */
export interface TargetFormFields {
  name: string;
  kind: TargetProfile['kind'];
  baseUrl: string;
  apiVersion: TargetProfile['apiVersion'];
  auth: TargetProfile['auth'];
  clientId: string;
  schoolId: string;
}

export type TargetField = keyof TargetFormFields;
export type TargetFieldErrors = Partial<Record<TargetField, string>>;

/** The order fields appear in, so the first invalid one can be focused. */
export const TARGET_FIELD_ORDER: TargetField[] = ['name', 'kind', 'baseUrl', 'apiVersion', 'auth', 'clientId', 'schoolId'];

/** Longest values the engine takes (its request schema). */
export const TARGET_LIMITS = { name: 200, baseUrl: 2000, clientId: 200, schoolId: 200 } as const;

export const KIND_LABELS: Record<TargetProfile['kind'], string> = {
  'embedded-sandbox': 'Built-in sandbox (rehearsal)',
  remote: 'Remote Academia Pro service',
};

export const AUTH_LABELS: Record<TargetProfile['auth'], string> = {
  oauth2: 'OAuth 2 client credentials',
  'api-key': 'API key',
  jwt: 'Signed JWT',
};

/** What the secret is called for each sign-in method. */
export const SECRET_LABELS: Record<TargetProfile['auth'], string> = {
  oauth2: 'Client secret',
  'api-key': 'API key',
  jwt: 'JWT signing secret',
};

export function fieldsFromProfile(profile: TargetProfile): TargetFormFields {
  return {
    name: profile.name,
    kind: profile.kind,
    baseUrl: profile.baseUrl ?? '',
    apiVersion: profile.apiVersion,
    auth: profile.auth,
    clientId: profile.clientId ?? '',
    schoolId: profile.schoolId,
  };
}

/** A remote service signs in with a client id unless it takes a bare API key. */
export function needsClientId(fields: Pick<TargetFormFields, 'kind' | 'auth'>): boolean {
  return fields.kind === 'remote' && fields.auth !== 'api-key';
}

function baseUrlProblem(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Enter the address of the Academia Pro service, e.g. https://school.academiapro.example.';
  if (value.length > TARGET_LIMITS.baseUrl) return `The address is too long (at most ${TARGET_LIMITS.baseUrl} characters).`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'This is not a web address. It starts with https:// followed by the server name.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address must start with https:// (or http:// for a test server).';
  if (url.username || url.password) return 'Leave user names and passwords out of the address; enter the secret in its own box.';
  if (/\/api\/v\d+\/?$/.test(url.pathname)) return 'Enter the service address without /api/v1 or /api/v2: the studio adds the API version itself.';
  return null;
}

/** Field-level problems, in words that say what to type; an empty object when the form can be saved. */
export function validateTargetForm(fields: TargetFormFields): TargetFieldErrors {
  const errors: TargetFieldErrors = {};
  const name = fields.name.trim();
  if (name === '') errors.name = 'Give the profile a name, e.g. “Academia Pro (live)”.';
  else if (name.length > TARGET_LIMITS.name) errors.name = `The name is too long (at most ${TARGET_LIMITS.name} characters).`;

  if (fields.kind === 'remote') {
    const problem = baseUrlProblem(fields.baseUrl);
    if (problem) errors.baseUrl = problem;
  }

  const clientId = fields.clientId.trim();
  if (needsClientId(fields) && clientId === '') errors.clientId = 'Enter the client id Academia Pro gave the school for this studio.';
  else if (clientId.length > TARGET_LIMITS.clientId) errors.clientId = `The client id is too long (at most ${TARGET_LIMITS.clientId} characters).`;

  const schoolId = fields.schoolId.trim();
  if (schoolId === '') errors.schoolId = "Enter the school's id in Academia Pro (its external id).";
  else if (schoolId.length > TARGET_LIMITS.schoolId) errors.schoolId = `The school id is too long (at most ${TARGET_LIMITS.schoolId} characters).`;
  else if (/[\s/?#]/.test(schoolId)) errors.schoolId = 'The school id goes into web addresses: no spaces, slashes, ? or #.';

  return errors;
}

/**
 * The request the engine expects. The built-in sandbox chooses its own address when it starts,
 * so none is sent for it; a client id is sent only when there is one.
 */
export function toProfileInput(fields: TargetFormFields): TargetProfileInput {
  const clientId = fields.clientId.trim();
  return {
    name: fields.name.trim(),
    kind: fields.kind,
    baseUrl: fields.kind === 'remote' ? fields.baseUrl.trim() : null,
    apiVersion: fields.apiVersion,
    auth: fields.auth,
    clientId: clientId === '' ? null : clientId,
    schoolId: fields.schoolId.trim(),
  };
}

/** True when saving `input` differs from the saved profile at all. */
export function profileChanged(profile: TargetProfile, input: TargetProfileInput): boolean {
  const saved = toProfileInput(fieldsFromProfile(profile));
  return (Object.keys(saved) as (keyof TargetProfileInput)[]).some((key) => saved[key] !== input[key]);
}

/** The engine forgets the stored secret when the address, sign-in method or client id changes. */
export function forgetsSecret(profile: TargetProfile, input: TargetProfileInput): boolean {
  return profile.hasSecret && (profile.baseUrl !== input.baseUrl || profile.auth !== input.auth || profile.clientId !== input.clientId);
}

/** Plain http to anything but this computer: pupils' data and the secret would cross the network readable. */
export function isUnencryptedUrl(raw: string): boolean {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
