/**
 * OCPP-J client link to the CSMS: one WebSocket, one CALL in flight at a time,
 * incoming CALLs answered at once, reconnect with the OCPP back-off, ws ping.
 * Every timer runs on the station Clock.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { type Clock, dueOf, type Timer } from '../clock.js';
import { CsmsAuthError, errorCodes, NotConnectedError, OcppCallError, OcppTimeoutError, type OcppVersion } from './errors.js';
import { CALL, CALLERROR, CALLRESULT, parseFrame, serializeCall, serializeError, serializeResult, type CallFrame } from './frames.js';
import { validatorFor, type PayloadValidator } from './validator.js';
import { NO_ANSWER, type Dispatcher } from './dispatcher.js';
import { type TlsCredentials, tlsOptions } from '../security/tls.js';

export interface LinkConfig {
  /** CSMS base URL (ws:// or wss://); the station id is appended as the last path segment. */
  url: string;
  stationId: string;
  version: OcppVersion;
  /** Security profile 1/2: HTTP Basic with username = stationId. */
  basicAuthPassword?: string;
  /** Security profile 2/3 (wss://): what the connection trusts and presents, read at each connect (certificates change). */
  tls?: TlsCredentials | (() => TlsCredentials);
  /** OCPPCommCtrlr.MessageTimeout; 0 = wait for ever. */
  messageTimeoutSec: number;
  /** OCPPCommCtrlr.WebSocketPingInterval; 0 = off. */
  pingIntervalSec: number;
  retryBackOffWaitMinimumSec: number;
  retryBackOffRandomRangeSec: number;
  retryBackOffRepeatTimes: number;
}

export interface LinkEvents {
  open: [];
  close: [{ code: number; reason: string }];
  frame: [{ direction: 'in' | 'out'; raw: string }];
  connectError: [Error];
  protocolError: [{ message: string }];
}

/** Where incoming CALLs go (a Dispatcher). */
export type IncomingCalls = Pick<Dispatcher, 'supports' | 'dispatch'>;

interface PendingCall {
  id: string;
  action: string;
  payload: object;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: Timer;
}

type WsModule = typeof import('ws');

/** ws, loaded at the first connect (a one-shot console command never loads it); a fleet's later connects skip the module loader. */
let loadingWs: Promise<WsModule> | undefined;

const SOCKET_EVENTS = ['open', 'message', 'pong', 'error', 'close'] as const;

export class OcppLink extends EventEmitter<LinkEvents> {
  private config: LinkConfig;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly incoming: IncomingCalls;

  private running = false;
  private ws: WebSocket | undefined;
  private isOpen = false;
  private version: OcppVersion;
  private validator: PayloadValidator;

  private queue: PendingCall[] = [];
  private inFlight: PendingCall | undefined;
  /** CSMS CALLs whose answer is being worked out (a handler may await). */
  private answering = 0;

  private reconnectTimer: Timer | undefined;
  private connectTimer: Timer | undefined;
  private failedAttempts = 0;
  private lastBackOffMs = 0;

  private pingTimer: Timer | undefined;
  private awaitingPong = false;

  constructor(config: LinkConfig, deps: { clock: Clock; random?: () => number; incoming: IncomingCalls }) {
    super();
    this.incoming = deps.incoming;
    this.config = { ...config };
    this.clock = deps.clock;
    this.random = deps.random ?? Math.random;
    this.version = config.version;
    this.validator = validatorFor(config.version);
  }

  get connected(): boolean {
    return this.isOpen;
  }

  /** URL, version and credentials apply at the next connect; timeouts and ping at once. */
  configure(partial: Partial<LinkConfig>): void {
    const pingChanged = partial.pingIntervalSec !== undefined && partial.pingIntervalSec !== this.config.pingIntervalSec;
    this.config = { ...this.config, ...partial };
    if (pingChanged && this.isOpen) this.schedulePing();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failedAttempts = 0;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const ws = this.ws;
    if (!ws) return;
    const wasOpen = this.isOpen;
    // Detach first: pending calls fail now, the socket's own events are ignored,
    // and a start() right after stop() gets a fresh socket.
    this.dropSocket(ws);
    if (ws.readyState === ws.CONNECTING) {
      ws.terminate();
      return;
    }
    if (ws.readyState === ws.CLOSED) return;
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
    );
    if (ws.readyState === ws.OPEN) ws.close(1000);
    const event = await closed;
    if (wasOpen) this.safeEmit('close', event);
  }

  call<T = unknown>(action: string, payload: object): Promise<T> {
    const failure = this.validator.request(action, payload);
    if (failure) return Promise.reject(new Error(`invalid ${action} request (${failure.code}): ${failure.message}`));
    if (!this.isOpen) return Promise.reject(new NotConnectedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: randomUUID(), action, payload, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  // --- connection ---------------------------------------------------------

  private async connect(): Promise<void> {
    let wsModule: WsModule;
    try {
      wsModule = await (loadingWs ??= import('ws'));
    } catch (error) {
      loadingWs = undefined;
      this.safeEmit('connectError', error as Error);
      if (this.running) this.scheduleReconnect();
      return;
    }
    if (!this.running || this.ws) return;

    const { url, stationId, version, basicAuthPassword, tls } = this.config;
    this.version = version;
    this.validator = validatorFor(version);
    const target = `${url.endsWith('/') ? url : `${url}/`}${encodeURIComponent(stationId)}`;
    const headers: Record<string, string> = {};
    if (basicAuthPassword !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${stationId}:${basicAuthPassword}`).toString('base64')}`;
    }

    let ws: WebSocket;
    try {
      // skipUTF8Validation: bad bytes become a bad OCPP frame to answer, not a reason to close.
      const secure = /^wss:/i.test(target) ? tlsOptions((typeof tls === 'function' ? tls() : tls) ?? { ca: [] }) : {};
      ws = new wsModule.WebSocket(target, [`ocpp${version}`], { headers, skipUTF8Validation: true, ...secure });
    } catch (error) {
      // e.g. a malformed URL: report, and retry on the schedule (configure may fix it).
      this.safeEmit('connectError', error as Error);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;

    // Without this a silently dropped SYN would hang until the OS gives up.
    const connectTimeoutMs = Math.max(this.config.messageTimeoutSec, 10) * 1000;
    this.connectTimer = this.clock.setTimeout(() => {
      if (this.ws !== ws || this.isOpen) return;
      this.dropSocket(ws); // first, so the socket's own error and close events are ignored
      ws.terminate();
      this.safeEmit('connectError', new Error(`connect timed out after ${connectTimeoutMs / 1000} s`));
      if (this.running) this.scheduleReconnect();
    }, connectTimeoutMs);

    this.listen(ws);
  }

  /** The socket's events, for as long as it is this link's. */
  private listen(ws: WebSocket): void {
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.clock.clearTimeout(this.connectTimer);
      this.opened();
      this.safeEmit('open');
      this.pump();
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      const raw = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      try {
        this.receive(raw, isBinary);
      } catch (error) {
        this.safeEmit('protocolError', { message: `failed to process frame: ${(error as Error).message}` });
      }
    });
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
    ws.on('error', (error) => {
      if (this.ws !== ws || this.isOpen) return;
      // ws reports the HTTP answer to the upgrade in its message: a 401 is the CSMS refusing the credentials.
      const refused = /Unexpected server response: 401\b/.test(error.message);
      this.safeEmit('connectError', refused ? new CsmsAuthError() : error);
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      const wasOpen = this.isOpen;
      this.dropSocket(ws);
      if (wasOpen) this.safeEmit('close', { code, reason: reason.toString('utf8') });
      if (this.running) this.scheduleReconnect();
    });
  }

  /** When the next WebSocket ping goes (monotonic), if one waits. */
  get pingDue(): number | undefined {
    return dueOf(this.clock, this.pingTimer);
  }

  /** CALLs queued or in flight, either way. */
  get busy(): boolean {
    return this.inFlight !== undefined || this.queue.length > 0 || this.answering > 0;
  }

  /**
   * Give the open socket up without closing it, for a fleet that hibernates
   * an idle station (fleet/hibernation.ts): nothing is emitted and nothing
   * can fail, as nothing is pending. Undefined unless open and quiet.
   */
  detach(): WebSocket | undefined {
    const ws = this.ws;
    if (!ws || !this.isOpen || this.busy) return undefined;
    // only this link listens to the socket's events (ws itself does not)
    for (const event of SOCKET_EVENTS) ws.removeAllListeners(event);
    this.running = false;
    this.dropSocket(ws);
    return ws;
  }

  /** Take over the open socket detach() gave up, as connected with the configuration: nothing is emitted. */
  adopt(ws: WebSocket): void {
    this.running = true;
    this.version = this.config.version;
    this.validator = validatorFor(this.version);
    this.ws = ws;
    this.listen(ws);
    this.opened();
  }

  /** The socket is open: the back-off starts over, the ping runs. */
  private opened(): void {
    this.isOpen = true;
    this.failedAttempts = 0;
    this.lastBackOffMs = 0;
    this.schedulePing();
  }

  /** Forget the socket and fail everything that depended on it. */
  private dropSocket(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.ws = undefined;
    this.isOpen = false;
    this.clock.clearTimeout(this.connectTimer);
    this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    const pending = this.inFlight ? [this.inFlight, ...this.queue] : this.queue;
    this.inFlight = undefined;
    this.queue = [];
    for (const call of pending) {
      this.clock.clearTimeout(call.timer);
      call.reject(new NotConnectedError(`connection lost before ${call.action} was answered`));
    }
  }

  /**
   * OCPP 2.0.1 Part 4 / B04: first wait = minimum + random(0..range); each
   * further failure doubles the previous wait and adds a new random part, for
   * RetryBackOffRepeatTimes doublings; after that the last wait is kept.
   */
  private scheduleReconnect(): void {
    const { retryBackOffWaitMinimumSec: min, retryBackOffRandomRangeSec: range, retryBackOffRepeatTimes: repeat } = this.config;
    const randomMs = this.random() * range * 1000;
    let waitMs: number;
    if (this.failedAttempts === 0) waitMs = min * 1000 + randomMs;
    else if (this.failedAttempts <= repeat) waitMs = this.lastBackOffMs * 2 + randomMs;
    else waitMs = this.lastBackOffMs;
    this.failedAttempts++;
    this.lastBackOffMs = waitMs;
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.running) void this.connect();
    }, Math.round(waitMs));
  }

  private schedulePing(): void {
    this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.awaitingPong = false;
    const intervalMs = this.config.pingIntervalSec * 1000;
    if (intervalMs <= 0) return;
    const tick = (): void => {
      const ws = this.ws;
      if (!ws || !this.isOpen) return;
      if (this.awaitingPong) {
        this.safeEmit('protocolError', { message: `no pong within ${this.config.pingIntervalSec} s, dropping the connection` });
        ws.terminate();
        return;
      }
      this.awaitingPong = true;
      try {
        ws.ping();
      } catch {
        // The socket is going away; its close event handles the rest.
      }
      this.pingTimer = this.clock.setTimeout(tick, intervalMs);
    };
    this.pingTimer = this.clock.setTimeout(tick, intervalMs);
  }

  // --- frames ---------------------------------------------------------------

  private send(raw: string): boolean {
    const ws = this.ws;
    if (!ws || !this.isOpen) return false;
    ws.send(raw, () => {
      // Send errors surface as a close; nothing to do here.
    });
    this.safeEmit('frame', { direction: 'out', raw });
    return true;
  }

  private pump(): void {
    if (this.inFlight || !this.isOpen) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = next;
    this.send(serializeCall(next.id, next.action, next.payload));
    const timeoutSec = this.config.messageTimeoutSec;
    if (timeoutSec > 0) {
      next.timer = this.clock.setTimeout(() => {
        if (this.inFlight !== next) return;
        this.inFlight = undefined;
        next.reject(new OcppTimeoutError(next.action, timeoutSec));
        this.pump();
      }, timeoutSec * 1000);
    }
  }

  private receive(raw: string, isBinary: boolean): void {
    this.safeEmit('frame', { direction: 'in', raw });
    if (isBinary) this.safeEmit('protocolError', { message: 'binary frame received; OCPP-J uses text frames' });
    const parsed = parseFrame(raw, this.version);
    if (!parsed.ok) {
      const { problem } = parsed;
      this.safeEmit('protocolError', { message: `bad frame: ${problem.description}` });
      if (problem.answer) this.send(serializeError(problem.id, problem.code, problem.description));
      else if (this.inFlight?.id === problem.id) this.settle(new OcppCallError(problem.code, problem.description));
      return;
    }
    const { frame } = parsed;
    if (frame.type === CALL) {
      void this.answer(frame);
      return;
    }
    if (this.inFlight?.id !== frame.id) {
      const kind = frame.type === CALLRESULT ? 'CALLRESULT' : 'CALLERROR';
      this.safeEmit('protocolError', { message: `${kind} for unknown message id ${frame.id}` });
      return;
    }
    if (frame.type === CALLERROR) {
      this.settle(new OcppCallError(frame.code, frame.description, frame.details));
      return;
    }
    const failure = this.validator.response(this.inFlight.action, frame.payload);
    if (failure) {
      const message = `invalid ${this.inFlight.action} response: ${failure.message}`;
      this.safeEmit('protocolError', { message });
      this.settle(new OcppCallError(failure.code, message));
      return;
    }
    this.settle(undefined, frame.payload);
  }

  /** Finish the CALL in flight and send the next one. */
  private settle(error: Error | undefined, result?: unknown): void {
    const call = this.inFlight;
    if (!call) return;
    this.inFlight = undefined;
    this.clock.clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
    this.pump();
  }

  /** Answer an incoming CALL on the socket it came in on. */
  private async answer(frame: CallFrame): Promise<void> {
    const ws = this.ws;
    let raw: string | undefined;
    this.answering++;
    try {
      raw = await this.reply(frame);
    } catch (error) {
      this.safeEmit('protocolError', { message: `failed to answer ${frame.action}: ${(error as Error)?.message ?? String(error)}` });
      raw = serializeError(frame.id, errorCodes(this.version).internal, `${frame.action} failed`);
    } finally {
      this.answering--;
    }
    if (raw !== undefined && this.ws === ws) this.send(raw);
  }

  /** The answer frame; undefined when the request gets no answer (B03). */
  private async reply(frame: CallFrame): Promise<string | undefined> {
    const codes = errorCodes(this.version);
    const { id, action, payload } = frame;
    if (!this.validator.knows(action)) return serializeError(id, codes.notImplemented, `unknown action ${action}`);
    if (!this.incoming.supports(this.version, action)) return serializeError(id, codes.notSupported, `${action} is not supported`);
    const invalid = this.validator.request(action, payload);
    if (invalid) return serializeError(id, invalid.code, invalid.message);

    let result: unknown;
    try {
      result = await this.incoming.dispatch(this.version, action, payload);
      if (result === NO_ANSWER) return undefined;
    } catch (error) {
      if (error instanceof OcppCallError) return serializeError(id, error.code, error.description, error.details);
      return serializeError(id, codes.internal, `${action} failed: ${(error as Error)?.message ?? String(error)}`);
    }
    const bad = this.validator.response(action, result);
    if (bad) {
      this.safeEmit('protocolError', { message: `our ${action} response is invalid: ${bad.message}` });
      return serializeError(id, codes.internal, `${action} produced an invalid response`);
    }
    return serializeResult(id, result);
  }

  /** A throwing listener must not break the link. */
  private safeEmit<K extends keyof LinkEvents>(event: K, ...args: LinkEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: LinkEvents[K]) => boolean)(event, ...args);
    } catch {
      // Listener bugs are the listener's problem.
    }
  }
}
