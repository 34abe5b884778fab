/**
 * A host process for test/integration/sandbox-worker.test.ts: starts the embedded sandbox in its
 * worker thread (the built out/main/sandbox-worker.js, argv[2]) on the data file argv[3], prints
 * `ready <url>` and then waits — until the test kills it. Run with jiti.
 */
import { workerSandboxStarter } from '../../src/main/hosts/worker-sandbox-starter';

const [workerFile, dataFile] = process.argv.slice(2);
const sandbox = await workerSandboxStarter({ workerFile })({ dataFile, apiVersions: ['v1'] });
process.stdout.write(`ready ${sandbox.url}\n`);
// The worker holds the loop only while the host waits for it; this host waits for a signal.
setInterval(() => undefined, 1_000);
