import type { P1Baud } from '../../hardware/p1/serial-source.js';

/** The part of the store the P1 settings live in (key/value meta). */
export interface MetaStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

const DEVICE_KEY = 'p1.device';
const BAUD_KEY = 'p1.baud';

/**
 * The serial P1 settings of this hardware, kept across restarts: the device
 * the meter's P1 port is wired to (none until named) and its line speed.
 * They are no OCPP variables: the release notes' OD 2191_01..03 say only
 * serial or telnet and the telnet server.
 */
export class P1Settings {
  /** Read once, written through: the P1 reader consults them while the station stops, after the store closed. */
  private currentDevice: string | null;
  private currentBaud: P1Baud;

  constructor(private readonly store: MetaStore) {
    this.currentDevice = store.getMeta(DEVICE_KEY) || null;
    this.currentBaud = store.getMeta(BAUD_KEY) === '9600' ? 9600 : 115200;
  }

  get device(): string | null {
    return this.currentDevice;
  }

  set device(path: string | null) {
    this.store.setMeta(DEVICE_KEY, path ?? '');
    this.currentDevice = path;
  }

  get baud(): P1Baud {
    return this.currentBaud;
  }

  set baud(baud: P1Baud) {
    this.store.setMeta(BAUD_KEY, String(baud));
    this.currentBaud = baud;
  }
}

/** Why `path` cannot name a serial device, or undefined when it can (an absolute path, or COMn on Windows). */
export function devicePathProblem(path: string): string | undefined {
  if (/^COM\d{1,3}$/i.test(path)) return undefined;
  if (!path.startsWith('/')) return `'${path}' is no device path: give an absolute path such as /dev/ttyUSB0 (or COM3)`;
  if (/[\s\x00-\x1f\x7f]/.test(path)) return `'${path}' is no device path: it contains blanks or control characters`;
  if (path.length > 255) return 'the device path is longer than 255 characters';
  return undefined;
}
