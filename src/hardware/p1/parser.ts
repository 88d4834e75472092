/**
 * P1 telegram parser (DSMR 2.2 to 5, e-MUCS and the national profiles built on DSMR 5):
 *
 *   /ISK5\2M550T-1012          header: `/`, 3-letter maker, baud digit, identification
 *                               empty line
 *   1-3:0.2.8(50)               OBIS lines `A-B:C.D.E(value*unit)(...)`
 *   ...
 *   !ABCD                       `!` and the CRC-16/ARC over `/`..`!` (DSMR 4+)
 *
 * Whether a telegram may lack its CRC is the protocol's call (protocol.ts):
 * only a DSMR 2.2 / 3 telegram may. A CRC of 3 digits (`!B9F`, a meter that
 * drops the leading zero) is read as `0B9F`, as common parsers do.
 */
import { crc16Arc, formatCrc } from './crc16.js';
import { parseMeterTime } from './meter-time.js';
import { identifyProtocol, type P1Protocol } from './protocol.js';
import type { PerPhase, Telegram } from './telegram.js';

export type ParseResult = { ok: true; telegram: Telegram } | { ok: false; reason: string };

const HEADER_RE = /^\/([A-Za-z]{3}\d[\x20-\x7e]*)$/;
/** OBIS reference (an optional `*255` billing-period suffix as some D0 meters write it), then one or more `(...)` groups. */
const LINE_RE = /^(\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3})(?:\*\d{1,3})?((?:\([\x20-\x27\x2a-\x7e]*\))+)$/;
const CRC_RE = /^[0-9A-Fa-f]{3,4}$/;

export interface ParseOptions {
  /** False when the line rules out DSMR 2.2 / 3 (serial at 115200 8N1): every telegram needs its CRC. Default true. */
  legacyAllowed?: boolean;
}

export function parseTelegram(input: Uint8Array | string, options: ParseOptions = {}): ParseResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const text = bytes.toString('latin1');
  if (!text.startsWith('/')) return bad('does not start with /');
  const bang = text.indexOf('!');
  if (bang < 0) return bad('truncated: no ! end mark');
  const crcText = text.slice(bang + 1).replace(/[\r\n]+$/, '');
  if (crcText !== '' && !CRC_RE.test(crcText)) return bad(`malformed CRC after !: ${printable(crcText)}`);
  const crc = crcText === '' ? null : crcText.toUpperCase().padStart(4, '0');

  if (crc !== null) {
    const computed = formatCrc(crc16Arc(bytes, 0, bang + 1));
    if (computed !== crc) return bad(`CRC mismatch: telegram says ${crc}, computed ${computed}`);
  }

  const lines = joinContinuations(text.slice(0, bang).split(/\r?\n/));
  const header = HEADER_RE.exec(lines[0] ?? '');
  if (!header) return bad(`bad header line: ${printable(lines[0] ?? '')}`);

  const objects: Record<string, string[]> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const m = LINE_RE.exec(line);
    if (!m) return bad(`line ${i + 1} is not an OBIS line: ${printable(line)}`);
    objects[m[1]!] = [...m[2]!.matchAll(/\(([^()]*)\)/g)].map((g) => g[1]!);
  }
  if (Object.keys(objects).length === 0) return bad(`no data lines after the header ${printable(lines[0]!)}`);

  const identified = identifyProtocol(header[1]!, objects, options.legacyAllowed ?? true);
  if (!identified.ok) return bad(identified.reason);
  const protocol = identified.protocol;
  if (crc === null && protocol.crcRequired !== null) return bad(`telegram without CRC (${protocol.crcRequired})`);

  return { ok: true, telegram: toTelegram(text.slice(0, bang + 1 + crcText.length), header[1]!, protocol, crc, objects) };
}

function toTelegram(raw: string, header: string, protocol: P1Protocol, crc: string | null, objects: Record<string, string[]>): Telegram {
  const first = (ref: string) => objects[ref]?.[0];
  const kwh = (ref: string) => quantity(first(ref), { kWh: 1, Wh: 0.001 });
  const watts = (ref: string) => quantity(first(ref), { kW: 1000, W: 1 });
  const triple = (refs: [string, string, string], read: (ref: string) => number | null): PerPhase => [read(refs[0]), read(refs[1]), read(refs[2])];
  const time = first('0-0:1.0.0');
  const tariff = first('0-0:96.14.0');
  return {
    raw,
    header,
    protocol: protocol.name,
    dsmrVersion: protocol.dsmrVersion,
    emucsVersion: protocol.emucsVersion,
    crc,
    timestamp: time === undefined ? null : (parseMeterTime(time) ?? null),
    equipmentId: first('0-0:96.1.1') ?? null,
    tariff: tariff !== undefined && /^\d{1,4}$/.test(tariff) ? Number(tariff) : null,
    energyKwh: { importT1: kwh('1-0:1.8.1'), importT2: kwh('1-0:1.8.2'), exportT1: kwh('1-0:2.8.1'), exportT2: kwh('1-0:2.8.2') },
    powerImportW: watts('1-0:1.7.0'),
    powerExportW: watts('1-0:2.7.0'),
    phases: {
      voltageV: triple(['1-0:32.7.0', '1-0:52.7.0', '1-0:72.7.0'], (ref) => quantity(first(ref), { V: 1 })),
      currentA: triple(['1-0:31.7.0', '1-0:51.7.0', '1-0:71.7.0'], (ref) => quantity(first(ref), { A: 1 })),
      powerImportW: triple(['1-0:21.7.0', '1-0:41.7.0', '1-0:61.7.0'], watts),
      powerExportW: triple(['1-0:22.7.0', '1-0:42.7.0', '1-0:62.7.0'], watts),
    },
    gas: gasReading(objects),
    objects,
  };
}

/** `0230.0*V` → 230 when the unit is one of `units` (value × factor); null otherwise. */
function quantity(value: string | undefined, units: Record<string, number>): number | null {
  if (value === undefined) return null;
  const m = /^([+-]?\d+(?:\.\d+)?)\*([A-Za-z0-9]+)$/.exec(value);
  const factor = m ? units[m[2]!] : undefined;
  if (!m || factor === undefined) return null;
  return Number((Number(m[1]) * factor).toFixed(6));
}

/** DSMR 4/5: `0-n:24.2.1(capture time)(volume*m3)`; DSMR 2/3 put the volume alone on the line after 0-n:24.3.0. */
function gasReading(objects: Record<string, string[]>): Telegram['gas'] {
  for (const [ref, values] of Object.entries(objects)) {
    if (/^0-\d:24\.2\.1$/.test(ref) && values.length >= 2) {
      const m3 = quantity(values[values.length - 1], { m3: 1 });
      if (m3 !== null) return { m3, timestamp: parseMeterTime(values[0]!) ?? null };
    }
    if (/^0-\d:24\.3\.0$/.test(ref) && values.length >= 7 && values[5] === 'm3') {
      const m3 = Number(values[6]);
      if (Number.isFinite(m3)) return { m3, timestamp: parseMeterTime(values[0]!) ?? null };
    }
  }
  return null;
}

/** DSMR 2/3 continue a value on the next line, starting with `(`. */
function joinContinuations(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('(') && out.length > 1) out[out.length - 1] += line;
    else out.push(line);
  }
  return out;
}

function bad(reason: string): ParseResult {
  return { ok: false, reason };
}

/** A short, printable excerpt of untrusted text for a log line. */
export function printable(text: string, max = 40): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}
