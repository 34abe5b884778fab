import type { ConnectorGuard } from '../../../engine/connectors/open-connector';
import { locationFilePath } from '../../../engine/connectors/source-location';
import { defaultConfigDir } from '../../../engine/core/config-dir';
import { PathGrants } from '../../../engine/security/path-grants';

/**
 * A source named on the command line is the user's own choice, so it needs no pick; but the
 * studio's own files (key, project, sandbox data, configuration folder) are refused here as in
 * the studio, and a folder or zip leaves them out. Call before the source is opened.
 */
export function commandLineSourceGuard(location: string): ConnectorGuard {
  const folders = new Set([defaultConfigDir()]);
  if (process.env.APSTUDIO_CONFIG_DIR) folders.add(process.env.APSTUDIO_CONFIG_DIR);
  const grants = new PathGrants({ studioFolders: [...folders], callerChooses: true });
  const file = locationFilePath(location);
  if (file !== null) grants.requireReadable(file);
  return { excludeFile: grants.fileGuard().excludes };
}
