/**
 * The independent peer for all scenario tests: a CSMS built on ocpp-rpc's
 * RPCServer in strict mode, so every frame in both directions is checked
 * against the official OCPP 2.0.1 / 1.6 JSON schemas by code we did not write.
 *
 * Everything the station does on the wire is recorded (`calls`, `frames`,
 * `violations`) so tests can assert on it; nothing invalid passes silently.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import ocppRpc from 'ocpp-rpc';
import type * as ServerClientModule from 'ocpp-rpc/lib/server-client.js';

const { RPCServer, createRPCError, NOREPLY } = ocppRpc;
type RpcServerClient = ServerClientModule.default;

export const SUPPORTED_PROTOCOLS = ['ocpp2.0.1', 'ocpp1.6'] as const;
export type OcppProtocol = (typeof SUPPORTED_PROTOCOLS)[number];

/** Return this from a handler to send no response at all (CALL timeout tests). */
export const NO_REPLY: unique symbol = NOREPLY as never;

/** Throw this from a handler to answer with a CALLERROR, e.g. `throw csmsError('NotSupported')`. */
export function csmsError(code: string, description?: string, details?: Record<string, unknown>): Error {
  return createRPCError(code, description, details) as unknown as Error;
}

export interface ReceivedCall {
  stationId: string;
  action: string;
  payload: any;
  /** Date.now() of receipt, for ordering only. */
  at: number;
  messageId: string;
  protocol: string;
  /** false when ocpp-rpc rejected the CALL against the schema (a violation is recorded too). */
  valid: boolean;
  /** true once the CSMS answered it (CALLRESULT / CALLERROR), or decided not to (NO_REPLY). */
  responded: boolean;
}

export interface Frame {
  stationId: string;
  direction: 'in' | 'out';
  raw: string;
  at: number;
}

export interface Violation {
  stationId: string;
  error: string;
  /** 'in' = sent by the station, 'out' = produced by the CSMS (a test handler or call()). */
  direction?: 'in' | 'out';
  kind?: 'CALL' | 'CALLRESULT' | 'frame' | 'handshake';
  action?: string;
  messageId?: string;
  payload?: unknown;
}

export interface Handshake {
  stationId: string;
  protocol: string;
  authorization?: string;
  /** request URL path (with query string), e.g. `/ocpp/CS1` */
  path: string;
  /** subprotocols the station offered */
  offered: string[];
  accepted: boolean;
  rejectStatus?: number;
  at: number;
  /** Over wss://: the TLS version and cipher agreed, and the station's client certificate (security profile 3). */
  tls?: { protocol: string | null; cipher: string; clientCertificate?: { subject: string; serialNumber: string } };
}

/** A CSMS on wss:// (security profiles 2 and 3). */
export interface FakeCsmsTls {
  /** The server certificate (PEM, with its chain) and key. */
  cert: string;
  key: string;
  /** Profile 3: ask for a client certificate and accept only one that chains to these roots. */
  clientCa?: string[];
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

export interface HandlerContext {
  protocol: string;
  messageId: string;
}

export type CsmsHandler = (payload: any, stationId: string, ctx: HandlerContext) => any | Promise<any>;

export interface FakeCsmsOptions {
  /** stationId → Basic auth password. When set, every station must present its password (others get 401). */
  basicAuth?: Record<string, string>;
  /** WebSocket ping interval of the server; 0 disables pings. ocpp-rpc default 30000. */
  pingIntervalMs?: number;
  /** default timeout of CSMS-initiated calls, ms (default 10000). */
  callTimeoutMs?: number;
  /** endpoint path the station appends its id to (default '/ocpp'). Any path is accepted anyway. */
  path?: string;
  /** do not record a violation when a station sends a CALL while its previous one is still unanswered */
  allowConcurrentCalls?: boolean;
  /** time source of the default BootNotification / Heartbeat `currentTime` (default: the real clock) */
  now?: () => Date;
  /** Listen on wss:// with this certificate; the url is then wss://127.0.0.1:<port>/ocpp. */
  tls?: FakeCsmsTls;
}

/**
 * What a station may send, per protocol, checked on the raw frame before
 * ocpp-rpc looks anything up (it finds the handler first and never checks
 * error codes): the CALLs a charging station initiates (OCPP 2.0.1 Part 2;
 * OCPP 1.6 Core..Smart Charging + Security Extension), the CALLERROR codes
 * of OCPP-J (2.0.1 Part 4 §4.3; 1.6 §4.2.3, whose FormationViolation and
 * OccurenceConstraintViolation the errata keep), and message ids of at most 36 characters.
 */
const STATION_CALLS: Record<OcppProtocol, ReadonlySet<string>> = {
  'ocpp2.0.1': new Set([
    'Authorize', 'BootNotification', 'ClearedChargingLimit', 'DataTransfer', 'FirmwareStatusNotification', 'Get15118EVCertificate',
    'GetCertificateStatus', 'Heartbeat', 'LogStatusNotification', 'MeterValues', 'NotifyChargingLimit', 'NotifyCustomerInformation',
    'NotifyDisplayMessages', 'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule', 'NotifyEvent', 'NotifyMonitoringReport', 'NotifyReport',
    'PublishFirmwareStatusNotification', 'ReportChargingProfiles', 'ReservationStatusUpdate', 'SecurityEventNotification', 'SignCertificate',
    'StatusNotification', 'TransactionEvent',
  ]),
  'ocpp1.6': new Set([
    'Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues',
    'StartTransaction', 'StatusNotification', 'StopTransaction',
    'SecurityEventNotification', 'SignCertificate', 'LogStatusNotification', 'SignedFirmwareStatusNotification',
  ]),
};
const ERROR_CODES: Record<OcppProtocol, ReadonlySet<string>> = {
  'ocpp2.0.1': new Set([
    'FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented', 'NotSupported',
    'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError', 'RpcFrameworkError', 'SecurityError', 'TypeConstraintViolation',
  ]),
  'ocpp1.6': new Set([
    'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
    'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError',
  ]),
};
const MAX_MESSAGE_ID = 36;

/** What is wrong with a frame the station sent, by the rules above (undefined: nothing). */
export function rawFrameProblem(protocol: string, frame: unknown): string | undefined {
  if (!Array.isArray(frame) || !(protocol in STATION_CALLS)) return undefined; // unreadable frames: ocpp-rpc's badMessage
  const p = protocol as OcppProtocol;
  const [type, id] = frame;
  if (typeof id === 'string' && id.length > MAX_MESSAGE_ID) return `message id of ${id.length} characters (at most ${MAX_MESSAGE_ID}): ${id}`;
  if (type === 2 && typeof frame[2] === 'string' && !STATION_CALLS[p].has(frame[2])) {
    return `${frame[2]} is not a CALL a charging station sends in ${protocol}`;
  }
  if (type === 4 && !ERROR_CODES[p].has(String(frame[2]))) return `CALLERROR code ${String(frame[2])} does not exist in ${protocol}`;
  return undefined;
}

export interface WaitForCallOptions {
  /** only consider calls[index] with index >= after (use `csms.calls.length` / `csms.mark()` before acting) */
  after?: number;
  stationId?: string;
  timeoutMs?: number;
}

function defaultHandlers(protocol: string, now: () => Date): Record<string, CsmsHandler> {
  const bootNow = () => now().toISOString();
  const empty: CsmsHandler = () => ({});
  if (protocol === 'ocpp1.6') {
    let nextTxId = 1;
    return {
      BootNotification: () => ({ status: 'Accepted', currentTime: bootNow(), interval: 300 }),
      Heartbeat: () => ({ currentTime: bootNow() }),
      StatusNotification: empty,
      MeterValues: empty,
      Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
      StartTransaction: () => ({ transactionId: nextTxId++, idTagInfo: { status: 'Accepted' } }),
      StopTransaction: (p) => (p?.idTag ? { idTagInfo: { status: 'Accepted' } } : {}),
      DataTransfer: () => ({ status: 'Accepted' }),
      DiagnosticsStatusNotification: empty,
      FirmwareStatusNotification: empty,
      SecurityEventNotification: empty,
      LogStatusNotification: empty,
      SignedFirmwareStatusNotification: empty,
    };
  }
  return {
    BootNotification: () => ({ status: 'Accepted', currentTime: bootNow(), interval: 300 }),
    Heartbeat: () => ({ currentTime: bootNow() }),
    StatusNotification: empty,
    SecurityEventNotification: empty,
    NotifyReport: empty,
    MeterValues: empty,
    NotifyEvent: empty,
    LogStatusNotification: empty,
    FirmwareStatusNotification: empty,
    NotifyChargingLimit: empty,
    ClearedChargingLimit: empty,
    ReservationStatusUpdate: empty,
    NotifyCustomerInformation: empty,
    NotifyMonitoringReport: empty,
    NotifyDisplayMessages: empty,
    PublishFirmwareStatusNotification: empty,
    ReportChargingProfiles: empty,
    NotifyEVChargingNeeds: () => ({ status: 'Accepted' }),
    NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
    // Part 2: idTokenInfo "is required when the TransactionEventRequest contained an idToken".
    TransactionEvent: (p) => (p?.idToken ? { idTokenInfo: { status: 'Accepted' } } : {}),
    Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
  };
}

interface Conn {
  client: RpcServerClient;
  protocol: string;
  open: boolean;
  defaults: Record<string, CsmsHandler>;
  closed: Promise<void>;
  /** CALLs received on this connection and not answered yet */
  unanswered: Map<string, ReceivedCall>;
}

type Waiter = () => void;

export class FakeCsms {
  readonly url: string;
  readonly port: number;
  readonly calls: ReceivedCall[] = [];
  readonly frames: Frame[] = [];
  readonly violations: Violation[] = [];
  /** every upgrade attempt, accepted or not */
  readonly handshakes: Handshake[] = [];
  /** CALLERRORs / rejections of CSMS-initiated calls, and other non-fatal server events, for debugging */
  readonly log: string[] = [];

  private readonly server: InstanceType<typeof RPCServer>;
  private readonly conns = new Map<string, Conn>();
  private readonly counts = new Map<string, number>();
  private readonly overrides = new Map<string, CsmsHandler>();
  private readonly waiters = new Set<Waiter>();
  /** message ids of frames sent with sendRaw, per station: replies to them are expected "bad messages" */
  private readonly rawIds = new Map<string, Set<string>>();
  private basicAuth: Map<string, string> | undefined;
  private readonly now: () => Date;
  private readonly allowConcurrentCalls: boolean;
  private closing = false;

  /** @internal use startFakeCsms() */
  constructor(server: InstanceType<typeof RPCServer>, port: number, opts: FakeCsmsOptions, private readonly https?: HttpsServer) {
    this.server = server;
    this.port = port;
    const path = (opts.path ?? '/ocpp').replace(/\/+$/, '');
    this.url = `${https ? 'wss' : 'ws'}://127.0.0.1:${port}${path}`;
    this.now = opts.now ?? (() => new Date());
    this.allowConcurrentCalls = opts.allowConcurrentCalls ?? false;
    this.basicAuth = opts.basicAuth ? new Map(Object.entries(opts.basicAuth)) : undefined;

    server.auth((accept, reject, handshake) => {
      const stationId = handshake.identity;
      const offered = [...handshake.protocols];
      const record: Handshake = {
        stationId,
        protocol: '',
        authorization: handshake.headers.authorization,
        path: handshake.request.url ?? '',
        offered,
        accepted: false,
        at: Date.now(),
      };
      const socket = handshake.request.socket as TLSSocket;
      if (socket.encrypted) {
        const peer = socket.getPeerCertificate();
        record.tls = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
        if (peer && Object.keys(peer).length) record.tls.clientCertificate = { subject: `CN=${peer.subject?.CN ?? ''}${peer.subject?.O ? `, O=${peer.subject.O}` : ''}`, serialNumber: peer.serialNumber };
      }
      this.handshakes.push(record);
      const refuse = (status: number, why: string, violation: boolean) => {
        record.rejectStatus = status;
        this.log.push(`${stationId}: handshake rejected ${status} ${why}`);
        if (violation) this.violations.push({ stationId, error: `handshake: ${why}`, direction: 'in', kind: 'handshake' });
        this.notify();
        reject(status, why);
      };
      if (this.closing) return refuse(503, 'CSMS closing', false);
      if (!stationId) return refuse(400, 'no station id in the URL path', true);
      const protocol = SUPPORTED_PROTOCOLS.find((p) => handshake.protocols.has(p));
      // Without a mutual subprotocol ocpp-rpc would accept with protocol '' and validate nothing.
      if (!protocol) return refuse(400, `no supported subprotocol offered (${offered.join(', ') || 'none'})`, true);
      if (this.basicAuth) {
        const expected = this.basicAuth.get(stationId);
        const got = handshake.password?.toString('utf8');
        if (expected === undefined || got !== expected) {
          return refuse(401, handshake.headers.authorization ? 'wrong credentials' : 'missing credentials', false);
        }
      }
      record.protocol = protocol;
      record.accepted = true;
      accept({ stationId }, protocol);
    });

    server.on('client', (client: RpcServerClient) => this.onClient(client));
    server.on('error', (err: Error) => this.log.push(`server error: ${err.message}`));
  }

  // ---------------------------------------------------------------- handlers

  /** Override the response to `action` (current and future connections). */
  handle(action: string, fn: CsmsHandler): void {
    this.overrides.set(action, fn);
    for (const [stationId, conn] of this.conns) this.register(conn, stationId, action);
  }

  /** Back to the default response for `action`. */
  resetHandler(action: string): void {
    this.overrides.delete(action);
  }

  /** Change (or remove, with undefined) the Basic auth password expected from a station. */
  setBasicAuth(stationId: string, password: string | undefined): void {
    this.basicAuth ??= new Map();
    if (password === undefined) this.basicAuth.delete(stationId);
    else this.basicAuth.set(stationId, password);
  }

  // ---------------------------------------------------------------- queries

  callsOf(action: string, stationId?: string): any[] {
    return this.calls.filter((c) => c.action === action && (stationId === undefined || c.stationId === stationId)).map((c) => c.payload);
  }

  /** Index to pass as `{after}` to waitForCall: only calls received from now on count. */
  mark(): number {
    return this.calls.length;
  }

  /**
   * Resolves with the payload of the first matching CALL (already received ones count unless `after`
   * is given) once the CSMS has answered it, so the station has its response before the test acts.
   */
  waitForCall(action: string, predicate?: (p: any) => boolean, timeoutOrOpts: number | WaitForCallOptions = 5000, opts: WaitForCallOptions = {}): Promise<any> {
    const o = typeof timeoutOrOpts === 'number' ? { ...opts, timeoutMs: timeoutOrOpts } : timeoutOrOpts;
    const timeoutMs = o.timeoutMs ?? 5000;
    const after = o.after ?? 0;
    const find = () => {
      for (let i = after; i < this.calls.length; i++) {
        const c = this.calls[i]!;
        if (c.action !== action || !c.responded) continue;
        if (o.stationId !== undefined && c.stationId !== o.stationId) continue;
        if (predicate && !predicate(c.payload)) continue;
        return c;
      }
      return undefined;
    };
    return this.until(find, timeoutMs, () => {
      const seen = this.calls.slice(after).filter((c) => c.action === action).map((c) => JSON.stringify(c.payload).slice(0, 300));
      return `timed out after ${timeoutMs} ms waiting for ${action}${o.stationId ? ` from ${o.stationId}` : ''}` +
        (seen.length ? `; received non-matching:\n  ${seen.join('\n  ')}` : '; none received') + this.violationSuffix();
    }).then((c) => c.payload);
  }

  isConnected(stationId: string): boolean {
    return this.conns.get(stationId)?.open ?? false;
  }

  connectionCount(stationId: string): number {
    return this.counts.get(stationId) ?? 0;
  }

  /** The station's current (or last) connection's protocol. */
  protocolOf(stationId: string): string | undefined {
    return this.conns.get(stationId)?.protocol;
  }

  /** Resolves when the station is connected (at least `count` connections in total, if given). */
  waitForConnection(stationId: string, timeoutMs = 5000, opts: { count?: number } = {}): Promise<void> {
    return this.until(
      () => this.isConnected(stationId) && this.connectionCount(stationId) >= (opts.count ?? 1),
      timeoutMs,
      () => `timed out after ${timeoutMs} ms waiting for ${stationId} to connect` +
        (opts.count ? ` (connection #${opts.count}, seen ${this.connectionCount(stationId)})` : '') +
        this.handshakeSuffix(stationId),
    ).then(() => undefined);
  }

  waitForDisconnect(stationId: string, timeoutMs = 5000): Promise<void> {
    return this.until(() => !this.isConnected(stationId), timeoutMs, () => `timed out after ${timeoutMs} ms waiting for ${stationId} to disconnect`).then(() => undefined);
  }

  /** The last accepted handshake of the station. */
  lastHandshake(stationId: string): Handshake {
    for (let i = this.handshakes.length - 1; i >= 0; i--) {
      const h = this.handshakes[i]!;
      if (h.stationId === stationId && h.accepted) return h;
    }
    throw new Error(`${stationId} never completed a handshake${this.handshakeSuffix(stationId)}`);
  }

  // ---------------------------------------------------------------- actions

  /** CSMS-initiated CALL; strict-validated by ocpp-rpc (invalid payloads are recorded and rejected before sending). */
  async call(stationId: string, action: string, payload: object, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<any> {
    const conn = this.conns.get(stationId);
    if (!conn?.open) throw new Error(`FakeCsms.call(${action}): ${stationId} is not connected`);
    try {
      return await conn.client.call(action, payload, { callTimeoutMs: opts.timeoutMs, signal: opts.signal });
    } catch (err) {
      const e = err as Error & { rpcErrorCode?: string };
      this.log.push(`${stationId}: call ${action} failed: ${e.rpcErrorCode ?? e.name} ${e.message}`);
      throw err;
    }
  }

  /** Send any text as a frame, bypassing validation (Part 4 CALLERROR tests). */
  sendRaw(stationId: string, text: string): void {
    const conn = this.conns.get(stationId);
    if (!conn?.open) throw new Error(`FakeCsms.sendRaw: ${stationId} is not connected`);
    let ids = this.rawIds.get(stationId);
    if (!ids) this.rawIds.set(stationId, (ids = new Set()));
    ids.add('-1');
    try {
      const frame: unknown = JSON.parse(text);
      if (Array.isArray(frame) && frame[1] !== undefined) ids.add(String(frame[1]));
    } catch {
      /* not JSON: the station answers with id "-1" */
    }
    conn.client.sendRaw(text);
  }

  /** Drop the connection (closing handshake with `code`, default 1001; `force` terminates the TCP socket). */
  async disconnect(stationId: string, code = 1001, opts: { force?: boolean; reason?: string } = {}): Promise<void> {
    const conn = this.conns.get(stationId);
    if (!conn?.open) return;
    void conn.client.close(opts.force ? { force: true } : { code, reason: opts.reason ?? 'CSMS closed the connection' }).catch(() => undefined);
    const timer = setTimeout(() => conn.client.handshake.request.socket.destroy(), 2000);
    await conn.closed;
    clearTimeout(timer);
  }

  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v) => `  - [${v.stationId}] ${v.error}` + (v.payload !== undefined ? `\n      payload: ${JSON.stringify(v.payload).slice(0, 500)}` : ''));
    throw new Error(`FakeCsms recorded ${this.violations.length} OCPP violation(s):\n${lines.join('\n')}`);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const closes = [...this.conns.values()].filter((c) => c.open).map((c) => {
      void c.client.close({ force: true }).catch(() => undefined);
      return c.closed;
    });
    await Promise.all(closes);
    await this.server.close({ code: 1001, force: true });
    if (this.https) {
      this.https.closeAllConnections();
      await new Promise<void>((resolve) => this.https!.close(() => resolve()));
    }
    for (const w of this.waiters) w();
  }

  // ---------------------------------------------------------------- internals

  private onClient(client: RpcServerClient): void {
    const stationId = client.identity ?? (client.session as { stationId: string }).stationId;
    const protocol = client.protocol ?? '';
    let resolveClosed!: () => void;
    const conn: Conn = {
      client,
      protocol,
      open: true,
      defaults: defaultHandlers(protocol, this.now),
      closed: new Promise<void>((r) => (resolveClosed = r)),
      unanswered: new Map(),
    };
    const previous = this.conns.get(stationId);
    if (previous?.open) this.log.push(`${stationId}: new connection while the previous one is still open`);
    this.conns.set(stationId, conn);
    this.counts.set(stationId, this.connectionCount(stationId) + 1);
    this.rawIds.delete(stationId);

    // OCPP 2.0.1 Part 4 spells it "OccurrenceConstraintViolation"; OCPP-J 1.6 keeps "OccurenceConstraintViolation"
    // (errata 5: will not be fixed). ocpp-rpc's validator says "Occurence…" and swaps it to "Occurrence…" on
    // ocpp1.6, the wrong way round for both. Fix our outgoing CALLERRORs so the peer stays spec-true.
    const [wrong, right] = protocol === 'ocpp1.6' ? ['OccurrenceConstraintViolation', 'OccurenceConstraintViolation'] : ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'];
    const send = client.sendRaw.bind(client);
    const callErrorCode = new RegExp(`^(\\[\\s*4\\s*,\\s*"(?:[^"\\\\]|\\\\.)*"\\s*,\\s*")${wrong}"`);
    client.sendRaw = (message: string) => send(String(message).replace(callErrorCode, `$1${right}"`));

    client.on('message', ({ message, outbound }: { message: string | Buffer; outbound: boolean }) => {
      const raw = message.toString();
      this.frames.push({ stationId, direction: outbound ? 'out' : 'in', raw, at: Date.now() });
      if (outbound) this.markResponded(conn, raw);
      else this.checkRaw(stationId, protocol, raw);
    });
    client.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      if (outbound) return;
      const pending = [...conn.unanswered.values()][0];
      if (pending && !this.allowConcurrentCalls) {
        this.violations.push({
          stationId,
          error: `station sent ${String(payload[2])} (${String(payload[1])}) while its ${pending.action} (${pending.messageId}) was still unanswered`,
          direction: 'in',
          kind: 'CALL',
          action: String(payload[2]),
          messageId: String(payload[1]),
          payload: payload[3],
        });
      }
      const rec: ReceivedCall = {
        stationId,
        action: String(payload[2]),
        payload: payload[3],
        at: Date.now(),
        messageId: String(payload[1]),
        protocol,
        valid: true,
        responded: false,
      };
      this.calls.push(rec);
      conn.unanswered.set(rec.messageId, rec);
      this.notify();
    });
    client.on('strictValidationFailure', (ev: { messageId: string; method: string; params: unknown; result: unknown; error: Error & { rpcErrorCode?: string }; outbound: boolean; isCall: boolean }) => {
      const kind = ev.isCall ? 'CALL' : 'CALLRESULT';
      const who = ev.outbound ? 'CSMS sent' : 'station sent';
      this.violations.push({
        stationId,
        error: `${who} invalid ${kind} ${ev.method} (${protocol}): ${ev.error.rpcErrorCode ?? ''} ${ev.error.message}`.replace(/\s+/g, ' '),
        direction: ev.outbound ? 'out' : 'in',
        kind,
        action: ev.method,
        messageId: ev.messageId,
        payload: ev.isCall ? ev.params : ev.result,
      });
      if (!ev.outbound && ev.isCall) {
        const c = conn.unanswered.get(ev.messageId);
        if (c) c.valid = false;
      }
      this.notify();
    });
    client.on('badMessage', ({ buffer, error }: { buffer: Buffer | string; error: Error & { rpcErrorCode?: string } }) => {
      const raw = buffer.toString();
      let id: string | undefined;
      let type: unknown;
      try {
        const frame: unknown = JSON.parse(raw);
        if (Array.isArray(frame)) {
          type = frame[0];
          id = typeof frame[1] === 'string' ? frame[1] : undefined;
        }
      } catch {
        /* unparsable */
      }
      const expected = (type === 3 || type === 4) && id !== undefined && (this.rawIds.get(stationId)?.has(id) ?? false);
      if (expected) {
        this.log.push(`${stationId}: reply to a raw frame: ${raw.slice(0, 200)}`);
      } else {
        this.violations.push({ stationId, error: `station sent a bad frame: ${error.rpcErrorCode ?? ''} ${error.message}: ${raw.slice(0, 300)}`.replace(/\s+/g, ' '), direction: 'in', kind: 'frame', payload: raw });
      }
      this.notify();
    });
    client.on('callError', (ev: { outbound: boolean; method: string; error: Error & { rpcErrorCode?: string } }) => {
      if (!ev.outbound) this.log.push(`${stationId}: answered ${ev.method} with CALLERROR ${ev.error.rpcErrorCode ?? 'GenericError'} ${ev.error.message}`);
    });
    client.on('socketError', (err: Error) => this.log.push(`${stationId}: socket error ${err.message}`));
    client.on('error', (err: Error) => this.log.push(`${stationId}: client error ${err.message}`));
    client.on('close', ({ code, reason }: { code?: number; reason?: string }) => {
      conn.open = false;
      this.log.push(`${stationId}: closed ${code ?? ''} ${reason ?? ''}`.trim());
      resolveClosed();
      this.notify();
    });

    for (const action of new Set([...Object.keys(conn.defaults), ...this.overrides.keys()])) this.register(conn, stationId, action);
    this.notify();
  }

  private register(conn: Conn, stationId: string, action: string): void {
    conn.client.handle(action, async ({ params, messageId }: { params?: unknown; messageId?: string }) => {
      const fn = this.overrides.get(action) ?? conn.defaults[action];
      if (!fn) throw createRPCError('NotImplemented', `Unable to handle '${action}' calls`);
      const result = await fn(params, stationId, { protocol: conn.protocol, messageId: messageId ?? '' });
      if (result === NOREPLY) {
        const c = conn.unanswered.get(messageId ?? '');
        if (c) {
          c.responded = true;
          conn.unanswered.delete(c.messageId);
        }
        this.notify();
      }
      return result;
    });
  }

  /** The rules ocpp-rpc does not enforce (rawFrameProblem); a reply to a frame a test sent raw is exempt. */
  private checkRaw(stationId: string, protocol: string, raw: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    const problem = rawFrameProblem(protocol, frame);
    if (!problem) return;
    const f = frame as unknown[];
    if ((f[0] === 3 || f[0] === 4) && (this.rawIds.get(stationId)?.has(String(f[1])) ?? false)) return;
    this.violations.push({
      stationId,
      error: `station sent ${problem}`,
      direction: 'in',
      kind: f[0] === 2 ? 'CALL' : 'frame',
      action: f[0] === 2 ? String(f[2]) : undefined,
      messageId: String(f[1]),
      payload: raw,
    });
    this.notify();
  }

  private markResponded(conn: Conn, raw: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!Array.isArray(frame) || (frame[0] !== 3 && frame[0] !== 4)) return;
    const c = conn.unanswered.get(String(frame[1]));
    if (!c) return;
    c.responded = true;
    conn.unanswered.delete(c.messageId);
    // let the frame leave before waiters act on it
    setImmediate(() => this.notify());
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private until<T>(probe: () => T | undefined | false, timeoutMs: number, describe: () => string): Promise<T> {
    const first = probe();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = () => {
        const v = probe();
        if (v) {
          done();
          resolve(v);
        } else if (this.closing) {
          done();
          reject(new Error(`FakeCsms closed while ${describe().replace(/^timed out after \d+ ms /, '')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(describe()));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  private violationSuffix(): string {
    return this.violations.length ? `\nviolations so far:\n  ${this.violations.map((v) => `[${v.stationId}] ${v.error}`).join('\n  ')}` : '';
  }

  private handshakeSuffix(stationId: string): string {
    const hs = this.handshakes.filter((h) => h.stationId === stationId && !h.accepted);
    return hs.length ? `; rejected handshakes: ${hs.map((h) => `${h.rejectStatus} (offered ${h.offered.join(',') || 'none'})`).join(', ')}` : '';
  }
}

export async function startFakeCsms(opts: FakeCsmsOptions = {}): Promise<FakeCsms> {
  const server = new RPCServer({
    protocols: [...SUPPORTED_PROTOCOLS],
    strictMode: true,
    callTimeoutMs: opts.callTimeoutMs ?? 10_000,
    pingIntervalMs: opts.pingIntervalMs ?? 30_000,
    respondWithDetailedErrors: false,
  });
  if (opts.tls) {
    const t = opts.tls;
    const https = createHttpsServer({
      cert: t.cert,
      key: t.key,
      ...(t.clientCa ? { ca: t.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
      ...(t.minVersion ? { minVersion: t.minVersion } : {}),
      ...(t.maxVersion ? { maxVersion: t.maxVersion } : {}),
      ...(t.ciphers ? { ciphers: t.ciphers } : {}),
    });
    https.on('upgrade', server.handleUpgrade);
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    return new FakeCsms(server, (https.address() as AddressInfo).port, opts, https);
  }
  const http = await server.listen(0, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  return new FakeCsms(server, port, opts);
}

