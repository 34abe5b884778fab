import { StudioError } from '../../../../shared/errors';
import { startSandbox } from '../../../../sandbox/index';
import type { TargetApiVersion } from '../../../../academia-api/contract';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

const API_VERSIONS: readonly TargetApiVersion[] = ['v1', 'v2'];

/**
 * The sandbox's client secret and admin token without a flag, which every local account could read
 * in the process list (docs/conventions.md: secrets never need argv). A flag, when given, wins; an
 * empty variable counts as unset.
 */
export const SANDBOX_SECRET_ENV = 'APSTUDIO_SANDBOX_SECRET';
export const SANDBOX_ADMIN_TOKEN_ENV = 'APSTUDIO_SANDBOX_ADMIN_TOKEN';

/** `sandbox`: the local Academia Pro for a dress rehearsal, until Ctrl+C (docs/conventions.md flags). */
export async function sandboxCommand(argv: string[], out: CliOutput, io: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const { values } = parseCommandArgs(
    'sandbox',
    argv,
    {
      port: { type: 'string' },
      data: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'limit-per-minute': { type: 'string' },
      'limit-per-hour': { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'api-versions': { type: 'string' },
      'production-version': { type: 'string' },
      'admin-token': { type: 'string' },
      sunset: { type: 'string' },
    },
    { min: 0, max: 0, names: '' },
  );
  const productionVersion = values['production-version'] === undefined ? undefined : versionOption('production-version', values['production-version']);
  const sandbox = await startSandbox({
    port: intOption('sandbox', 'port', values.port, 0, 65535) ?? 4010,
    dataFile: values.data,
    clientId: values['client-id'],
    clientSecret: values['client-secret'] ?? (env[SANDBOX_SECRET_ENV] || undefined),
    limitPerMinute: intOption('sandbox', 'limit-per-minute', values['limit-per-minute'], 1, 1_000_000),
    limitPerHour: intOption('sandbox', 'limit-per-hour', values['limit-per-hour'], 1, 100_000_000),
    faults: values.faults,
    seed: intOption('sandbox', 'seed', values.seed, 0, 2 ** 31 - 1),
    apiVersions: values['api-versions'] === undefined ? undefined : versionList(values['api-versions']),
    productionVersion,
    sunsetAt: sunsetOption(values.sunset, productionVersion),
    adminToken: values['admin-token'] !== undefined ? adminTokenOption(values['admin-token'], '--admin-token') : env[SANDBOX_ADMIN_TOKEN_ENV] ? adminTokenOption(env[SANDBOX_ADMIN_TOKEN_ENV], SANDBOX_ADMIN_TOKEN_ENV) : undefined,
  });
  if (out.json) {
    out.document({ url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiKey: sandbox.apiKey, adminToken: sandbox.adminToken, apiVersions: sandbox.apiVersions });
  } else {
    out.print(`Academia Pro sandbox running at ${sandbox.url} (API ${sandbox.apiVersions.join(', ')}${productionVersion ? `; ${productionVersion} is Production` : ''})`);
    out.print(`  client id:     ${sandbox.clientId}`);
    out.print(`  client secret: ${sandbox.clientSecret}`);
    out.print(`  API key:       ${sandbox.apiKey}`);
    out.print(`  admin token:   ${sandbox.adminToken}   (admin API at ${sandbox.url}/admin/v1)`);
    out.print('Press Ctrl+C to stop.');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return EXIT.ok;
}

function versionOption(flag: string, value: string): TargetApiVersion {
  const v = value.trim().toLowerCase();
  if (!(API_VERSIONS as readonly string[]).includes(v)) {
    throw new StudioError('USAGE', `academia-studio sandbox: --${flag} must be one of ${API_VERSIONS.join(', ')}, not "${value}".`, `For example --${flag} v2.`);
  }
  return v as TargetApiVersion;
}

function versionList(value: string): TargetApiVersion[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (!list.length) throw new StudioError('USAGE', 'academia-studio sandbox: --api-versions needs at least one version.', 'For example --api-versions v1,v2.');
  return [...new Set(list.map((v) => versionOption('api-versions', v)))];
}

/** `--sunset 2027-06-30` (or a full ISO timestamp): when the version deprecated at start may stop answering. */
function sunsetOption(value: string | undefined, productionVersion: TargetApiVersion | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(ms)) throw new StudioError('USAGE', `academia-studio sandbox: --sunset must be an ISO date such as 2027-06-30, not "${value}".`, 'Give the day the deprecated version may stop answering, e.g. --sunset 2027-06-30.');
  if (!productionVersion || productionVersion === 'v1') {
    throw new StudioError('USAGE', 'academia-studio sandbox: --sunset applies to the version a new Production version replaces.', 'Use it with --production-version v2, e.g. --production-version v2 --sunset 2027-06-30.');
  }
  return ms;
}

/** `where` names the flag or the environment variable the token came from, for the message. */
function adminTokenOption(value: string, where: string): string {
  if (value === '' || /\s/.test(value)) {
    throw new StudioError('USAGE', `academia-studio sandbox: ${where} must be a token without spaces.`, `Choose a long random token, or leave ${where} out and the sandbox makes one.`);
  }
  return value;
}
