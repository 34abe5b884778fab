import { StudioError } from '../../../../shared/errors';
import { resolveRestConfig } from './rest-config';

/** The location schemes of REST sources: `rest+https://…` (generic) and `oneroster+https://…`. */
export const REST_SCHEME = /^(rest|oneroster)\+(https?):\/\//i;

/**
 * Reads a REST source's location: `oneroster+https://CLIENT_ID:SECRET@sis.example/ims/oneroster/rosters/v1p2`
 * or `rest+https://:API_KEY@api.example/v1?streams=students=/students&paging=cursor`. The user is
 * the OAuth2 client id, the password the client secret or API key (split off for the vault, as a
 * database password is), the query the connection's settings (model/rest-source.ts), checked here
 * so a bad one is refused when the connection is added.
 */
export function parseRestLocation(location: string, mask: (s: string) => string): { config: Record<string, string>; password: string | null; masked: string } {
  const trimmed = location.trim();
  const m = REST_SCHEME.exec(trimmed);
  if (!m) throw new StudioError('BAD_REQUEST', `"${mask(trimmed)}" is not a REST source location.`, 'Write it as oneroster+https://CLIENT_ID:SECRET@host/ims/oneroster/rosters/v1p2 or rest+https://host/path?streams=…');
  let url: URL;
  try {
    url = new URL(`${m[2].toLowerCase()}://${trimmed.slice(m[0].length)}`);
  } catch (err) {
    throw new StudioError('BAD_REQUEST', `"${mask(trimmed)}" is not a valid REST source location.`, 'Write it as oneroster+https://CLIENT_ID:SECRET@host/path (settings after ?, e.g. ?tokenUrl=https://host/oauth/token).', { cause: err });
  }
  const config: Record<string, string> = { baseUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`, profile: m[1].toLowerCase() === 'oneroster' ? 'oneroster' : 'generic' };
  if (url.username) config.clientId = decodeURIComponent(url.username);
  for (const [k, v] of url.searchParams) {
    if (k === 'baseUrl' || k === 'profile' || k === 'clientId') {
      throw new StudioError('BAD_REQUEST', `The setting ${k} comes from the location itself, not its query.`, 'The scheme gives the profile (oneroster+ or rest+), the address the base URL, the user the client id.', { where: { field: k } });
    }
    config[k] = v;
  }
  const password = url.password ? decodeURIComponent(url.password) : null;
  resolveRestConfig(config, password !== null);
  return { config, password, masked: mask(trimmed) };
}
