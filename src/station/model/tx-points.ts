/**
 * The console `reasons` bitmask (release notes 6.0.0: "Added 'reasons' to the
 * command line to make it possible to set the start stop points"), mapped onto
 * the OCPP 2.0.1 TxCtrlr.TxStartPoint / TxStopPoint MemberList values.
 *
 *   bit 0  TX_ENERGY_TRANSFER        EnergyTransfer
 *   bit 1  TX_POWER_PATH_CLOSED      PowerPathClosed
 *   bit 2  TX_DATA_SIGNED            DataSigned
 *   bit 3  TX_AUTHORIZED             Authorized
 *   bit 4  TX_EV_CONNECTED           EVConnected
 *   bit 5  TX_PARKING_BAY_OCCUPANCY  ParkingBayOccupancy
 */

export interface TxPoint {
  bit: number;
  /** Firmware name, as typed on the console. */
  name: string;
  /** OCPP 2.0.1 TxStartPoint/TxStopPoint member. */
  ocpp: string;
}

export const TX_POINTS: readonly TxPoint[] = [
  { bit: 0, name: 'TX_ENERGY_TRANSFER', ocpp: 'EnergyTransfer' },
  { bit: 1, name: 'TX_POWER_PATH_CLOSED', ocpp: 'PowerPathClosed' },
  { bit: 2, name: 'TX_DATA_SIGNED', ocpp: 'DataSigned' },
  { bit: 3, name: 'TX_AUTHORIZED', ocpp: 'Authorized' },
  { bit: 4, name: 'TX_EV_CONNECTED', ocpp: 'EVConnected' },
  { bit: 5, name: 'TX_PARKING_BAY_OCCUPANCY', ocpp: 'ParkingBayOccupancy' },
];

export const TX_ENERGY_TRANSFER = 1 << 0;
export const TX_POWER_PATH_CLOSED = 1 << 1;
export const TX_DATA_SIGNED = 1 << 2;
export const TX_AUTHORIZED = 1 << 3;
export const TX_EV_CONNECTED = 1 << 4;
export const TX_PARKING_BAY_OCCUPANCY = 1 << 5;
export const TX_MASK_MAX = 0x3f;

/** The OCPP valuesList order of TxStartPoint (OCPP 2.0.1 Part 2, TxCtrlr). */
export const TX_POINT_ORDER: readonly string[] = ['ParkingBayOccupancy', 'EVConnected', 'Authorized', 'DataSigned', 'PowerPathClosed', 'EnergyTransfer'];
/** TxStopPoint members: DataSigned is no stop point. */
export const TX_STOP_POINT_ORDER: readonly string[] = TX_POINT_ORDER.filter((p) => p !== 'DataSigned');

export type ParseMaskResult = { ok: true; mask: number } | { ok: false; error: string };

function normName(text: string): string {
  let t = text.trim();
  if (/^tx_/i.test(t)) t = t.slice(3);
  return t.replace(/[^a-z0-9]/gi, '').toLowerCase();
}

const BY_NORM = new Map<string, TxPoint>();
for (const p of TX_POINTS) {
  BY_NORM.set(normName(p.name), p);
  BY_NORM.set(normName(p.ocpp), p);
}

/** The point for a TX_ name or OCPP name (case-insensitive), or undefined. */
export function findPoint(name: string): TxPoint | undefined {
  return BY_NORM.get(normName(name));
}

/**
 * Parse a console mask: decimal (`24`), hex (`0x18`), binary (`0b11000`) or a
 * list of names separated by `,` `|` or `+` (`TX_AUTHORIZED,TX_EV_CONNECTED`,
 * `Authorized,EVConnected`, case-insensitive).
 */
export function parseMask(text: string): ParseMaskResult {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'empty mask: give a number (decimal, 0x hex, 0b binary) or names like TX_AUTHORIZED,TX_EV_CONNECTED' };
  let value: number | undefined;
  if (/^\d+$/.test(t)) value = Number(t);
  else if (/^0x[0-9a-f]+$/i.test(t)) value = parseInt(t.slice(2), 16);
  else if (/^0b[01]+$/i.test(t)) value = parseInt(t.slice(2), 2);
  if (value !== undefined) {
    if (!Number.isSafeInteger(value) || value > TX_MASK_MAX) {
      return { ok: false, error: `mask ${t} out of range: bits 0..5 only (0x00..0x3F)` };
    }
    return { ok: true, mask: value };
  }
  if (/^[+-]?\d/.test(t) || /^0[xb]/i.test(t)) {
    return { ok: false, error: `invalid mask "${t}": expected decimal, 0x hex or 0b binary (0..0x3F)` };
  }
  let mask = 0;
  for (const part of t.split(/[,|+]/)) {
    if (part.trim() === '') return { ok: false, error: `invalid mask "${t}": empty name in list` };
    const point = findPoint(part);
    if (!point) {
      return { ok: false, error: `unknown reason "${part.trim()}": use ${TX_POINTS.map((p) => p.name).join(', ')} or their OCPP names` };
    }
    mask |= 1 << point.bit;
  }
  return { ok: true, mask };
}

/** The MemberList value for a mask, in OCPP valuesList order (e.g. 0x18 → "EVConnected,Authorized"). */
export function maskToPoints(mask: number): string {
  return TX_POINT_ORDER.filter((ocpp) => mask & (1 << findPoint(ocpp)!.bit)).join(',');
}

/** The mask of a MemberList value; unknown members are ignored. */
export function pointsToMask(value: string): number {
  let mask = 0;
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const point = findPoint(part);
    if (point) mask |= 1 << point.bit;
  }
  return mask;
}

/** The TX_ names of the bits set, lowest bit first. */
export function maskNames(mask: number): string[] {
  return TX_POINTS.filter((p) => mask & (1 << p.bit)).map((p) => p.name);
}

/** Format a mask as the console shows it: `0x18`. */
export function formatMask(mask: number): string {
  return `0x${mask.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Why a mask cannot be used as a start or stop point, or undefined when it can:
 * at least one point, and DataSigned is no stop point.
 */
export function maskError(kind: 'start' | 'stop', mask: number): string | undefined {
  if (mask === 0) return `no ${kind} point given: at least one is needed`;
  if (mask > TX_MASK_MAX || mask < 0) return `mask ${formatMask(mask)} out of range (0x00..0x3F)`;
  if (kind === 'stop' && mask & TX_DATA_SIGNED) return 'TX_DATA_SIGNED (DataSigned) cannot be a stop point';
  return undefined;
}
