/**
 * A simulated DSMR smart meter on the P1 port: builds real-format telegrams
 * (DSMR 5.0, or 4.2) with a correct CRC-16 from a household load and the
 * clock, and serves them every interval on a loopback TCP server (as a
 * P1-to-network converter does) and/or on a serial/pty path.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { Clock, Timer } from '../../station/clock.js';
import { withCrc } from '../p1/crc16.js';
import { dutchLocal, formatMeterTime } from '../p1/meter-time.js';
import { type HouseholdLoad, type HouseholdSample, householdDay, steadyLoad, type Triple } from './sim-p1-load.js';

export type SimDsmrVersion = '5.0' | '4.2';

export interface EnergyRegisters {
  importT1: number;
  importT2: number;
  exportT1: number;
  exportT2: number;
}

export interface SimP1Options {
  version?: SimDsmrVersion;
  /** Time between telegrams; DSMR 5 sends every second, DSMR 4.2 every 10 s. */
  intervalMs?: number;
  load?: HouseholdLoad;
  /** Register readings at start, kWh. */
  registersKwh?: EnergyRegisters;
  gasM3?: number;
  /** Send telnet option negotiation to each new TCP client, as some P1-to-network converters do. */
  telnetNegotiation?: boolean;
}

const HEADERS: Record<SimDsmrVersion, string> = { '5.0': 'ISK5\\2M550T-1012', '4.2': 'KFM5KAIFA-METER' };
const EQUIPMENT_ID = '4530303434303037313331363530323137';
const GAS_EQUIPMENT_ID = '4730303339303031373030343930313137';
const GAS_M3_PER_HOUR = 0.15;
const GAS_CAPTURE_MS = 5 * 60_000;
/** IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD, IAC DO NAWS. */
const TELNET_NEGOTIATION = Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03, 0xff, 0xfd, 0x1f]);

const kwh = (v: number) => v.toFixed(3).padStart(10, '0');
const kw = (w: number) => (Math.max(0, w) / 1000).toFixed(3).padStart(6, '0');
const volts = (v: number) => v.toFixed(1).padStart(5, '0');
const amps = (a: number) => String(Math.round(a)).padStart(3, '0');

export class SimP1Meter {
  readonly version: SimDsmrVersion;
  readonly intervalMs: number;
  /** While true the meter sends nothing (cable pulled from the P1 port), links stay up. */
  silent = false;
  telegramsSent = 0;
  private load: HouseholdLoad;
  private registers: EnergyRegisters;
  private readonly gasStartM3: number;
  private readonly startWall: number;
  private lastMono: number;
  private lastWall: number;
  private corruptCount = 0;
  private timer?: Timer;
  /** Writers to the serial/pty paths served. */
  private readonly paths = new Set<(bytes: Buffer) => void>();
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly files: FileHandle[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options: SimP1Options = {},
  ) {
    this.version = options.version ?? '5.0';
    this.intervalMs = options.intervalMs ?? (this.version === '5.0' ? 1000 : 10_000);
    this.load = options.load ?? householdDay();
    this.registers = { ...(options.registersKwh ?? { importT1: 1234.567, importT2: 2345.678, exportT1: 123.456, exportT2: 234.567 }) };
    this.gasStartM3 = options.gasM3 ?? 1234.567;
    this.startWall = clock.now();
    this.lastMono = clock.elapsed();
    this.lastWall = this.startWall;
  }

  /** Change what the house draws: a load function, or one fixed sample. */
  setLoad(load: HouseholdLoad | HouseholdSample | Triple): void {
    if (typeof load === 'function') this.load = load;
    else if (Array.isArray(load)) this.load = steadyLoad(load);
    else this.load = steadyLoad(load.powerW, load.voltageV);
  }

  /** The next `n` telegrams go out with a changed digit and their original CRC. */
  corruptNext(n = 1): void {
    this.corruptCount += n;
  }

  get clients(): number {
    return this.sockets.size;
  }

  /** The telegram for this moment (without the final CRLF), advancing the energy registers to now. */
  telegram(): string {
    const now = this.clock.now();
    const sample = this.load(now);
    this.integrate(sample, now);
    const lines = this.lines(now, sample);
    return withCrc(`/${HEADERS[this.version]}\r\n\r\n${lines.join('\r\n')}\r\n!`);
  }

  /** Serve telegrams to TCP clients (a P1-to-network converter). Resolves with the port. */
  async serveTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
      if (this.options.telnetNegotiation) socket.write(TELNET_NEGOTIATION);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.servers.push(server);
    this.startTicking();
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Serve telegrams on a serial device or pty (one end of a socat pair). */
  async servePath(path: string): Promise<void> {
    const file = await open(path, constants.O_WRONLY | constants.O_NOCTTY);
    this.files.push(file);
    let queue = Promise.resolve();
    this.paths.add((bytes) => {
      queue = queue.then(() => file.write(bytes)).then(
        () => undefined,
        () => undefined,
      );
    });
    this.startTicking();
  }

  /** Write bytes as they are to every client and path (noise, a hand-made telegram). */
  sendRaw(bytes: Uint8Array | string): void {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    for (const socket of this.sockets) if (socket.writable) socket.write(buf);
    for (const sink of this.paths) sink(buf);
  }

  /** The converter drops every TCP connection (it keeps listening). */
  dropClients(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.paths.clear();
    this.dropClients();
    await Promise.all(this.servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await Promise.all(this.files.splice(0).map((f) => f.close().catch(() => undefined)));
  }

  private startTicking(): void {
    if (this.timer) return;
    const tick = () => {
      this.timer = this.clock.setTimeout(tick, this.intervalMs);
      if (this.silent) return;
      let text = this.telegram();
      if (this.corruptCount > 0) {
        this.corruptCount--;
        text = corrupt(text);
      }
      this.telegramsSent++;
      this.sendRaw(`${text}\r\n`);
    };
    this.timer = this.clock.setTimeout(tick, this.intervalMs);
  }

  private integrate(sample: HouseholdSample, now: number): void {
    const mono = this.clock.elapsed();
    const hours = Math.max(0, mono - this.lastMono) / 3_600_000;
    this.lastMono = mono;
    // the energy since the last reading counts for the tariff that was in force then
    const low = tariffAt(this.lastWall) === 1;
    this.lastWall = now;
    const net = sum(sample.powerW);
    if (net > 0) this.registers[low ? 'importT1' : 'importT2'] += (net / 1000) * hours;
    else this.registers[low ? 'exportT1' : 'exportT2'] += (-net / 1000) * hours;
  }

  private lines(now: number, sample: HouseholdSample): string[] {
    const r = this.registers;
    const net = sum(sample.powerW);
    const currents = sample.powerW.map((w, i) => Math.abs(w) / sample.voltageV[i]!);
    const capture = Math.floor(now / GAS_CAPTURE_MS) * GAS_CAPTURE_MS;
    const gas = this.gasStartM3 + (Math.max(0, capture - this.startWall) / 3_600_000) * GAS_M3_PER_HOUR;
    const phase = (refs: [string, string, string], format: (i: number) => string) => refs.map((ref, i) => `${ref}(${format(i)})`);
    return [
      `1-3:0.2.8(${this.version.replace('.', '')})`,
      `0-0:1.0.0(${formatMeterTime(now)})`,
      `0-0:96.1.1(${EQUIPMENT_ID})`,
      `1-0:1.8.1(${kwh(r.importT1)}*kWh)`,
      `1-0:1.8.2(${kwh(r.importT2)}*kWh)`,
      `1-0:2.8.1(${kwh(r.exportT1)}*kWh)`,
      `1-0:2.8.2(${kwh(r.exportT2)}*kWh)`,
      `0-0:96.14.0(${String(tariffAt(now)).padStart(4, '0')})`,
      `1-0:1.7.0(${kw(net)}*kW)`,
      `1-0:2.7.0(${kw(-net)}*kW)`,
      '0-0:96.7.21(00006)',
      '0-0:96.7.9(00003)',
      '1-0:99.97.0(0)(0-0:96.7.19)',
      '1-0:32.32.0(00002)',
      '1-0:52.32.0(00002)',
      '1-0:72.32.0(00002)',
      '1-0:32.36.0(00000)',
      '1-0:52.36.0(00000)',
      '1-0:72.36.0(00000)',
      '0-0:96.13.0()',
      // DSMR 4.x meters report no voltages
      ...(this.version === '5.0' ? phase(['1-0:32.7.0', '1-0:52.7.0', '1-0:72.7.0'], (i) => `${volts(sample.voltageV[i]!)}*V`) : []),
      ...phase(['1-0:31.7.0', '1-0:51.7.0', '1-0:71.7.0'], (i) => `${amps(currents[i]!)}*A`),
      ...phase(['1-0:21.7.0', '1-0:41.7.0', '1-0:61.7.0'], (i) => `${kw(sample.powerW[i]!)}*kW`),
      ...phase(['1-0:22.7.0', '1-0:42.7.0', '1-0:62.7.0'], (i) => `${kw(-sample.powerW[i]!)}*kW`),
      '0-1:24.1.0(003)',
      `0-1:96.1.0(${GAS_EQUIPMENT_ID})`,
      `0-1:24.2.1(${formatMeterTime(capture)})(${gas.toFixed(3).padStart(9, '0')}*m3)`,
    ];
  }
}

/** Dutch double tariff: low (1) at night 23:00–07:00 and all weekend, normal (2) otherwise. */
export function tariffAt(epochMs: number): 1 | 2 {
  const local = dutchLocal(epochMs);
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  return day === 0 || day === 6 || hour >= 23 || hour < 7 ? 1 : 2;
}

function sum(values: Triple): number {
  return values[0] + values[1] + values[2];
}

/** Change one digit of the import power line, keeping the CRC: what line noise does. */
function corrupt(telegram: string): string {
  const at = telegram.indexOf('1-0:1.7.0(') + '1-0:1.7.0('.length;
  const digit = telegram[at]!;
  return telegram.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + telegram.slice(at + 1);
}
