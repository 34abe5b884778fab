import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StudioError } from '../../../shared/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: an unknown flag or a missing value is a usage error (exit 2), never ignored. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new StudioError('USAGE', `academia-studio ${command}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}.`, `Run \`academia-studio --help\` to see the options of ${command}.`);
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new StudioError('USAGE', `academia-studio ${command} takes ${positionals.names || 'no arguments'}${parsed.positionals.length ? `, not "${parsed.positionals.join(' ')}"` : ''}.`, `Run \`academia-studio --help\` for examples.`);
  }
  return parsed;
}

export function intOption(command: string, name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new StudioError('USAGE', `academia-studio ${command}: --${name} must be a whole number from ${min} to ${max}, not "${value}".`, `Give --${name} a number, e.g. --${name} ${min === 0 ? 4010 : min}.`);
  }
  return n;
}
