import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { type P1SerialPort, type P1SerialSettings, SerialP1Source } from '../../../src/hardware/p1/serial-source.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { FakeClock } from '../../../src/station/clock.js';
import { waitFor } from '../../support/wait.js';
import { DSMR22, FLUVIUS_TAMPERED } from './families.js';
import { PUBLISHED_V5 } from './fixtures.js';

const PATH = '/dev/ng9-p1-mock';

describe('P1 on the serial port (DSMR 5: 115200 8N1)', () => {
  let source: SerialP1Source | undefined;
  afterEach(async () => {
    await source?.stop();
    SerialPortMock.binding.reset();
  });

  it('opens at 115200 8N1, retries with back-off while the device is missing, then reads telegrams', async () => {
    const clock = new FakeClock();
    const logs: string[] = [];
    const settings: P1SerialSettings[] = [];
    let port: SerialPortMock | undefined;
    const telegrams: Telegram[] = [];
    source = new SerialP1Source(PATH, {
      clock,
      log: (level, text) => logs.push(`${level}:${text}`),
      createPort: (s) => {
        settings.push(s);
        port = new SerialPortMock(s);
        return port as unknown as P1SerialPort;
      },
    });
    source.telegrams.on((t) => telegrams.push(t));
    source.start();
    await waitFor(() => logs.length === 1, 'first attempt fails');
    expect(logs[0]).toMatch(new RegExp(`^warn:P1 serial ${PATH} \\(115200 8N1\\): cannot connect: .*; retrying in 1 s$`));
    expect(settings[0]).toMatchObject({ path: PATH, baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
    await clock.advance(1000);
    await waitFor(() => logs.length === 2, 'second attempt fails');
    expect(logs[1]).toMatch(/retrying in 2 s$/);

    SerialPortMock.binding.createPort(PATH, { echo: false, record: false });
    await clock.advance(2000);
    await waitFor(() => source!.state === 'connected', 'port open');
    expect(logs[2]).toBe(`info:P1 serial ${PATH} (115200 8N1) connected`);

    const binding = port!.port!;
    binding.emitData(PUBLISHED_V5.slice(0, 700));
    binding.emitData(PUBLISHED_V5.slice(700));
    await waitFor(() => telegrams.length === 1, 'telegram');
    expect(telegrams[0]!.crc).toBe('6EEE');
  });

  it('the port closes under it (USB adapter pulled): disconnected, reopened after the back-off', async () => {
    const clock = new FakeClock();
    const logs: string[] = [];
    let port: SerialPortMock | undefined;
    SerialPortMock.binding.createPort(PATH, { echo: false, record: false });
    source = new SerialP1Source(PATH, {
      clock,
      log: (level, text) => logs.push(`${level}:${text}`),
      createPort: (s) => (port = new SerialPortMock(s)) as unknown as P1SerialPort,
    });
    source.start();
    await waitFor(() => source!.state === 'connected', 'open');
    const first = port!;
    await new Promise<void>((resolve) => first.close(() => resolve()));
    await waitFor(() => source!.state === 'disconnected', 'loss seen');
    expect(logs.at(-1)).toBe(`warn:P1 serial ${PATH} (115200 8N1): port closed; retrying in 1 s`);
    await clock.advance(1000);
    await waitFor(() => source!.state === 'connected' && port !== first, 'reopened');
  });

  async function openWith(baud?: 115200 | 9600) {
    const settings: P1SerialSettings[] = [];
    let port: SerialPortMock | undefined;
    const telegrams: Telegram[] = [];
    const bad: string[] = [];
    SerialPortMock.binding.createPort(PATH, { echo: false, record: false });
    source = new SerialP1Source(PATH, {
      clock: new FakeClock(),
      ...(baud ? { baud } : {}),
      createPort: (s) => {
        settings.push(s);
        return (port = new SerialPortMock(s)) as unknown as P1SerialPort;
      },
    });
    source.telegrams.on((t) => telegrams.push(t));
    source.bad.on((r) => bad.push(r));
    source.start();
    await waitFor(() => source!.state === 'connected', 'open');
    return { settings, telegrams, bad, emit: (text: string) => port!.port!.emitData(text) };
  }

  it('DSMR 4 / 5 line (115200 8N1, the default): a DSMR 2.2 telegram without CRC cannot come from this meter and is bad, as is a tampered e-MUCS one', async () => {
    const p = await openWith();
    expect(p.settings[0]).toMatchObject({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
    p.emit(DSMR22 + FLUVIUS_TAMPERED + PUBLISHED_V5);
    await waitFor(() => p.telegrams.length === 1, 'the good telegram');
    expect(p.bad).toEqual(['telegram without CRC (a DSMR 4/5 line (115200 8N1))', 'telegram without CRC (e-MUCS 1.7)']);
  });

  it('DSMR 2.2 / 3 line (9600 7E1): opened at 9600 7E1, a DSMR 2.2 telegram without CRC is read, a CRC-less DSMR 5 / e-MUCS one still refused', async () => {
    const p = await openWith(9600);
    expect(p.settings[0]).toMatchObject({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 });
    expect(source!.description).toBe(`serial ${PATH} (9600 7E1)`);
    p.emit(DSMR22 + FLUVIUS_TAMPERED);
    await waitFor(() => p.telegrams.length === 1 && p.bad.length === 1, 'both telegrams');
    expect(p.telegrams[0]!.protocol).toBe('DSMR 2.2/3');
    expect(p.bad).toEqual(['telegram without CRC (e-MUCS 1.7)']);
  });
});
