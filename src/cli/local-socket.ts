/**
 * A running station (`ng9 console`, `serve`, `run`) answers its console on a
 * local socket in its state folder, so that one-shot commands on the same
 * station talk to that process instead of opening a second copy of the
 * station (which its lock forbids anyway). The protocol is the console's,
 * each connection a session in machine (JSON) mode from the start.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { type Server, type Socket, createConnection, createServer } from 'node:net';
import type { Station } from '../station/station.js';
import { LineSplitter } from './serial-link.js';
import { socketMayListen, socketPath } from './socket-path.js';
import { parseProtocolLine, type Target, type TargetEvent, type TargetReply, TargetError } from './target.js';

/** Answer the console on the station's local socket until the returned function is called. */
export async function serveLocalSocket(station: Station, stateDir: string): Promise<() => Promise<void>> {
  const { ConsoleSession } = await import('../station/console/session.js');
  const path = socketPath(stateDir);
  // The station's lock is ours: a socket file left here belongs to a process that died.
  if (process.platform !== 'win32' && existsSync(path)) unlinkSync(path);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const splitter = new LineSplitter();
    const session = new ConsoleSession(station, (line) => socket.writable && socket.write(`${line}\n`), { json: true });
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      for (const line of splitter.push(text)) void session.handleLine(line);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      session.close();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.unref();
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** The station running in another process, reached through its local socket. */
export class SocketTarget implements Target {
  private readonly splitter = new LineSplitter();
  private readonly listeners = new Set<(event: TargetEvent) => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private waiter?: { resolve(reply: TargetReply): void; reject(err: Error): void };
  private ended?: TargetError;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      for (const line of this.splitter.push(text)) this.onLine(line);
    });
    const end = () => {
      this.ended ??= new TargetError('LINK', 'the station process closed its console (it stopped?)');
      this.waiter?.reject(this.ended);
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  /** The running station of `stateDir`, or undefined when no process runs it. */
  static connect(stateDir: string, timeoutMs = 10_000): Promise<SocketTarget | undefined> {
    const path = socketPath(stateDir);
    if (!socketMayListen(path)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const socket = createConnection(path);
      socket.once('connect', () => resolve(new SocketTarget(socket, timeoutMs)));
      socket.once('error', () => resolve(undefined)); // nobody listens: a socket file left by a dead process
    });
  }

  request(line: string): Promise<TargetReply> {
    const run = this.chain.then(() => this.exchange(line));
    this.chain = run.catch(() => undefined);
    return run;
  }

  onEvent(fn: (event: TargetEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    await this.chain;
    this.socket.end();
  }

  private exchange(line: string): Promise<TargetReply> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.waiter?.reject(new TargetError('TIMEOUT', `the station process did not answer '${line}' within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.waiter = undefined;
      };
      this.waiter = {
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      };
      this.socket.write(`${line}\n`);
    });
  }

  private onLine(line: string): void {
    const parsed = parseProtocolLine(line);
    if (parsed.kind === 'event') for (const fn of [...this.listeners]) fn(parsed.event);
    else if (parsed.kind === 'reply') this.waiter?.resolve(parsed.reply);
  }
}
