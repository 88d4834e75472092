import { errorText, type LinkHandlers, type OpenLink, RetryingSource, type RetryOptions } from './retrying-source.js';

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
  dataBits: 8;
  parity: 'none';
  stopBits: 1;
  autoOpen: false;
}

export type P1PortFactory = (settings: P1SerialSettings) => P1SerialPort;

export interface SerialSourceOptions extends RetryOptions {
  /** Tests pass @serialport/binding-mock here; otherwise serialport is imported on first use. */
  createPort?: P1PortFactory;
}

/** DSMR 4 and 5: 115200 baud, 8 data bits, no parity, 1 stop bit. */
export const P1_BAUD_RATE = 115_200;

/** P1 telegrams from the meter's P1 port on a serial line; reopens with back-off while the device is missing. */
export class SerialP1Source extends RetryingSource {
  readonly description: string;
  private readonly createPort?: P1PortFactory;

  constructor(
    readonly path: string,
    options: SerialSourceOptions,
  ) {
    super(options);
    this.description = `serial ${path}`;
    this.createPort = options.createPort;
  }

  protected async open(handlers: LinkHandlers): Promise<OpenLink> {
    const factory = this.createPort ?? (await serialPortFactory());
    const port = factory({ path: this.path, baudRate: P1_BAUD_RATE, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
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

/** serialport is CommonJS with native bindings: imported only when a serial P1 source first opens. */
async function serialPortFactory(): Promise<P1PortFactory> {
  const mod = (await import('serialport')) as unknown as { SerialPort?: unknown; default?: { SerialPort: unknown } };
  const SerialPort = (mod.SerialPort ?? mod.default!.SerialPort) as new (settings: P1SerialSettings) => P1SerialPort;
  return (settings) => new SerialPort(settings);
}
