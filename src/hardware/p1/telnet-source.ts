import { connect, type Socket } from 'node:net';
import type { Timer } from '../../station/clock.js';
import { errorText, type LinkHandlers, type OpenLink, RetryingSource, type RetryOptions } from './retrying-source.js';
import { TelnetFilter } from './telnet-filter.js';

export interface TelnetSourceOptions extends RetryOptions {
  /** Give up a connection attempt after this long (an unreachable host can take minutes to fail). */
  connectTimeoutMs?: number;
  /** Drop and reopen a connection that brought no byte for this long (a half-open TCP link after the converter lost power). */
  idleTimeoutMs?: number;
}

/**
 * P1 telegrams from a P1-to-network converter: a TCP ("telnet") client to
 * host:port (OD 2191_02 : 2191_03), reconnecting with back-off.
 */
export class TelnetP1Source extends RetryingSource {
  readonly description: string;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;

  constructor(
    readonly host: string,
    readonly port: number,
    options: TelnetSourceOptions,
  ) {
    super(options);
    this.description = `telnet ${host}:${port}`;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  }

  protected open(handlers: LinkHandlers): Promise<OpenLink> {
    return new Promise((resolve, reject) => {
      const clock = this.clock;
      const telnet = new TelnetFilter();
      const socket: Socket = connect({ host: this.host, port: this.port });
      let connected = false;
      let closing = false;
      let lastError: Error | undefined;
      let idleTimer: Timer | undefined;
      const connectTimer = clock.setTimeout(
        () => socket.destroy(new Error(`no answer within ${this.connectTimeoutMs / 1000} s`)),
        this.connectTimeoutMs,
      );
      const armIdle = () => {
        clock.clearTimeout(idleTimer);
        idleTimer = clock.setTimeout(() => socket.destroy(new Error(`no data for ${this.idleTimeoutMs / 1000} s`)), this.idleTimeoutMs);
      };
      socket.on('connect', () => {
        connected = true;
        clock.clearTimeout(connectTimer);
        armIdle();
        resolve({
          close: () =>
            new Promise<void>((done) => {
              closing = true;
              clock.clearTimeout(idleTimer);
              if (socket.destroyed) return done();
              socket.once('close', () => done());
              socket.destroy();
            }),
        });
      });
      socket.on('data', (chunk: Buffer) => {
        armIdle();
        const data = telnet.filter(chunk);
        if (data.length > 0) handlers.data(data);
      });
      socket.on('error', (err) => {
        lastError = err;
      });
      socket.on('close', () => {
        clock.clearTimeout(connectTimer);
        clock.clearTimeout(idleTimer);
        if (!connected) reject(lastError ?? new Error('connection closed'));
        else if (!closing) handlers.lost(lastError ? `connection lost: ${errorText(lastError)}` : 'connection closed by the converter');
      });
    });
  }
}
