import { errorText, type LinkHandlers, type OpenLink, RetryingSource, type RetryOptions } from './retrying-source.js';
import { serialPortFactory } from '../serial-port.js';

/** The part of serialport's SerialPort this source uses (SerialPortMock has it too). */
export interface P1SerialPort {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  on(event: 'data', fn: (chunk: Buffer) => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  on(event: 'close', fn: (err?: Error) => void): this;
}

export interface P1SerialSettings {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even';
  stopBits: 1;
  autoOpen: false;
}

/** The P1 line: DSMR 4 / 5 and e-MUCS meters send at 115200 8N1, DSMR 2.2 / 3 meters at 9600 7E1. */
export type P1Baud = 115200 | 9600;
export const P1_BAUDS: readonly P1Baud[] = [115200, 9600];

export interface P1LineSettings {
  baudRate: P1Baud;
  dataBits: 7 | 8;
  parity: 'none' | 'even';
  stopBits: 1;
}

export function p1LineSettings(baud: P1Baud): P1LineSettings {
  return baud === 9600 ? { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 } : { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 };
}

/** `115200 8N1`, `9600 7E1`. */
export function describeLine(baud: P1Baud): string {
  const l = p1LineSettings(baud);
  return `${l.baudRate} ${l.dataBits}${l.parity === 'even' ? 'E' : 'N'}${l.stopBits}`;
}

export type P1PortFactory = (settings: P1SerialSettings) => P1SerialPort;

export interface SerialSourceOptions extends RetryOptions {
  /** The line the meter speaks; default 115200 (DSMR 4 / 5, 8N1). */
  baud?: P1Baud;
  /** Tests pass @serialport/binding-mock here; otherwise serialport is imported on first use. */
  createPort?: P1PortFactory;
}

/**
 * P1 telegrams from the meter's P1 port on a serial line; reopens with
 * back-off while the device is missing. At 115200 8N1 only DSMR 4 / 5 and
 * e-MUCS meters can be on the line, so every telegram needs its CRC; at
 * 9600 7E1 a DSMR 2.2 / 3 telegram may come without.
 */
export class SerialP1Source extends RetryingSource {
  readonly description: string;
  private readonly createPort?: P1PortFactory;
  readonly line: P1LineSettings;

  constructor(
    readonly path: string,
    options: SerialSourceOptions,
  ) {
    const baud = options.baud ?? 115200;
    super({ ...options, parse: { legacyAllowed: baud === 9600, ...options.parse } });
    this.line = p1LineSettings(baud);
    this.description = `serial ${path} (${describeLine(baud)})`;
    this.createPort = options.createPort;
  }

  protected async open(handlers: LinkHandlers): Promise<OpenLink> {
    const factory = this.createPort ?? defaultPortFactory();
    const port = factory({ path: this.path, ...this.line, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    let closing = false;
    port.on('data', (chunk) => handlers.data(chunk));
    port.on('error', (err) => closing || handlers.lost(`port error: ${errorText(err)}`));
    port.on('close', (err) => closing || handlers.lost(err ? `port closed: ${errorText(err)}` : 'port closed'));
    return {
      close: () =>
        new Promise<void>((resolve) => {
          closing = true;
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        }),
    };
  }
}

/** serialport is imported only when a serial P1 source first opens. */
function defaultPortFactory(): P1PortFactory {
  return serialPortFactory<P1SerialPort>();
}
