import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { TelnetP1Source } from '../../../src/hardware/p1/telnet-source.js';
import { steadyLoad } from '../../../src/hardware/sim/sim-p1-load.js';
import { SimP1Meter } from '../../../src/hardware/sim/sim-p1.js';
import { FakeClock } from '../../../src/station/clock.js';
import { waitFor } from '../../support/wait.js';

/** A loopback port nobody listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('release notes: P1 over telnet, with retries on loss of connection and a backoff delay', () => {
  let clock: FakeClock;
  let meter: SimP1Meter;
  let source: TelnetP1Source | undefined;
  let logs: string[];
  let telegrams: Telegram[];
  let bad: string[];

  function open(port: number, options: { idleTimeoutMs?: number } = {}): TelnetP1Source {
    source = new TelnetP1Source('127.0.0.1', port, { clock, log: (level, text) => logs.push(`${level}:${text}`), ...options });
    source.telegrams.on((t) => telegrams.push(t));
    source.bad.on((r) => bad.push(r));
    source.start();
    return source;
  }
  const retries = () => logs.filter((l) => l.includes('retrying in'));

  beforeEach(() => {
    clock = new FakeClock('2026-03-02T09:00:00Z');
    logs = [];
    telegrams = [];
    bad = [];
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await meter?.stop();
  });

  it('reads the telegrams a P1-to-network converter serves, stripping its telnet negotiation', async () => {
    meter = new SimP1Meter(clock, { load: steadyLoad([2300, 460, 0], [230, 230, 230]), telnetNegotiation: true });
    const s = open(await meter.serveTcp());
    await waitFor(() => s.state === 'connected' && meter.clients === 1, 'connected');
    expect(logs).toContain(`info:P1 telnet 127.0.0.1:${s.port} connected`);
    await clock.advance(1000);
    await clock.advance(1000);
    await waitFor(() => telegrams.length === 2, 'two telegrams');
    expect(telegrams[1]!.phases.currentA).toEqual([10, 2, 0]);
    expect(telegrams[1]!.timestamp).toBe(Date.parse('2026-03-02T09:00:02Z'));
    expect(bad).toEqual([]);
  });

  it('the converter drops the link: disconnected, a retry after 1 s, telegrams again', async () => {
    meter = new SimP1Meter(clock);
    const s = open(await meter.serveTcp());
    await waitFor(() => meter.clients === 1, 'connected');
    await clock.advance(1000);
    await waitFor(() => telegrams.length === 1, 'first telegram');

    meter.dropClients();
    await waitFor(() => s.state === 'disconnected', 'link loss seen');
    expect(retries()).toEqual([`warn:P1 telnet 127.0.0.1:${s.port}: connection closed by the converter; retrying in 1 s`]);
    await clock.advance(999);
    expect(s.state).toBe('disconnected');
    expect(meter.clients).toBe(0);
    await clock.advance(1);
    await waitFor(() => s.state === 'connected' && meter.clients === 1, 'reconnected');
    await clock.advance(1000);
    await waitFor(() => telegrams.length === 2, 'telegram after reconnect');
  });

  it('a converter that is down: retries 1, 2, 4 … s, doubling up to 60 s', async () => {
    const s = open(await closedPort());
    const delays = [1, 2, 4, 8, 16, 32, 60, 60];
    for (const [i, delay] of delays.entries()) {
      await waitFor(() => retries().length === i + 1, `attempt ${i + 1} refused`);
      expect(retries()[i]).toMatch(new RegExp(`cannot connect: connect ECONNREFUSED 127\\.0\\.0\\.1:${s.port}; retrying in ${delay} s$`));
      await clock.advance(delay * 1000 - 1);
      expect(retries().length).toBe(i + 1);
      await clock.advance(1);
    }
  });

  it('the back-off starts over once a good telegram arrived', async () => {
    meter = new SimP1Meter(clock);
    const s = open(await meter.serveTcp());
    await waitFor(() => meter.clients === 1, 'connected');
    meter.dropClients();
    await waitFor(() => retries().length === 1, 'first loss');
    await clock.advance(1000);
    await waitFor(() => meter.clients === 1, 'reconnected');
    meter.dropClients(); // no telegram in between: the delay doubles
    await waitFor(() => retries().length === 2, 'second loss');
    expect(retries()[1]).toMatch(/retrying in 2 s$/);
    await clock.advance(2000);
    await waitFor(() => meter.clients === 1, 'reconnected again');
    await clock.advance(1000);
    await waitFor(() => telegrams.length > 0, 'a telegram');
    meter.dropClients();
    await waitFor(() => retries().length === 3, 'third loss');
    expect(retries()[2]).toMatch(/retrying in 1 s$/);
    expect(s.nextRetryDelayMs).toBe(2000);
  });

  it('a connection that brings no byte for 30 s is dropped and reopened (half-open link)', async () => {
    meter = new SimP1Meter(clock);
    meter.silent = true;
    const s = open(await meter.serveTcp());
    await waitFor(() => meter.clients === 1, 'connected');
    await clock.advance(29_999);
    expect(s.state).toBe('connected');
    await clock.advance(1);
    await waitFor(() => s.state === 'disconnected', 'idle link dropped');
    expect(retries()).toEqual([`warn:P1 telnet 127.0.0.1:${s.port}: connection lost: no data for 30 s; retrying in 1 s`]);
  });

  it('stop() closes the connection and retries no more', async () => {
    meter = new SimP1Meter(clock);
    const s = open(await meter.serveTcp());
    await waitFor(() => meter.clients === 1, 'connected');
    await s.stop();
    expect(s.state).toBe('disconnected');
    await waitFor(() => meter.clients === 0, 'closed on the converter side');
    await clock.advance(120_000);
    expect(meter.clients).toBe(0);
    expect(retries()).toEqual([]);
  });
});
