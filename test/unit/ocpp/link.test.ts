import type { IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { FakeClock } from '../../../src/station/clock.js';
import { NotConnectedError, OcppCallError, OcppTimeoutError } from '../../../src/station/ocpp/errors.js';
import { OcppLink, type LinkConfig } from '../../../src/station/ocpp/link.js';
import { Dispatcher } from '../../../src/station/ocpp/dispatcher.js';
import { waitFor } from '../../support/wait.js';

/** One station connection as the scripted CSMS sees it. */
class Conn {
  readonly inbox: string[] = [];
  private read = 0;
  pings = 0;
  closed = false;

  constructor(readonly ws: WebSocket, readonly req: IncomingMessage) {
    ws.on('message', (data) => this.inbox.push(data.toString()));
    ws.on('ping', () => this.pings++);
    ws.on('close', () => (this.closed = true));
  }

  /** The next frame the station sent, parsed. */
  async next(): Promise<any[]> {
    await waitFor(() => this.inbox.length > this.read, 'a frame from the station');
    return JSON.parse(this.inbox[this.read++]!);
  }

  get unread(): number {
    return this.inbox.length - this.read;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

/** A plain ws server scripted frame by frame. */
class Csms {
  readonly conns: Conn[] = [];
  private constructor(readonly wss: WebSocketServer) {
    wss.on('connection', (ws, req) => this.conns.push(new Conn(ws, req)));
  }

  static async start(options: ServerOptions = {}): Promise<Csms> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new Csms(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
  }

  async conn(index = 0): Promise<Conn> {
    return waitFor(() => this.conns[index], `connection #${index + 1}`);
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function makeLink(url: string, over: Partial<LinkConfig> = {}, stopAfterEach = true) {
  const clock = new FakeClock();
  const actions = new Dispatcher({ registration: () => 'Accepted' });
  const link = new OcppLink(
    {
      url,
      stationId: 'NG9-0001',
      version: '2.0.1',
      messageTimeoutSec: 30,
      pingIntervalSec: 0,
      retryBackOffWaitMinimumSec: 10,
      retryBackOffRandomRangeSec: 0,
      retryBackOffRepeatTimes: 3,
      ...over,
    },
    { clock, random: () => 0, incoming: actions },
  );
  const protocolErrors: string[] = [];
  const connectErrors: Error[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  link.on('protocolError', (e) => protocolErrors.push(e.message));
  link.on('connectError', (e) => connectErrors.push(e));
  link.on('close', (e) => closes.push(e));
  if (stopAfterEach) cleanups.push(() => link.stop());
  return { clock, link, actions, protocolErrors, connectErrors, closes };
}

async function setup(over: Partial<LinkConfig> = {}, serverOptions: ServerOptions = {}) {
  const csms = await Csms.start(serverOptions);
  cleanups.push(() => csms.close());
  const station = makeLink(csms.url, over);
  station.link.start();
  const conn = await csms.conn();
  await waitFor(() => station.link.connected, 'link open');
  return { csms, conn, ...station };
}

const bootPayload = { reason: 'PowerUp', chargingStation: { model: 'NG9', vendorName: 'NG' } };
const bootResult = { currentTime: '2026-01-01T00:00:00Z', interval: 300, status: 'Accepted' };

describe('OcppLink connection', () => {
  it('connects with the subprotocol, the station id as last path segment and Basic auth', async () => {
    const csms = await Csms.start();
    cleanups.push(() => csms.close());
    const { link } = makeLink(csms.url, { stationId: 'NG9/0001 A', basicAuthPassword: 's3cret:pw' });
    const opened: boolean[] = [];
    link.on('open', () => opened.push(true));
    link.start();
    const conn = await csms.conn();
    await waitFor(() => opened.length === 1, 'open event');
    expect(link.connected).toBe(true);
    expect(conn.ws.protocol).toBe('ocpp2.0.1');
    expect(conn.req.url).toBe('/ocpp/NG9%2F0001%20A');
    const auth = conn.req.headers.authorization!;
    expect(auth.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(auth.slice(6), 'base64').toString()).toBe('NG9/0001 A:s3cret:pw');
  });

  it('speaks ocpp1.6 and keeps a trailing slash of the base URL single', async () => {
    const csms = await Csms.start();
    cleanups.push(() => csms.close());
    const { link } = makeLink(`${csms.url}/`, { version: '1.6' });
    link.start();
    const conn = await csms.conn();
    expect(conn.ws.protocol).toBe('ocpp1.6');
    expect(conn.req.url).toBe('/ocpp/NG9-0001');
    expect(conn.req.headers.authorization).toBeUndefined();
  });

  it('reports a 401 as connectError and retries', async () => {
    const { link, connectErrors, clock } = makeLink('ws://127.0.0.1:1/x');
    const csms = await Csms.start({ verifyClient: (_info, cb) => cb(false, 401, 'Unauthorized') });
    cleanups.push(() => csms.close());
    link.configure({ url: csms.url });
    link.start();
    await waitFor(() => connectErrors.length === 1, 'connect error');
    expect(connectErrors[0]!.message).toMatch(/401/);
    expect(link.connected).toBe(false);
    await clock.advance(10_000);
    await waitFor(() => connectErrors.length === 2, 'second connect error');
  });

  it('stop() closes, rejects what waits and does not reconnect', async () => {
    const { link, conn, clock, closes } = await setup({ pingIntervalSec: 60 });
    const pending = link.call('Heartbeat', {}).catch((e: unknown) => e);
    await conn.next();
    await link.stop();
    expect(await pending).toBeInstanceOf(NotConnectedError);
    expect(link.connected).toBe(false);
    expect(closes).toEqual([{ code: 1000, reason: '' }]);
    expect(clock.pending).toBe(0);
    await expect(link.call('Heartbeat', {})).rejects.toBeInstanceOf(NotConnectedError);
  });
});

describe('OcppLink restart', () => {
  it('connects afresh when started right after stop()', async () => {
    const { link, csms, connectErrors } = await setup();
    const stopping = link.stop();
    link.start();
    await csms.conn(1);
    await waitFor(() => link.connected, 'reopened');
    await stopping;
    expect(link.connected).toBe(true);
    expect(connectErrors).toHaveLength(0);
  });

  it('stops quietly while still connecting', async () => {
    const held: Socket[] = [];
    let socketClosed = false;
    const server = createServer((socket) => {
      // Accepts TCP, never answers the upgrade.
      held.push(socket);
      socket.resume();
      socket.on('close', () => (socketClosed = true));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of held) socket.destroy();
          server.close(() => resolve());
        }),
    );
    const { link, connectErrors, clock } = makeLink(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    link.start();
    await waitFor(() => held.length === 1, 'TCP connection');
    await link.stop();
    await waitFor(() => socketClosed, 'socket closed by the station');
    expect(connectErrors).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });
});

describe('OcppLink outgoing CALLs', () => {
  it('rejects at once with NotConnectedError while not connected', async () => {
    const { link } = makeLink('ws://127.0.0.1:1/x');
    await expect(link.call('Heartbeat', {})).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('refuses our own invalid payload with a plain Error and sends nothing', async () => {
    const { link, conn } = await setup();
    const error = await link.call('Reset', { type: 'Never' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OcppCallError);
    expect((error as Error).message).toMatch(/\/type must be one of/);
    await expect(link.call('Teleport', {})).rejects.toThrow(/Teleport/);
    // Prove nothing went out: the next frame is the next good call.
    const ok = link.call('Heartbeat', {});
    expect((await conn.next())[2]).toBe('Heartbeat');
    expect(conn.unread).toBe(0);
    void ok.catch(() => undefined);
  });

  it('keeps one CALL in flight and answers incoming CALLs meanwhile', async () => {
    const { link, conn, actions } = await setup();
    actions.register('ClearCache', () => ({ status: 'Accepted' }));
    const frames: string[] = [];
    link.on('frame', (f) => frames.push(`${f.direction} ${f.raw}`));

    const boot = link.call('BootNotification', bootPayload);
    const beat = link.call('Heartbeat', {});
    const first = await conn.next();
    expect(first).toEqual([2, expect.any(String), 'BootNotification', bootPayload]);

    // While Boot waits: the CSMS calls us, and the answer comes back before any second CALL.
    conn.send([2, 'csms-1', 'ClearCache', {}]);
    expect(await conn.next()).toEqual([3, 'csms-1', { status: 'Accepted' }]);
    expect(conn.unread).toBe(0);

    conn.send([3, first[1], bootResult]);
    const second = await conn.next();
    expect(second[2]).toBe('Heartbeat');
    expect(second[1]).not.toBe(first[1]);
    conn.send([3, second[1], { currentTime: '2026-01-01T00:00:05Z' }]);

    await expect(boot).resolves.toEqual(bootResult);
    await expect(beat).resolves.toEqual({ currentTime: '2026-01-01T00:00:05Z' });
    expect(frames.filter((f) => f.startsWith('out'))).toHaveLength(3);
    expect(frames.filter((f) => f.startsWith('in'))).toHaveLength(3);
  });

  it('times out per call on the clock, counted from when the frame was sent', async () => {
    const { link, conn, clock, protocolErrors } = await setup({ messageTimeoutSec: 30 });
    const a = link.call('Heartbeat', {});
    const aSettled = a.catch((e: unknown) => e);
    await clock.advance(5_000);
    const b = link.call('Heartbeat', {});
    const bSettled = b.catch((e: unknown) => e);
    const fa = await conn.next();

    await clock.advance(24_999); // t = 29.999 s
    expect(conn.unread).toBe(0);
    await clock.advance(1); // t = 30 s: a times out, b goes out now
    expect(await aSettled).toBeInstanceOf(OcppTimeoutError);
    const fb = await conn.next();
    expect(fb[2]).toBe('Heartbeat');

    // A late answer to a is ignored.
    conn.send([3, fa[1], { currentTime: '2026-01-01T00:00:00Z' }]);
    await waitFor(() => protocolErrors.length === 1, 'protocol error');
    expect(protocolErrors[0]).toMatch(/unknown message id/);

    await clock.advance(29_999); // b was sent at 30 s, so it lives until 60 s
    conn.send([3, 'nobody', {}]);
    await waitFor(() => protocolErrors.length === 2, 'second protocol error');
    await clock.advance(1);
    expect(await bSettled).toBeInstanceOf(OcppTimeoutError);
  });

  it('uses a reconfigured message timeout for the next call', async () => {
    const { link, conn, clock } = await setup({ messageTimeoutSec: 30 });
    link.configure({ messageTimeoutSec: 5 });
    const p = link.call('Heartbeat', {}).catch((e: unknown) => e);
    await conn.next();
    await clock.advance(5_000);
    expect(await p).toBeInstanceOf(OcppTimeoutError);
  });

  it('rejects with the received CALLERROR', async () => {
    const { link, conn } = await setup();
    const p = link.call('Heartbeat', {});
    const f = await conn.next();
    conn.send([4, f[1], 'SecurityError', 'go away', { why: 'x' }]);
    const error = (await p.catch((e: unknown) => e)) as OcppCallError;
    expect(error).toBeInstanceOf(OcppCallError);
    expect([error.code, error.description, error.details]).toEqual(['SecurityError', 'go away', { why: 'x' }]);
  });

  it('rejects an invalid CALLRESULT and reports it as protocolError', async () => {
    const { link, conn, protocolErrors } = await setup();
    const p = link.call('BootNotification', bootPayload);
    const f = await conn.next();
    conn.send([3, f[1], { currentTime: '2026-01-01T00:00:00Z', status: 'Accepted' }]);
    const error = (await p.catch((e: unknown) => e)) as OcppCallError;
    expect(error).toBeInstanceOf(OcppCallError);
    expect(error.code).toBe('OccurrenceConstraintViolation');
    expect(error.description).toMatch(/\/interval is required/);
    expect(protocolErrors).toHaveLength(1);
  });

  it('rejects queued and in-flight calls with NotConnectedError when the socket drops', async () => {
    const { link, conn, closes } = await setup();
    const a = link.call('Heartbeat', {}).catch((e: unknown) => e);
    const b = link.call('Heartbeat', {}).catch((e: unknown) => e);
    await conn.next();
    conn.ws.terminate();
    expect(await a).toBeInstanceOf(NotConnectedError);
    expect(await b).toBeInstanceOf(NotConnectedError);
    expect(closes).toHaveLength(1);
    expect(closes[0]!.code).toBe(1006);
  });
});

describe('OcppLink incoming frames (2.0.1)', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    const csms = await Csms.start();
    const station = makeLink(csms.url, {}, false); // one link for all tests of this block
    station.link.start();
    const conn = await csms.conn();
    await waitFor(() => station.link.connected, 'link open');
    env = { csms, conn, ...station };
    env.actions.register('ClearCache', () => ({ status: 'Accepted' }));
    env.actions.register('Reset', () => ({ status: 'Accepted' }));
    env.actions.register('UnlockConnector', () => {
      throw new OcppCallError('PropertyConstraintViolation', 'no such connector', { connectorId: 9 });
    });
    env.actions.register('ChangeAvailability', () => {
      throw new Error('relay stuck');
    });
    env.actions.register('TriggerMessage', () => ({ status: 'Maybe' }));
  });
  afterAll(async () => {
    await env.link.stop();
    await env.csms.close();
  });

  async function expectStillAnswering(): Promise<void> {
    env.conn.send([2, 'good', 'ClearCache', {}]);
    expect(await env.conn.next()).toEqual([3, 'good', { status: 'Accepted' }]);
  }

  it.each([
    ['not JSON', 'hello', '-1', 'RpcFrameworkError'],
    ['not an array', '{"id":"x"}', '-1', 'RpcFrameworkError'],
    ['an array without id', '[2]', '-1', 'RpcFrameworkError'],
    ['an unknown message type', [9, 'm1', 'Reset', {}], 'm1', 'MessageTypeNotSupported'],
    ['a CALL without payload', [2, 'm2', 'Reset'], 'm2', 'RpcFrameworkError'],
    ['a field of the wrong type', [2, 'm3', 'Reset', { type: 'Immediate', evseId: 'one' }], 'm3', 'TypeConstraintViolation'],
    ['a missing required field', [2, 'm4', 'Reset', {}], 'm4', 'OccurrenceConstraintViolation'],
    ['an additional property', [2, 'm5', 'Reset', { type: 'Immediate', now: true }], 'm5', 'PropertyConstraintViolation'],
    ['a value outside the enum', [2, 'm6', 'Reset', { type: 'Later' }], 'm6', 'PropertyConstraintViolation'],
    ['a payload that is no object', [2, 'm7', 'ClearCache', 'please'], 'm7', 'FormatViolation'],
    ['an action unknown to OCPP', [2, 'm8', 'Teleport', {}], 'm8', 'NotImplemented'],
    ['an action without handler', [2, 'm9', 'GetLocalListVersion', {}], 'm9', 'NotSupported'],
    ['a handler throwing OcppCallError', [2, 'm10', 'UnlockConnector', { evseId: 1, connectorId: 9 }], 'm10', 'PropertyConstraintViolation'],
    ['a handler throwing anything else', [2, 'm11', 'ChangeAvailability', { operationalStatus: 'Inoperative' }], 'm11', 'InternalError'],
  ])('answers %s with a CALLERROR and keeps going', async (_what, frame, id, code) => {
    env.conn.send(frame);
    const answer = await env.conn.next();
    expect(answer.slice(0, 3)).toEqual([4, id, code]);
    expect(typeof answer[3]).toBe('string');
    expect(answer[4]).toBeTypeOf('object');
    await expectStillAnswering();
    expect(env.link.connected).toBe(true);
  });

  it('names the path and problem in the description', async () => {
    env.conn.send([2, 'd1', 'Reset', { type: 'Immediate', evseId: 'one' }]);
    expect(await env.conn.next()).toEqual([4, 'd1', 'TypeConstraintViolation', '/evseId must be integer', {}]);
  });

  it('passes the details of a thrown OcppCallError', async () => {
    env.conn.send([2, 'd2', 'UnlockConnector', { evseId: 1, connectorId: 9 }]);
    expect(await env.conn.next()).toEqual([4, 'd2', 'PropertyConstraintViolation', 'no such connector', { connectorId: 9 }]);
  });

  it('answers InternalError and reports a bug when our handler result is invalid', async () => {
    const before = env.protocolErrors.length;
    env.conn.send([2, 'd3', 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
    const answer = await env.conn.next();
    expect(answer.slice(0, 3)).toEqual([4, 'd3', 'InternalError']);
    expect(env.protocolErrors.slice(before).join()).toMatch(/our TriggerMessage response is invalid/);
  });

  it('ignores CALLRESULT/CALLERROR with unknown ids and broken ones without answering', async () => {
    const before = env.protocolErrors.length;
    env.conn.send([3, 'who', {}]);
    env.conn.send([4, 'who', 'GenericError', '', {}]);
    env.conn.send([3, 'who']);
    await expectStillAnswering();
    expect(env.conn.unread).toBe(0);
    expect(env.protocolErrors.length - before).toBe(3);
  });

  it('answers invalid UTF-8 as an unreadable frame instead of closing', async () => {
    env.conn.ws.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false });
    expect((await env.conn.next()).slice(0, 3)).toEqual([4, '-1', 'RpcFrameworkError']);
    await expectStillAnswering();
  });

  it('survives a throwing frame listener', async () => {
    const boom = () => {
      throw new Error('listener bug');
    };
    env.link.on('frame', boom);
    try {
      await expectStillAnswering();
    } finally {
      env.link.off('frame', boom);
    }
  });
});

describe('OcppLink incoming frames (1.6)', () => {
  it('uses the 1.6 codes', async () => {
    const { link, conn, actions } = await setup({ version: '1.6' });
    actions.register('Reset', () => ({ status: 'Accepted' }));
    conn.send('garbage');
    expect((await conn.next()).slice(0, 3)).toEqual([4, '-1', 'GenericError']);
    conn.send([5, 'a', 'Reset', {}]);
    expect((await conn.next()).slice(0, 3)).toEqual([4, 'a', 'NotImplemented']);
    conn.send([2, 'b', 'Reset', {}]);
    expect((await conn.next()).slice(0, 3)).toEqual([4, 'b', 'OccurenceConstraintViolation']);
    conn.send([2, 'b2', 'Reset', 'Soft']);
    expect((await conn.next()).slice(0, 3)).toEqual([4, 'b2', 'FormationViolation']);
    conn.send([2, 'c', 'GetVariables', { getVariableData: [] }]);
    expect((await conn.next()).slice(0, 3)).toEqual([4, 'c', 'NotImplemented']);
    conn.send([2, 'd', 'Reset', { type: 'Soft' }]);
    expect(await conn.next()).toEqual([3, 'd', { status: 'Accepted' }]);
  });
});

describe('OcppLink ping', () => {
  it('pings every interval while pongs come back', async () => {
    const { link, conn, clock, actions } = await setup({ pingIntervalSec: 30 });
    actions.register('ClearCache', () => ({ status: 'Accepted' }));
    for (let i = 1; i <= 3; i++) {
      await clock.advance(30_000);
      await waitFor(() => conn.pings === i, `ping ${i}`);
      // A round trip after the ping: the server's automatic pong has reached the station.
      conn.send([2, `p${i}`, 'ClearCache', {}]);
      await conn.next();
    }
    expect(link.connected).toBe(true);
  });

  it('terminates the socket when no pong arrives before the next ping, then reconnects', async () => {
    const { link, conn, clock, closes, csms } = await setup({ pingIntervalSec: 30, retryBackOffWaitMinimumSec: 5 }, { autoPong: false });
    await clock.advance(30_000);
    await waitFor(() => conn.pings === 1, 'first ping');
    expect(link.connected).toBe(true);
    await clock.advance(30_000);
    await waitFor(() => closes.length === 1, 'close after missing pong');
    expect(closes[0]!.code).toBe(1006);
    expect(link.connected).toBe(false);
    await clock.advance(5_000);
    await csms.conn(1);
    await waitFor(() => link.connected, 'reconnected');
  });

  it('applies a new interval at once', async () => {
    const { link, conn, clock } = await setup({ pingIntervalSec: 0 });
    await clock.advance(600_000);
    expect(conn.pings).toBe(0);
    link.configure({ pingIntervalSec: 10 });
    await clock.advance(10_000);
    await waitFor(() => conn.pings === 1, 'ping after configure');
  });
});
