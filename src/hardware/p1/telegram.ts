/** One value per phase L1, L2, L3; null where the meter does not report it (single-phase meters). */
export type PerPhase = [number | null, number | null, number | null];

/** A P1 telegram that passed its CRC (or, for DSMR 2/3, needs none), with the values the station uses. */
export interface Telegram {
  /** The telegram as received, from `/` through the CRC digits (latin1, CRLF line ends). */
  raw: string;
  /** Meter identification after the `/`, e.g. `ISK5\2M550T-1012`. */
  header: string;
  /** The protocol it was read as: `DSMR 5.0`, `e-MUCS 1.7`, `DSMR 2.2/3`, `DSMR-based` (a national profile without version line). */
  protocol: string;
  /** From 1-3:0.2.8, e.g. `5.0`, `4.2`, or the DSMR base of an e-MUCS meter (0-0:96.1.4 50217: `5.0.2`); null when the telegram says none. */
  dsmrVersion: string | null;
  /** e-MUCS (Belgium) version from 0-0:96.1.4, e.g. `1.7`; null for other meters. */
  emucsVersion: string | null;
  /** The CRC after `!` as 4 hex digits (a 3-digit one zero-padded); null for DSMR 2/3 telegrams, which carry none. */
  crc: string | null;
  /** Meter time 0-0:1.0.0 as epoch ms (the meter's W/S suffix picks CET or CEST). */
  timestamp: number | null;
  /** 0-0:96.1.1 equipment identifier as sent (hex-encoded ASCII). */
  equipmentId: string | null;
  /** 0-0:96.14.0 tariff indicator: 1 = low (night), 2 = normal. */
  tariff: number | null;
  /** Energy registers, kWh: 1-0:1.8.1 / 1.8.2 (delivered to the client, tariff 1/2), 2.8.1 / 2.8.2 (delivered by the client). */
  energyKwh: { importT1: number | null; importT2: number | null; exportT1: number | null; exportT2: number | null };
  /** 1-0:1.7.0 actual power delivered to the client, W. */
  powerImportW: number | null;
  /** 1-0:2.7.0 actual power delivered by the client (solar), W. */
  powerExportW: number | null;
  phases: {
    /** 1-0:32.7.0 / 52.7.0 / 72.7.0 */
    voltageV: PerPhase;
    /** 1-0:31.7.0 / 51.7.0 / 71.7.0 */
    currentA: PerPhase;
    /** 1-0:21.7.0 / 41.7.0 / 61.7.0 */
    powerImportW: PerPhase;
    /** 1-0:22.7.0 / 42.7.0 / 62.7.0 */
    powerExportW: PerPhase;
  };
  /** Gas meter on an M-Bus channel (0-n:24.2.1): last captured volume and its capture time. */
  gas: { m3: number; timestamp: number | null } | null;
  /** Every OBIS line: reference → the values inside its parentheses, in order. */
  objects: Record<string, string[]>;
}
