import { hostname, userInfo } from 'node:os';

/**
 * Who is acting, for the audit trail: the OS account and the computer (`jdoe@OFFICE-PC`). Falls
 * back to the environment when the account has no entry in the user database (some containers).
 */
export function currentActor(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  let host: string;
  try {
    host = hostname();
  } catch {
    host = process.env.COMPUTERNAME ?? process.env.HOSTNAME ?? 'unknown-host';
  }
  return `${user || 'unknown'}@${host || 'unknown-host'}`;
}
