import { describeLine, type P1Baud } from '../../hardware/p1/serial-source.js';
import type { DeviceModel } from '../model/device-model.js';

export type P1Interface = 'serial' | 'telnet';

/** The P1 settings of the device model (release notes 6.0.0: OD 2191_01 / 2191_02 / 2191_03). */
export interface P1Config {
  interface: P1Interface;
  host: string;
  port: number;
  /** Where the meter's P1 port is wired to on this hardware (console `p1 device`); null when none is named. */
  serialPath: string | null;
  /** The serial line: 115200 8N1 (DSMR 4 / 5, e-MUCS) or 9600 7E1 (DSMR 2.2 / 3). */
  baud: P1Baud;
}

export const P1_KEYS = { interface: 'P1SmartMeter.Interface', host: 'P1SmartMeter.Host', port: 'P1SmartMeter.Port' } as const;
export const P1_VARIABLES: ReadonlySet<string> = new Set(['Interface', 'Host', 'Port']);

export function readP1Config(model: Pick<DeviceModel, 'getString'>, serialPath: string | null, baud: P1Baud = 115200): P1Config {
  const port = Number(model.getString(P1_KEYS.port));
  return {
    interface: model.getString(P1_KEYS.interface) === 'telnet' ? 'telnet' : 'serial',
    // the device model allows an IPv6 address in brackets; node:net wants it bare
    host: model.getString(P1_KEYS.host).trim().replace(/^\[(.*)\]$/, '$1'),
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 23,
    serialPath,
    baud,
  };
}

/** Telnet needs a host; serial needs the device the P1 port is wired to. */
export function isConfigured(config: P1Config): boolean {
  return config.interface === 'telnet' ? config.host !== '' : config.serialPath !== null;
}

export function describeSource(config: P1Config): string {
  return config.interface === 'telnet' ? `telnet ${config.host || '-'}:${config.port}` : `serial ${config.serialPath ?? '(no P1 device)'} (${describeLine(config.baud)})`;
}

export function sameSource(a: P1Config, b: P1Config): boolean {
  return describeSource(a) === describeSource(b);
}

const IPV4_RE = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `host` is no IPv4 address or host name, or undefined when it is one. */
export function hostProblem(host: string): string | undefined {
  if (/^[\d.]+$/.test(host)) {
    if (!IPV4_RE.test(host) || host.split('.').some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) {
      return `'${host}' is not a valid IPv4 address`;
    }
    return undefined;
  }
  if (host.length > 253 || !host.split('.').every((l) => LABEL_RE.test(l))) return `'${host}' is not a valid IP address or host name`;
  return undefined;
}
