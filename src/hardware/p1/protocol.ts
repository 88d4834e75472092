/**
 * Which P1 protocol a telegram speaks, and so whether it must carry a CRC.
 *
 * The CRC-16 after `!` came with DSMR 4.0 and is part of every protocol
 * built on it: DSMR 4.x / 5.x (1-3:0.2.8), the Belgian e-MUCS (Fluvius,
 * 0-0:96.1.4) and the national profiles derived from DSMR 5 that carry no
 * version line (Luxembourg, Sweden, Austria, Ireland, Hungary, Kamstrup
 * Omnipower ...). Only DSMR 2.2 / 3.0 meters send no CRC. Those are known by
 * what they lack: no version line, no e-MUCS version, and no meter time
 * 0-0:1.0.0 (introduced with DSMR 4.0), nor a header naming DSMR/ESMR 4 or 5.
 * The header alone cannot tell: Iskra sends `/ISk5\2MT382-1000` from DSMR 3
 * and DSMR 5 meters alike.
 *
 * `legacyAllowed` is false when the line itself rules out DSMR 2.2 / 3 (a
 * serial P1 port at 115200 8N1: those meters speak 9600 7E1): then every
 * telegram needs its CRC.
 */
export interface P1Protocol {
  /** `DSMR 5.0`, `e-MUCS 1.7`, `DSMR 2.2/3`, or `DSMR-based` (a national profile without version line). */
  name: string;
  /** The DSMR version: from 1-3:0.2.8 (`5.0`), or the DSMR base of an e-MUCS version (`5.0.2`); null when the telegram says none. */
  dsmrVersion: string | null;
  /** The e-MUCS version from 0-0:96.1.4 (`1.7`); null for other meters. */
  emucsVersion: string | null;
  /** Null when the telegram may come without CRC; else why it may not. */
  crcRequired: string | null;
}

export type IdentifyResult = { ok: true; protocol: P1Protocol } | { ok: false; reason: string };

/** DSMR 4.0 (version 40) is the first with a CRC. */
const FIRST_VERSION_WITH_CRC = 40;
/** An identification that names a CRC protocol, e.g. `/Ene5\XS210 ESMR 5.0`. */
const HEADER_NAMES_CRC_PROTOCOL = /[DE]SMR ?[45]/i;

export function identifyProtocol(header: string, objects: Record<string, string[]>, legacyAllowed = true): IdentifyResult {
  // e-MUCS 0-0:96.1.4: 5 digits, the DSMR base (502 = 5.0.2) then the e-MUCS version (17 = 1.7)
  const emucs = objects['0-0:96.1.4']?.[0];
  if (emucs !== undefined) {
    const m = /^(\d)(\d)(\d)(\d)(\d)$/.exec(emucs);
    if (!m) return { ok: false, reason: `bad e-MUCS version ${JSON.stringify(emucs.slice(0, 20))}` };
    const emucsVersion = `${m[4]}.${m[5]}`;
    return {
      ok: true,
      protocol: { name: `e-MUCS ${emucsVersion}`, dsmrVersion: `${m[1]}.${m[2]}.${m[3]}`, emucsVersion, crcRequired: `e-MUCS ${emucsVersion}` },
    };
  }

  const versionText = objects['1-3:0.2.8']?.[0];
  if (versionText !== undefined) {
    if (!/^\d{2,3}$/.test(versionText)) return { ok: false, reason: `bad DSMR version ${JSON.stringify(versionText.slice(0, 20))}` };
    const dsmrVersion = `${versionText[0]}.${versionText.slice(1)}`;
    const withCrc = Number(versionText) >= FIRST_VERSION_WITH_CRC || !legacyAllowed;
    return { ok: true, protocol: { name: `DSMR ${dsmrVersion}`, dsmrVersion, emucsVersion: null, crcRequired: withCrc ? `DSMR ${dsmrVersion}` : null } };
  }

  const crcRequired = !legacyAllowed
    ? 'a DSMR 4/5 line (115200 8N1)'
    : objects['0-0:1.0.0'] !== undefined
      ? 'meter time 0-0:1.0.0: DSMR 4 or later'
      : HEADER_NAMES_CRC_PROTOCOL.test(header)
        ? `identification ${header}`
        : null;
  return { ok: true, protocol: { name: crcRequired ? 'DSMR-based' : 'DSMR 2.2/3', dsmrVersion: null, emucsVersion: null, crcRequired } };
}
