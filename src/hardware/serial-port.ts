/**
 * A serial port on this machine: serialport's stream on the native binding
 * detected for the platform. Loaded on first use, and as these two packages
 * rather than `serialport`, which also loads eight parsers and a mock binding
 * (~10 ms of a one-shot command's start-up). They are CommonJS: required,
 * not imported, which spares the ESM loader's parse of their exports.
 */
import { createRequire } from 'node:module';

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  autoOpen?: boolean;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
}

/** A constructor of ports for `options`, typed as the caller's view of the port. */
export function serialPortFactory<Port>(): (options: SerialOpenOptions) => Port {
  const require = createRequire(import.meta.url);
  const { SerialPortStream } = require('@serialport/stream') as typeof import('@serialport/stream');
  const { autoDetect } = require('@serialport/bindings-cpp') as typeof import('@serialport/bindings-cpp');
  const binding = autoDetect();
  return (options) => new SerialPortStream({ binding, ...options }) as unknown as Port;
}
