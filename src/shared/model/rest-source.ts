import { z } from 'zod';

/**
 * The configuration of a `rest` connection: a JSON API read over HTTP (docs/conventions.md,
 * "REST sources"). It is stored flat in the connection's config like every other kind (strings,
 * numbers, booleans; values from a location's query arrive as text and are coerced here) and
 * never holds the secret: the OAuth2 client secret or the API key lives in the vault, as a
 * database password does.
 *
 * `profile: oneroster` knows the OneRoster 1.2 rostering endpoints, their records, paging and
 * `filter=dateLastModified>…` increments, so a base URL and credentials are all it needs;
 * `profile: generic` is told its streams, record path, key, paging and increment parameter.
 */
export const REST_PROFILES = ['oneroster', 'generic'] as const;
export const REST_AUTHS = ['none', 'oauth2', 'api-key'] as const;
export const REST_PAGINGS = ['offset', 'cursor', 'link', 'none'] as const;

const httpUrl = z
  .string()
  .max(4096)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address');

const name = z.string().min(1).max(200);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const restSourceConfigSchema = z
  .object({
    /** Where the API's endpoints start (`https://sis.example/ims/oneroster/rosters/v1p2`); no credentials, no query. */
    baseUrl: httpUrl,
    profile: z.enum(REST_PROFILES).default('generic'),
    /** Derived when absent: a client id means oauth2, a secret alone an API key, nothing at all none. */
    auth: z.enum(REST_AUTHS).optional(),
    /** OAuth2 client credentials: the client id (the secret is in the vault). */
    clientId: z.string().min(1).max(500).optional(),
    /** OAuth2 token endpoint; `<origin of baseUrl>/oauth/token` when absent. */
    tokenUrl: httpUrl.optional(),
    scope: z.string().max(2000).optional(),
    /** How the client id and secret go to the token endpoint: HTTP Basic (RFC 6749's preference) or form fields. */
    tokenAuth: z.enum(['basic', 'body']).default('basic'),
    /** API key: sent in a header or as a query parameter, under `apiKeyName`. */
    apiKeyIn: z.enum(['header', 'query']).default('header'),
    apiKeyName: name.default('X-API-Key'),
    /** Generic profile: `name=path` pairs separated by commas (`students=/students,classes=/v2/classes`). */
    streams: z.string().max(4000).optional(),
    /** Generic profile: where the records list is in a page (`$.data`, `items`); the body itself when absent. */
    recordPath: z.string().min(1).max(500).optional(),
    /** The field that tells records apart: duplicates across pages are dropped by it (`sourcedId` for OneRoster). */
    key: name.optional(),
    paging: z.enum(REST_PAGINGS).optional(),
    pageSize: count(1, 10_000).default(100),
    limitParam: name.default('limit'),
    offsetParam: name.default('offset'),
    cursorParam: name.default('cursor'),
    /** Cursor paging: where the next cursor is in a page (`$.next_cursor`, `meta.next`). */
    cursorPath: z.string().min(1).max(500).default('$.next_cursor'),
    /** A response header holding the stream's total (OneRoster: `X-Total-Count`). */
    totalHeader: name.default('X-Total-Count'),
    /** Generic profile: the query parameter an increment sets from the high-water mark (`updated_since`). */
    updatedSinceParam: name.optional(),
    /** Generic profile: the field holding each record's change time, compared with the high-water mark. */
    updatedColumn: name.optional(),
    /** A page larger than this is refused (SOURCE_UNSAFE) rather than held in memory. */
    maxPageBytes: count(1024, 1024 ** 3).default(64 * 1024 * 1024),
    /** One request may take this long. */
    timeoutMs: count(100, 600_000).default(30_000),
    /** How often a 429 / 503 / 502 / 504 is retried before the read gives up. */
    maxRetries: count(0, 100).default(5),
    /** The longest single wait a server may ask for (Retry-After, RateLimit-Reset) before the read gives up instead. */
    maxWaitSeconds: count(1, 86_400).default(600),
  })
  .strict();

export type RestSourceConfigInput = z.input<typeof restSourceConfigSchema>;
export type RestSourceConfig = z.output<typeof restSourceConfigSchema>;

/** The config keys a `rest` connection takes, for messages. */
export const REST_CONFIG_KEYS = Object.keys(restSourceConfigSchema.shape) as (keyof RestSourceConfig)[];
