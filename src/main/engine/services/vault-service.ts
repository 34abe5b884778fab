import { resolve } from 'node:path';
import type { VaultService } from '../../../shared/api/contracts/vault';
import { StudioError } from '../../../shared/errors';
import type { EngineState } from '../core/engine-state';

export function vaultService(state: EngineState): VaultService {
  return {
    async keyForJob({ folder, passphrase }) {
      const dest = resolve(folder);
      // Writing a copy of the key is a person's choice of folder: typed on the command line, or picked.
      if (!state.grants.isGranted(dest)) {
        throw new StudioError('SOURCE_NOT_GRANTED', `The studio may not write to ${dest}: nobody picked it in this session.`, 'Pick the folder in the studio\'s file picker first, or run `academia-studio vault key-for-job <folder>`.', { where: { file: dest } });
      }
      return { keyFile: await state.keys.writeUnattendedKeyFile(dest, passphrase) };
    },
  };
}
