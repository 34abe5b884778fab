import { createServer, type Server, type Socket } from 'node:net';
import { answerCatalog } from './catalog';
import type { FixtureDatabase } from './fixture-db';
import { runSelect, type ResultSet } from './query-engine';
import { ServerError } from './server-error';
import { markerOf, parseSelect, SqlError } from './sql-subset';
import { formatSqlType, readParamValue, type ParamValue, type SqlValue } from './sql-types';
import { ByteReader, ByteWriter } from './tds-bytes';
import * as tok from './tds-tokens';

/**
 * A small TDS 7.4 server for testing the SQL Server connector at the wire level with the real
 * mssql/tedious driver. It listens on 127.0.0.1 only, never encrypts (PRELOGIN answers
 * ENCRYPT_NOT_SUP), logs in SQL logins (LOGIN7), answers SQL batches and sp_executesql RPCs
 * with the catalog and SELECT statements the connector sends, streams result sets with
 * back-pressure (it writes only while the socket accepts data, so it never buffers a table),
 * acknowledges ATTENTION, and can be told to misbehave: stay silent, hang, or drop the
 * connection in the middle of a result set.
 */
export interface TdsServer {
  host: '127.0.0.1';
  port: number;
  stats: TdsServerStats;
  /** Arms a fault for the next matching request (or connection, for `silent-prelogin`). */
  injectFault(fault: TdsFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export type TdsFault =
  /** Never answer PRELOGIN: the client's connect timeout fires. */
  | { kind: 'silent-prelogin' }
  /** Never answer the request (the client's request timeout fires); ATTENTION is still acknowledged. */
  | { kind: 'hang'; match?: string }
  /** Destroy the socket after sending this many rows of the matching request's result. */
  | { kind: 'drop'; match?: string; afterRows: number }
  /** Stop sending (but keep the connection) after this many rows: the client's read stalls. */
  | { kind: 'stall'; match?: string; afterRows: number };

export interface TdsServerStats {
  connections: number;
  logins: number;
  refusedLogins: number;
  attentions: number;
  rowsSent: number;
  /** Every SQL text the server was asked to run, with its parameters (type and value). */
  requests: { sql: string; params: Record<string, { type: string; value: SqlValue }> }[];
  /** The most bytes ever waiting in a socket's write buffer: stays near one packet under back-pressure. */
  maxSocketBuffer: number;
}

export interface TdsServerOptions {
  databases: FixtureDatabase[];
  logins: { user: string; password: string }[];
  /** What SERVERPROPERTY('ProductVersion') reports (default SQL Server 2019). */
  version?: string;
}

const PACKET = { SQL_BATCH: 0x01, RPC: 0x03, TABULAR_RESULT: 0x04, ATTENTION: 0x06, LOGIN7: 0x10, PRELOGIN: 0x12 } as const;
const STATUS_EOM = 0x01;
const STATUS_IGNORE = 0x02;
const SP_EXECUTESQL = 10;
const CATALOG_MARKERS = new Set(['apstudio:check', 'apstudio:discover-tables', 'apstudio:discover-columns', 'apstudio:discover-indexes', 'apstudio:discover-foreign-keys']);
const SERVER_NAME = 'TDSTEST';
const YIELD_EVERY_PACKETS = 64;

export async function startTdsServer(options: TdsServerOptions): Promise<TdsServer> {
  const faults: TdsFault[] = [];
  const stats: TdsServerStats = { connections: 0, logins: 0, refusedLogins: 0, attentions: 0, rowsSent: 0, requests: [], maxSocketBuffer: 0 };
  const sockets = new Set<Socket>();
  const version = options.version ?? '15.0.2000.5';

  const server: Server = createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    new TdsSession(socket, {
      options,
      stats,
      version,
      takeFault: (kind, sql) => {
        const i = faults.findIndex((f) => f.kind === kind && (f.kind === 'silent-prelogin' || f.match === undefined || (sql ?? '').includes(f.match)));
        return i < 0 ? undefined : faults.splice(i, 1)[0];
      },
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The TDS test server has no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    stats,
    injectFault: (fault) => faults.push(fault),
    clearFaults: () => faults.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type MidStreamFault = Extract<TdsFault, { kind: 'drop' | 'stall' }>;

interface SessionContext {
  options: TdsServerOptions;
  stats: TdsServerStats;
  version: string;
  takeFault(kind: TdsFault['kind'], sql?: string): TdsFault | undefined;
}

interface IncomingMessage {
  type: number;
  data: Buffer;
  ignore: boolean;
}

/** A request being answered: an ATTENTION sets `attention` and wakes whatever waits. */
interface ActiveRequest {
  attention: boolean;
  wake: (() => void) | null;
}

class TdsSession {
  private input: Buffer = Buffer.alloc(0);
  private partial: Buffer[] = [];
  private readonly queue: IncomingMessage[] = [];
  private busy = false;
  private state: 'prelogin' | 'login' | 'ready' | 'closed' = 'prelogin';
  private packetSize = 4096;
  private database: FixtureDatabase | null = null;
  private active: ActiveRequest | null = null;
  private pendingAttention = false;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: SessionContext,
  ) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => {
      this.state = 'closed';
      this.active?.wake?.();
    });
  }

  private onData(chunk: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
    while (this.input.length >= 8) {
      const length = this.input.readUInt16BE(2);
      if (length < 8) {
        this.socket.destroy();
        return;
      }
      if (this.input.length < length) break;
      const packet = this.input.subarray(0, length);
      this.input = this.input.subarray(length);
      const type = packet[0];
      const status = packet[1];
      if (type === PACKET.ATTENTION) {
        this.onAttention();
        continue;
      }
      this.partial.push(packet.subarray(8));
      if (status & STATUS_EOM) {
        this.queue.push({ type, data: Buffer.concat(this.partial), ignore: (status & STATUS_IGNORE) !== 0 });
        this.partial = [];
        void this.pump();
      }
    }
  }

  private onAttention(): void {
    this.ctx.stats.attentions++;
    if (this.active) {
      this.active.attention = true;
      this.active.wake?.();
    } else if (this.queue.length) {
      this.pendingAttention = true;
    } else {
      // The response was already complete: only the acknowledgement is left to send.
      void this.sendAttentionAck();
    }
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && this.state !== 'closed') {
        const msg = this.queue.shift()!;
        await this.handle(msg);
      }
    } catch (err) {
      // A bug in the test server must not pass silently: tell the client and hang up.
      process.stderr.write(`TDS test server: ${(err as Error).stack ?? String(err)}\n`);
      this.socket.destroy();
    } finally {
      this.busy = false;
    }
  }

  private async handle(msg: IncomingMessage): Promise<void> {
    if (this.state === 'prelogin') {
      if (msg.type !== PACKET.PRELOGIN) throw new Error(`Expected PRELOGIN, got packet type ${msg.type}`);
      if (this.ctx.takeFault('silent-prelogin')) return;
      await this.sendPrelogin();
      this.state = 'login';
      return;
    }
    if (this.state === 'login') {
      if (msg.type !== PACKET.LOGIN7) throw new Error(`Expected LOGIN7, got packet type ${msg.type}`);
      await this.login(msg.data);
      return;
    }
    if (msg.type === PACKET.SQL_BATCH || msg.type === PACKET.RPC) {
      await this.request(msg);
      return;
    }
    throw new Error(`Unexpected packet type ${msg.type} after login`);
  }

  // -------------------------------------------------------------------------------------------
  // Login

  private async sendPrelogin(): Promise<void> {
    // Options: VERSION, ENCRYPTION (NOT_SUP: this server never encrypts), INSTOPT, THREADID, MARS.
    const [major, minor, build] = this.ctx.version.split('.').map(Number);
    const options: [number, Buffer][] = [
      [0x00, Buffer.from([major, minor, build >> 8, build & 0xff, 0, 0])],
      [0x01, Buffer.from([0x02])],
      [0x02, Buffer.from([0x00])],
      [0x03, Buffer.alloc(4)],
      [0x04, Buffer.from([0x00])],
    ];
    const w = new ByteWriter();
    let dataOffset = options.length * 5 + 1;
    for (const [token, data] of options) {
      w.u8(token).u16be(dataOffset).u16be(data.length);
      dataOffset += data.length;
    }
    w.u8(0xff);
    for (const [, data] of options) w.bytes(data);
    const out = new MessageWriter(this.socket, 4096, this.ctx.stats);
    out.body.bytes(w.toBuffer());
    await out.end();
  }

  private async login(data: Buffer): Promise<void> {
    const r = new ByteReader(data);
    const field = (offsetAt: number) => {
      const at = data.readUInt16LE(offsetAt);
      const chars = data.readUInt16LE(offsetAt + 2);
      return data.subarray(at, at + chars * 2);
    };
    r.pos = 8;
    const requestedPacketSize = r.u32();
    const optionFlags2 = data[25];
    const user = field(40).toString('ucs2');
    const password = unscramble(field(44)).toString('ucs2');
    const databaseName = field(68).toString('ucs2');
    const out = new MessageWriter(this.socket, 4096, this.ctx.stats);
    const refuse = async (errors: { number: number; text: string; severity: number }[]) => {
      this.ctx.stats.refusedLogins++;
      for (const e of errors) tok.message(out.body, 'error', { ...e, state: 1, server: SERVER_NAME });
      tok.done(out.body, 'done', tok.DONE_STATUS.ERROR, 0);
      await out.end();
      this.socket.end();
      this.state = 'closed';
    };
    if (optionFlags2 & 0x80) {
      await refuse([{ number: 18452, severity: 14, text: 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.' }]);
      return;
    }
    const login = this.ctx.options.logins.find((l) => l.user.toLowerCase() === user.toLowerCase());
    if (!login || login.password !== password) {
      await refuse([{ number: 18456, severity: 14, text: `Login failed for user '${user}'.` }]);
      return;
    }
    const db = databaseName ? this.ctx.options.databases.find((d) => d.name.toLowerCase() === databaseName.toLowerCase()) : this.ctx.options.databases[0];
    if (!db) {
      await refuse([
        { number: 4060, severity: 11, text: `Cannot open database "${databaseName}" requested by the login. The login failed.` },
        { number: 18456, severity: 14, text: `Login failed for user '${user}'.` },
      ]);
      return;
    }
    this.database = db;
    this.packetSize = Math.min(Math.max(requestedPacketSize || 4096, 512), 32_767);
    this.ctx.stats.logins++;
    const w = out.body;
    tok.envChangeText(w, 1, db.name, 'master');
    tok.message(w, 'info', { number: 5701, state: 2, severity: 0, text: `Changed database context to '${db.name}'.`, server: SERVER_NAME });
    tok.envChangeCollation(w);
    tok.envChangeText(w, 2, 'us_english', '');
    tok.message(w, 'info', { number: 5703, state: 1, severity: 0, text: 'Changed language setting to us_english.', server: SERVER_NAME });
    tok.envChangeText(w, 4, String(this.packetSize), '4096');
    const [major, minor, build] = this.ctx.version.split('.').map(Number);
    tok.loginAck(w, [major, minor, build]);
    tok.done(w, 'done', tok.DONE_STATUS.FINAL, 0);
    await out.end();
    this.state = 'ready';
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  private async request(msg: IncomingMessage): Promise<void> {
    const active: ActiveRequest = { attention: this.pendingAttention, wake: null };
    this.pendingAttention = false;
    this.active = active;
    const out = new MessageWriter(this.socket, this.packetSize, this.ctx.stats);
    const isRpc = msg.type === PACKET.RPC;
    const finalDone = (status: number, curCmd: number) => (isRpc ? tok.done(out.body, 'doneProc', status, tok.CURCMD.EXECUTE) : tok.done(out.body, 'done', status, curCmd));
    try {
      if (msg.ignore) {
        // The client gave up on this request before finishing it (IGNORE bit): answer nothing but DONE.
        tok.done(out.body, 'done', tok.DONE_STATUS.FINAL, 0);
      } else {
        const { sql, params } = isRpc ? parseRpc(msg.data) : parseBatch(msg.data);
        this.ctx.stats.requests.push({ sql, params: Object.fromEntries([...params].map(([k, v]) => [k, { type: formatSqlType(v.type), value: v.value }])) });
        const hang = this.ctx.takeFault('hang', sql);
        if (hang || active.attention) {
          await this.waitForAttention(active);
        } else {
          const midStream = (this.ctx.takeFault('drop', sql) ?? this.ctx.takeFault('stall', sql)) as MidStreamFault | undefined;
          await this.answer(out, sql, params, isRpc, active, midStream, finalDone);
          if (this.state === 'closed') return;
        }
      }
    } catch (err) {
      if (!(err instanceof ServerError)) throw err;
      tok.message(out.body, 'error', { number: err.number, state: err.state, severity: err.severity, text: err.message, server: SERVER_NAME });
      if (isRpc) tok.returnStatus(out.body, -6);
      finalDone(tok.DONE_STATUS.ERROR, 0);
    }
    if (this.state === 'closed') return;
    if (active.attention) {
      // End the cancelled response where it stands, then acknowledge in a message of its own:
      // the client reads the acknowledgement as the message after the response.
      tok.done(out.body, 'done', tok.DONE_STATUS.FINAL, 0);
      await out.end();
      this.active = null;
      await this.sendAttentionAck();
      return;
    }
    await out.end();
    this.active = null;
  }

  private async answer(
    out: MessageWriter,
    sql: string,
    params: Map<string, ParamValue>,
    isRpc: boolean,
    active: ActiveRequest,
    fault: MidStreamFault | undefined,
    finalDone: (status: number, curCmd: number) => void,
  ): Promise<void> {
    if (isSetOnly(sql)) {
      finalDone(tok.DONE_STATUS.FINAL, tok.CURCMD.SET);
      return;
    }
    const result = this.execute(sql, params);
    tok.colMetadata(out.body, result.columns, [this.database!.name, 'dbo', 'table']);
    let count = 0n;
    for (const values of result.rows) {
      if (active.attention) return;
      if (fault && count >= BigInt(fault.afterRows)) {
        await out.flushPackets();
        if (fault.kind === 'stall') {
          await this.waitForAttention(active);
          return;
        }
        this.socket.destroy();
        this.state = 'closed';
        return;
      }
      tok.row(out.body, result.columns, values);
      count++;
      this.ctx.stats.rowsSent++;
      await out.flush(active);
      if (this.state === 'closed') return;
    }
    if (isRpc) {
      tok.done(out.body, 'doneInProc', tok.DONE_STATUS.COUNT | tok.DONE_STATUS.MORE, tok.CURCMD.SELECT, count);
      tok.returnStatus(out.body, 0);
      tok.done(out.body, 'doneProc', tok.DONE_STATUS.FINAL, tok.CURCMD.EXECUTE);
    } else {
      tok.done(out.body, 'done', tok.DONE_STATUS.COUNT, tok.CURCMD.SELECT, count);
    }
  }

  private execute(sql: string, params: Map<string, ParamValue>): ResultSet {
    const marker = markerOf(sql);
    if (marker && CATALOG_MARKERS.has(marker)) return answerCatalog(marker, this.database!, params, this.ctx.version);
    try {
      return runSelect(this.database!, parseSelect(sql), params);
    } catch (err) {
      if (err instanceof SqlError) throw new ServerError(102, `Incorrect syntax (the TDS test server only understands the connector's SELECTs): ${err.message}`, 15);
      throw err;
    }
  }

  private waitForAttention(active: ActiveRequest): Promise<void> {
    if (active.attention || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      active.wake = () => {
        active.wake = null;
        resolve();
      };
    });
  }

  private async sendAttentionAck(): Promise<void> {
    const ack = new MessageWriter(this.socket, this.packetSize, this.ctx.stats);
    tok.done(ack.body, 'done', tok.DONE_STATUS.ATTN, 0);
    await ack.end();
  }
}

/**
 * Frames one response message into packets of the negotiated size. `flush` sends the full
 * packets and then waits while the socket's buffer is full, so rows are generated only as fast
 * as the client reads them.
 */
class MessageWriter {
  readonly body = new ByteWriter(8192);
  private packetId = 1;
  private sinceYield = 0;

  constructor(
    private readonly socket: Socket,
    private readonly packetSize: number,
    private readonly stats: TdsServerStats,
  ) {}

  async flush(active?: ActiveRequest): Promise<void> {
    if (this.body.length < this.packetSize - 8) return;
    await this.flushPackets();
    if (this.socket.writableNeedDrain && !this.socket.destroyed) {
      await this.drain(active);
    } else if (++this.sinceYield >= YIELD_EVERY_PACKETS) {
      // The server shares the test's thread with the client: let the client run now and then,
      // as it would beside a real server, instead of filling the socket buffers in one go.
      this.sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async flushPackets(): Promise<void> {
    const payload = this.packetSize - 8;
    if (this.body.length < payload) return;
    const data = this.body.take();
    let at = 0;
    for (; at + payload <= data.length; at += payload) this.writePacket(data.subarray(at, at + payload), false);
    if (at < data.length) this.body.bytes(data.subarray(at));
  }

  async end(): Promise<void> {
    const payload = this.packetSize - 8;
    const data = this.body.take();
    let at = 0;
    while (data.length - at > payload) {
      this.writePacket(data.subarray(at, at + payload), false);
      at += payload;
    }
    this.writePacket(data.subarray(at), true);
  }

  private writePacket(data: Buffer, last: boolean): void {
    if (this.socket.destroyed) return;
    const header = Buffer.alloc(8);
    header[0] = PACKET.TABULAR_RESULT;
    header[1] = last ? STATUS_EOM : 0;
    header.writeUInt16BE(data.length + 8, 2);
    header.writeUInt16BE(55, 4);
    header[6] = this.packetId++ & 0xff;
    this.socket.write(Buffer.concat([header, data]));
    if (this.socket.writableLength > this.stats.maxSocketBuffer) this.stats.maxSocketBuffer = this.socket.writableLength;
  }

  private drain(active?: ActiveRequest): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        if (active) active.wake = null;
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
      if (active) active.wake = done;
    });
  }
}

function unscramble(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ^ 0xa5;
    out[i] = ((b << 4) & 0xf0) | (b >> 4);
  }
  return out;
}

/** SQL_BATCH: ALL_HEADERS, then the text in UCS-2. */
function parseBatch(data: Buffer): { sql: string; params: Map<string, ParamValue> } {
  const headers = data.readUInt32LE(0);
  return { sql: data.subarray(headers).toString('ucs2'), params: new Map() };
}

/** RPC_REQUEST for sp_executesql: statement, declarations, then the named parameters. */
function parseRpc(data: Buffer): { sql: string; params: Map<string, ParamValue> } {
  const r = new ByteReader(data);
  r.pos = data.readUInt32LE(0);
  const nameLength = r.u16();
  const proc = nameLength === 0xffff ? r.u16() : r.ucs2(nameLength).toLowerCase();
  if (proc !== SP_EXECUTESQL && proc !== 'sp_executesql') throw new ServerError(2812, `Could not find stored procedure '${proc}'.`);
  r.u16();
  const values: { name: string; value: ParamValue }[] = [];
  while (r.remaining > 0) {
    const name = r.bVarchar();
    r.u8();
    values.push({ name: name.toLowerCase(), value: readParamValue(r) });
  }
  const statement = values.shift();
  if (!statement || typeof statement.value.value !== 'string') throw new ServerError(214, "Procedure expects parameter '@statement' of type 'ntext/nchar/nvarchar'.");
  values.shift();
  return { sql: statement.value.value, params: new Map(values.map((v) => [v.name, v.value])) };
}

/** The session settings tedious sends after login (`set textsize ...`): nothing to return. */
function isSetOnly(sql: string): boolean {
  const lines = sql.split(/[\n;]/).map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 && lines.every((l) => /^set\s/i.test(l));
}
