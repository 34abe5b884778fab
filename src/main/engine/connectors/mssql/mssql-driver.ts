import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

/**
 * The part of the `mssql` package (v12, tedious 19 underneath) the connector uses, typed here
 * because the package ships no type declarations and @types/mssql is not installed. Loaded with
 * createRequire so no ambient `declare module` can clash with declarations added later.
 */
export interface MssqlModule {
  ConnectionPool: new (config: MssqlPoolConfig) => MssqlPool;
  TYPES: Record<MssqlTypeName, MssqlTypeFactory>;
}

export type MssqlTypeName =
  | 'TinyInt' | 'SmallInt' | 'Int' | 'BigInt' | 'Bit' | 'Decimal' | 'Float' | 'Real' | 'SmallMoney'
  | 'DateTime' | 'SmallDateTime' | 'DateTime2' | 'Date' | 'Time' | 'DateTimeOffset'
  | 'VarChar' | 'NVarChar' | 'UniqueIdentifier' | 'VarBinary';

/** A type factory such as `sql.Decimal(9, 2)`; called with no arguments it uses the defaults. */
export type MssqlTypeFactory = (...args: (number | undefined)[]) => MssqlType;
export type MssqlType = { readonly type: unknown };

export interface MssqlPoolConfig {
  server: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  domain?: string;
  connectionTimeout: number;
  requestTimeout: number;
  validateConnection: boolean | 'socket';
  arrayRowMode: boolean;
  pool: { max: number; min: number; idleTimeoutMillis: number; acquireTimeoutMillis?: number };
  options: {
    encrypt: boolean;
    trustServerCertificate: boolean;
    instanceName?: string;
    useUTC: boolean;
    appName: string;
    cancelTimeout: number;
    cryptoCredentialsDetails?: { minVersion?: string; ciphers?: string };
    connectTimeout?: number;
  };
  /** Called with each new tedious connection before it connects. */
  beforeConnect?: (connection: TediousConnection) => void;
}

export interface MssqlPool extends EventEmitter {
  readonly connected: boolean;
  connect(): Promise<MssqlPool>;
  close(): Promise<void>;
  request(): MssqlRequest;
}

export interface MssqlRequest extends EventEmitter {
  stream: boolean;
  arrayRowMode: boolean;
  input(name: string, type: MssqlType, value: unknown): MssqlRequest;
  query(sql: string): Promise<{ recordset: Record<string, unknown>[] }>;
  pause(): boolean;
  resume(): boolean;
  cancel(): boolean;
}

/** The tedious connection, only for the events the connector listens to. */
export interface TediousConnection extends EventEmitter {
  on(event: 'errorMessage', listener: (message: { number: number; message: string; state: number; class: number }) => void): this;
  on(event: 'secure', listener: (cleartext: { getProtocol(): string | null }) => void): this;
  on(event: 'connect', listener: (err?: Error) => void): this;
  on(event: string, listener: (...args: unknown[]) => void): this;
}

let loaded: MssqlModule | null = null;

export function mssqlDriver(): MssqlModule {
  loaded ??= createRequire(import.meta.url)('mssql') as MssqlModule;
  return loaded;
}
