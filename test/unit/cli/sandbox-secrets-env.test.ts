import { describe, expect, it } from 'vitest';
import { sandboxCommand, SANDBOX_ADMIN_TOKEN_ENV } from '../../../src/main/hosts/cli/commands/sandbox-command';
import { createOutput } from '../../../src/main/hosts/cli/output';

/** The sandbox reads its secret and admin token from the environment too (the started sandbox is tested through the built CLI). */
describe('sandbox secrets from the environment', () => {
  const out = createOutput(true);

  it('checks an admin token from the environment as it checks the flag, naming the variable', async () => {
    await expect(sandboxCommand(['--port', '0'], out, { env: { [SANDBOX_ADMIN_TOKEN_ENV]: 'has a space' } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining(SANDBOX_ADMIN_TOKEN_ENV) });
  });

  it('lets the flag win over the environment: a bad flag is refused even when the environment holds a good token', async () => {
    await expect(sandboxCommand(['--port', '0', '--admin-token', 'bad token'], out, { env: { [SANDBOX_ADMIN_TOKEN_ENV]: 'good-token' } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--admin-token') });
  });
});
