/**
 * A serial port as a stream of text lines, for both ends of the cable: the
 * CLI's SerialTarget / serial REPL and `ng9 serve --serial`. serialport (CJS,
 * native bindings) is imported on first use only (hardware/serial-port.ts).
 */
import { serialPortFactory } from '../hardware/serial-port.js';

/** The part of serialport's SerialPort this module uses (SerialPortMock has it too). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: string | Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  flush(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  on(event: 'data', fn: (chunk: Buffer) => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  on(event: 'close', fn: () => void): this;
}

export type PortFactory = (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;

/**
 * Splits received bytes into lines; a line ends at `\r\n`, `\n` or a lone
 * `\r` (what a terminal such as screen or minicom sends for Enter).
 */
export class LineSplitter {
  private buffer = '';
  private lastWasCr = false;

  /** A line never grows past `maxLength`: the rest is cut into further lines (noise, a bad command). */
  constructor(private readonly maxLength = 65_536) {}

  push(chunk: string): string[] {
    const lines: string[] = [];
    for (const c of chunk) {
      if (this.buffer.length >= this.maxLength) {
        lines.push(this.buffer);
        this.buffer = '';
      }
      if (c === '\n') {
        if (this.lastWasCr) {
          this.lastWasCr = false;
          continue;
        }
        lines.push(this.buffer);
        this.buffer = '';
      } else if (c === '\r') {
        lines.push(this.buffer);
        this.buffer = '';
        this.lastWasCr = true;
        continue;
      } else {
        this.buffer += c;
      }
      this.lastWasCr = false;
    }
    return lines;
  }
}

/** The one line a technician reads when the port cannot be opened. */
export function openErrorMessage(path: string, err: Error): string {
  const reason = err.message.replace(/^Error:\s*/, '').replace(/,\s*cannot open .*$/, '').trim() || 'unknown error';
  let hint = 'check the cable and `ls /dev/ttyUSB* /dev/ttyACM*`';
  if (/permission denied/i.test(reason)) hint = 'add your user to the dialout group (`sudo usermod -aG dialout $USER`, then log in again)';
  else if (/busy|lock/i.test(reason)) hint = 'another program (screen, minicom, ng9) holds the port: close it';
  return `cannot open ${path}: ${reason} — ${hint}`;
}

export class SerialLink {
  private readonly splitter = new LineSplitter();
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly dataListeners = new Set<(text: string) => void>();
  private readonly byteListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();
  private closing = false;

  private constructor(
    readonly path: string,
    private readonly port: SerialPortLike,
  ) {
    port.on('data', (chunk) => {
      for (const fn of [...this.byteListeners]) fn(chunk);
      const text = chunk.toString('utf8');
      for (const fn of [...this.dataListeners]) fn(text);
      for (const line of this.splitter.push(text)) for (const fn of [...this.lineListeners]) fn(line);
    });
    port.on('error', (err) => this.ended(err));
    port.on('close', () => this.ended());
  }

  /**
   * Open `path` at `baud`; rejects with a TargetError-friendly message (see
   * openErrorMessage). Input already waiting in the driver is discarded.
   */
  static async open(path: string, baud: number, createPort?: PortFactory): Promise<SerialLink> {
    const factory = createPort ?? defaultFactory();
    const port = factory({ path, baudRate: baud, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new Error(openErrorMessage(path, err))) : resolve())));
    await new Promise<void>((resolve) => port.flush(() => resolve()));
    return new SerialLink(path, port);
  }

  get isOpen(): boolean {
    return this.port.isOpen && !this.closing;
  }

  onLine(fn: (line: string) => void): () => void {
    this.lineListeners.add(fn);
    return () => this.lineListeners.delete(fn);
  }

  /** The received characters as they come (the console's line editor). */
  onData(fn: (text: string) => void): () => void {
    this.dataListeners.add(fn);
    return () => this.dataListeners.delete(fn);
  }

  /** The received bytes as they come (binary frames: fw-receive.ts, fw-upload.ts). */
  onBytes(fn: (chunk: Buffer) => void): () => void {
    this.byteListeners.add(fn);
    return () => this.byteListeners.delete(fn);
  }

  /** Send characters (or bytes) as they are. */
  write(raw: string | Buffer): void {
    if (this.isOpen) this.port.write(raw);
  }

  /** Called once when the port closes or fails (cable pulled). */
  onClose(fn: (err?: Error) => void): () => void {
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  /** Send one line, ended by `\r\n`. */
  writeLine(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.write(`${line}\r\n`, (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.closing || !this.port.isOpen) return;
    this.closing = true;
    await new Promise<void>((resolve) => this.port.drain(() => resolve()));
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  private ended(err?: Error): void {
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const fn of listeners) fn(err);
  }
}

function defaultFactory(): PortFactory {
  return serialPortFactory<SerialPortLike>();
}
