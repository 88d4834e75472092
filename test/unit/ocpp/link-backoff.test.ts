import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeClock } from '../../../src/station/clock.js';
import { OcppLink, type LinkConfig } from '../../../src/station/ocpp/link.js';
import { Dispatcher } from '../../../src/station/ocpp/dispatcher.js';
import { waitFor } from '../../support/wait.js';

// Record the moment the link constructs each WebSocket: that is the attempt
// time, exact on the FakeClock, without waiting for network I/O to show it.
const hooks = vi.hoisted(() => ({ onAttempt: undefined as undefined | (() => void) }));
vi.mock('ws', async (importOriginal) => {
  const mod = await importOriginal<typeof import('ws')>();
  class RecordingWebSocket extends mod.WebSocket {
    constructor(...args: ConstructorParameters<typeof mod.WebSocket>) {
      super(...args);
      hooks.onAttempt?.();
    }
  }
  return { ...mod, default: RecordingWebSocket, WebSocket: RecordingWebSocket };
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  hooks.onAttempt = undefined;
});

/** A CSMS that answers 503 to the upgrade until told to accept. */
async function flakyCsms() {
  const state = { accept: false, sockets: [] as WebSocket[] };
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, cb) => (state.accept ? cb(true) : cb(false, 503, 'Service Unavailable')),
  });
  wss.on('connection', (ws) => state.sockets.push(ws));
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const ws of state.sockets) ws.terminate();
        wss.close(() => resolve());
      }),
  );
  return { state, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

function station(url: string, randoms: number[] | number, over: Partial<LinkConfig> = {}) {
  const clock = new FakeClock();
  const queue = Array.isArray(randoms) ? [...randoms] : undefined;
  const link = new OcppLink(
    {
      url,
      stationId: 'CS1',
      version: '2.0.1',
      messageTimeoutSec: 30,
      pingIntervalSec: 0,
      retryBackOffWaitMinimumSec: 10,
      retryBackOffRandomRangeSec: 4,
      retryBackOffRepeatTimes: 2,
      ...over,
    },
    { clock, random: () => (queue ? queue.shift()! : (randoms as number)), incoming: new Dispatcher({ registration: () => 'Accepted' }) },
  );
  const attempts: number[] = [];
  const start = clock.now();
  hooks.onAttempt = () => attempts.push(clock.now() - start);
  const connectErrors: Error[] = [];
  link.on('connectError', (e) => connectErrors.push(e));
  cleanups.push(() => link.stop());
  const elapsed = () => clock.now() - start;
  return { clock, link, attempts, connectErrors, elapsed };
}

/** Advance to just before each expected attempt (none happens), then onto it (one happens). */
async function expectAttemptsAt(s: ReturnType<typeof station>, times: number[]): Promise<void> {
  for (const at of times) {
    const n = s.attempts.length;
    // The previous attempt must have failed before its retry is scheduled.
    await waitFor(() => s.connectErrors.length >= n, `attempt ${n} to fail`);
    await s.clock.advance(at - s.elapsed() - 1);
    expect(s.attempts).toHaveLength(n);
    await s.clock.advance(1);
    expect(s.attempts).toHaveLength(n + 1);
    expect(s.attempts[n]).toBe(at);
  }
}

describe('OcppLink reconnect back-off', () => {
  it('waits minimum + random, doubles for RepeatTimes, then keeps the last wait', async () => {
    const csms = await flakyCsms();
    const s = station(csms.url, 0.5); // random part 2 s of the 4 s range
    s.link.start();
    await waitFor(() => s.attempts.length === 1, 'first attempt');
    expect(s.attempts[0]).toBe(0);
    // 12 s, then 2*12+2 = 26 s, 2*26+2 = 54 s, then 54 s for ever.
    await expectAttemptsAt(s, [12_000, 38_000, 92_000, 146_000, 200_000]);
    expect(s.connectErrors[0]!.message).toMatch(/503/);
  });

  it('draws a new random part for every doubling', async () => {
    const csms = await flakyCsms();
    const s = station(csms.url, [0, 1, 0.25, 0.9, 0.9]);
    s.link.start();
    await waitFor(() => s.attempts.length === 1, 'first attempt');
    // 10 + 0, 2*10 + 4, 2*24 + 1, then 49 kept (no new random part).
    await expectAttemptsAt(s, [10_000, 34_000, 83_000, 132_000]);
  });

  it('starts again from the minimum after a successful open', async () => {
    const csms = await flakyCsms();
    const s = station(csms.url, 0);
    s.link.start();
    await waitFor(() => s.attempts.length === 1, 'first attempt');
    await expectAttemptsAt(s, [10_000, 30_000]);
    csms.state.accept = true;
    await s.clock.advance(40_000); // t = 70 s
    expect(s.attempts).toEqual([0, 10_000, 30_000, 70_000]);
    await waitFor(() => s.link.connected, 'open');
    csms.state.accept = false;
    csms.state.sockets[0]!.terminate();
    await waitFor(() => !s.link.connected, 'dropped');
    await s.clock.advance(9_999);
    expect(s.attempts).toHaveLength(4);
    await s.clock.advance(1);
    expect(s.attempts).toEqual([0, 10_000, 30_000, 70_000, 80_000]);
  });

  it('applies configured back-off values from the next wait on', async () => {
    const csms = await flakyCsms();
    const s = station(csms.url, 0);
    s.link.start();
    await waitFor(() => s.connectErrors.length === 1, 'first failure');
    // The first wait (10 s) is already scheduled; with no doublings allowed any more it is kept.
    s.link.configure({ retryBackOffRepeatTimes: 0 });
    await expectAttemptsAt(s, [10_000, 20_000, 30_000]);
  });

  it('gives up a connect that hangs after the connect timeout and retries', async () => {
    const held: Socket[] = [];
    const server: Server = createServer((socket) => held.push(socket)); // accepts TCP, never answers the upgrade
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of held) socket.destroy();
          server.close(() => resolve());
        }),
    );
    const s = station(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, 0, { messageTimeoutSec: 30 });
    s.link.start();
    await waitFor(() => held.length === 1, 'TCP connection');
    await s.clock.advance(29_999);
    expect(s.connectErrors).toHaveLength(0);
    await s.clock.advance(1);
    await waitFor(() => s.connectErrors.length === 1, 'connect timeout');
    expect(s.connectErrors[0]!.message).toMatch(/timed out/);
    await expectAttemptsAt(s, [40_000]);
  });
});
