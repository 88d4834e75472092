import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTelegram } from '../../../src/hardware/p1/parser.js';
import type { P1Source, P1SourceState } from '../../../src/hardware/p1/source.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { FakeClock } from '../../../src/station/clock.js';
import { Listeners } from '../../../src/station/listeners.js';
import type { P1Config } from '../../../src/station/p1/config.js';
import { type P1Event, P1Block } from '../../../src/station/p1/p1-block.js';
import { Station } from '../../../src/station/station.js';
import { GOLDEN_AM550 } from './fixtures.js';

class FakeSource implements P1Source {
  readonly telegrams = new Listeners<Telegram>();
  readonly bad = new Listeners<string>();
  readonly stateChanged = new Listeners<P1SourceState>();
  state: P1SourceState = 'disconnected';
  started = false;
  stopped = false;
  constructor(readonly config: P1Config) {}
  get description(): string {
    return this.config.interface === 'telnet' ? `telnet ${this.config.host}:${this.config.port}` : `serial ${this.config.serialPath}`;
  }
  start(): void {
    this.started = true;
    this.setState('connecting');
  }
  async stop(): Promise<void> {
    this.stopped = true;
    this.setState('disconnected');
  }
  setState(state: P1SourceState): void {
    this.state = state;
    this.stateChanged.emit(state);
  }
}

const TELEGRAM = (() => {
  const r = parseTelegram(GOLDEN_AM550);
  if (!r.ok) throw new Error(r.reason);
  return r.telegram;
})();

describe('station P1 block', () => {
  let clock: FakeClock;
  let station: Station;
  let block: P1Block;
  let sources: FakeSource[];
  let events: P1Event[];
  const current = () => sources.at(-1)!;
  const logText = () => station.log.recent(50).map((l) => `${l.level}:${l.source}:${l.text}`);

  beforeEach(() => {
    clock = new FakeClock('2026-03-02T10:00:00Z');
    station = Station.open({ id: 'CS1', clock });
    sources = [];
    events = [];
    station.events.on((e) => e.event === 'p1' && events.push(e));
    block = new P1Block(station, {
      createSource: (config) => {
        const s = new FakeSource(config);
        sources.push(s);
        return s;
      },
    });
  });
  afterEach(async () => {
    await block.stop();
    await station.stop();
  });

  async function configureTelnet(host = '192.168.1.20', port = '2000'): Promise<void> {
    station.model.odSet('2191_01', 'telnet');
    station.model.odSet('2191_02', host);
    station.model.odSet('2191_03', port);
    await block.settled();
  }

  it('release notes: OD 2191_01 selects serial or telnet, 2191_02 : 2191_03 the telnet server; changes reconfigure', async () => {
    await block.start();
    expect(block.status().linkState).toBe('not configured'); // serial, but this hardware has no P1 UART
    expect(sources).toEqual([]);

    block.serialPath = '/dev/ttyP1';
    await block.settled();
    expect(current().config).toMatchObject({ interface: 'serial', serialPath: '/dev/ttyP1' });
    expect(current().started).toBe(true);
    const serial = current();

    station.model.odSet('2191_01', 'telnet'); // no host yet
    await block.settled();
    expect(serial.stopped).toBe(true);
    expect(block.status().linkState).toBe('not configured');

    station.model.odSet('2191_02', '192.168.1.20');
    await block.settled();
    expect(current().description).toBe('telnet 192.168.1.20:23');
    const first = current();
    station.model.odSet('2191_03', '2000');
    await block.settled();
    expect(first.stopped).toBe(true);
    expect(current().description).toBe('telnet 192.168.1.20:2000');
    station.model.setInternal('P1SmartMeter.MaxCurrent', 32); // not a source setting
    await block.settled();
    expect(sources.length).toBe(3);
    expect(logText()).toContain('INFO:p1:reading P1 telegrams from telnet 192.168.1.20:2000');
  });

  it('keeps the last telegram, counts good and bad ones, and reports the link state and telegram age', async () => {
    await configureTelnet();
    await block.start();
    const source = current();
    source.setState('connected');
    expect(block.status().linkState).toBe('connected');
    expect(events.at(-1)).toEqual({ event: 'p1', linkState: 'connected', error: null });
    const seen: Telegram[] = [];
    block.telegrams.on((t) => seen.push(t));

    source.telegrams.emit(TELEGRAM);
    await clock.advance(3500);
    expect(block.lastTelegram).toBe(TELEGRAM);
    expect(seen).toEqual([TELEGRAM]);
    source.bad.emit('CRC mismatch: telegram says 0000, computed 1234');
    source.bad.emit('12 bytes of garbage between telegrams');
    expect(block.status()).toMatchObject({ crcOk: 1, crcBad: 2, lastTelegramAgeSec: 3, lastBadReason: '12 bytes of garbage between telegrams', error: null });
    // one warning per run of bad telegrams
    expect(logText().filter((l) => l.startsWith('WARN:p1:bad P1 telegram'))).toEqual(['WARN:p1:bad P1 telegram skipped: CRC mismatch: telegram says 0000, computed 1234']);
  });

  it('configured but silent for 10 s: error state (log, station event, status), cleared by the next telegram', async () => {
    await configureTelnet();
    await block.start();
    current().setState('connected');
    await clock.advance(9999);
    expect(block.status().error).toBeNull();
    await clock.advance(1);
    const error = 'P1 smart meter configured (telnet 192.168.1.20:2000) but silent: no telegram for 10 s, link connected';
    expect(block.status().error).toBe(error);
    expect(events.at(-1)).toEqual({ event: 'p1', linkState: 'connected', error });
    expect(logText()).toContain(`ERROR:p1:${error}`);

    current().telegrams.emit(TELEGRAM);
    expect(block.status().error).toBeNull();
    expect(events.at(-1)).toEqual({ event: 'p1', linkState: 'connected', error: null });
    expect(logText()).toContain('INFO:p1:P1 smart meter telegrams received again');

    // only corrupt telegrams count as silence too
    for (let i = 0; i < 3; i++) current().bad.emit('CRC mismatch');
    await clock.advance(10_000);
    expect(block.status().error).toBe('P1 smart meter configured (telnet 192.168.1.20:2000) but silent: only bad telegrams (3) for 10 s, link connected');
  });

  it('not configured, or not running: no source, never an error', async () => {
    await block.start();
    await clock.advance(60_000);
    expect(block.status()).toMatchObject({ linkState: 'not configured', error: null, configured: false });
    await block.stop();
    await configureTelnet();
    expect(sources).toEqual([]);
    expect(block.status()).toMatchObject({ linkState: 'off', configured: true });
  });

  it('a new configuration clears the error state and gives the new source its own 10 s', async () => {
    await configureTelnet();
    await block.start();
    await clock.advance(10_000);
    expect(block.error).not.toBeNull();
    station.model.odSet('2191_02', '192.168.1.21');
    await block.settled();
    expect(block.error).toBeNull();
    await clock.advance(9_999);
    expect(block.error).toBeNull();
    await clock.advance(1);
    expect(block.error).toMatch(/telnet 192\.168\.1\.21:2000/);
  });

  it('stop() stops the source and its timers', async () => {
    await configureTelnet();
    await block.start();
    const source = current();
    await block.stop();
    expect(source.stopped).toBe(true);
    expect(block.status().linkState).toBe('off');
    await clock.advance(60_000);
    expect(block.error).toBeNull();
    expect(events.at(-1)).toEqual({ event: 'p1', linkState: 'off', error: null });
  });
});
