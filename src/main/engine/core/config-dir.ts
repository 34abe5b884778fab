import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user configuration folder (recent projects; later the vault's key file). Tests and
 * unattended jobs point it elsewhere with APSTUDIO_CONFIG_DIR.
 */
export function configDir(override?: string): string {
  const dir = override ?? process.env.APSTUDIO_CONFIG_DIR ?? defaultConfigDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The OS's usual configuration folder for this user (whatever APSTUDIO_CONFIG_DIR says). */
export function defaultConfigDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Academia Pro Studio');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Academia Pro Studio');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'academia-studio');
}
