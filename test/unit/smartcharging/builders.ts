import type { ChargingProfile, ChargingProfileKind, ChargingProfilePurpose, ChargingRateUnit, EvseContext, InstalledProfile } from '../../../src/station/smartcharging/types.js';

export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();
export const at = (offsetS: number) => iso(T0 + offsetS * 1000);

export interface ProfileSpec {
  id?: number;
  purpose?: ChargingProfilePurpose;
  kind?: ChargingProfileKind;
  stackLevel?: number;
  unit?: ChargingRateUnit;
  /** [startPeriod, limit] or [startPeriod, limit, numberPhases] */
  periods?: Array<[number, number] | [number, number, number]>;
  startSchedule?: string;
  duration?: number;
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  transactionId?: string;
}

let nextId = 1;

export function profile(spec: ProfileSpec = {}): ChargingProfile {
  const kind = spec.kind ?? 'Absolute';
  const p: ChargingProfile = {
    id: spec.id ?? nextId++,
    stackLevel: spec.stackLevel ?? 0,
    chargingProfilePurpose: spec.purpose ?? 'TxDefaultProfile',
    chargingProfileKind: kind,
    chargingSchedule: [
      {
        id: 1,
        chargingRateUnit: spec.unit ?? 'A',
        chargingSchedulePeriod: (spec.periods ?? [[0, 16]]).map(([startPeriod, limit, numberPhases]) =>
          numberPhases === undefined ? { startPeriod, limit } : { startPeriod, limit, numberPhases },
        ),
      },
    ],
  };
  const s = p.chargingSchedule[0]!;
  if (kind !== 'Relative') s.startSchedule = spec.startSchedule ?? iso(T0 - 3600_000);
  if (spec.duration !== undefined) s.duration = spec.duration;
  if (kind === 'Recurring') p.recurrencyKind = spec.recurrencyKind ?? 'Daily';
  if (spec.validFrom) p.validFrom = spec.validFrom;
  if (spec.validTo) p.validTo = spec.validTo;
  if (spec.transactionId) p.transactionId = spec.transactionId;
  return p;
}

export function installed(evseId: number, p: ChargingProfile, transactionId?: string): InstalledProfile {
  const row: InstalledProfile = { evseId, profile: p, source: 'CSO', valid: true, installedAt: T0 };
  const tx = transactionId ?? p.transactionId;
  if (tx) row.transactionId = tx;
  return row;
}

export function evses(n = 2, tx: Record<number, { id: string; startedAt: number }> = {}): EvseContext[] {
  return Array.from({ length: n }, (_, i) => {
    const e: EvseContext = { id: i + 1, phases: 3, maxCurrentA: 32 };
    if (tx[i + 1]) e.transaction = tx[i + 1];
    return e;
  });
}
