import { startSandbox } from '../../../../sandbox/index';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** `sandbox`: the local Academia Pro for a dress rehearsal, until Ctrl+C (CONVENTIONS flags). */
export async function sandboxCommand(argv: string[], out: CliOutput): Promise<number> {
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
    },
    { min: 0, max: 0, names: '' },
  );
  const sandbox = await startSandbox({
    port: intOption('sandbox', 'port', values.port, 0, 65535) ?? 4010,
    dataFile: values.data,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    limitPerMinute: intOption('sandbox', 'limit-per-minute', values['limit-per-minute'], 1, 1_000_000),
    limitPerHour: intOption('sandbox', 'limit-per-hour', values['limit-per-hour'], 1, 100_000_000),
    faults: values.faults,
    seed: intOption('sandbox', 'seed', values.seed, 0, 2 ** 31 - 1),
  });
  if (out.json) out.document({ url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiKey: sandbox.apiKey });
  else {
    out.print(`Academia Pro sandbox running at ${sandbox.url}`);
    out.print(`  client id:     ${sandbox.clientId}`);
    out.print(`  client secret: ${sandbox.clientSecret}`);
    out.print(`  API key:       ${sandbox.apiKey}`);
    out.print('Press Ctrl+C to stop.');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return EXIT.ok;
}
