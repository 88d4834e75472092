/**
 * DSMR meter time: `YYMMDDhhmmssX`, Dutch local time where X says which
 * offset applies — W winter (CET, UTC+1), S summer (CEST, UTC+2).
 */
const HOUR = 3_600_000;

/** Last Sunday of a month at 01:00 UTC: where EU summer time starts (March) and ends (October). */
function lastSunday0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

export function isEuSummerTime(epochMs: number): boolean {
  const year = new Date(epochMs).getUTCFullYear();
  return epochMs >= lastSunday0100Utc(year, 2) && epochMs < lastSunday0100Utc(year, 9);
}

/** Offset of Dutch local time from UTC at that instant, ms. */
export function dutchOffsetMs(epochMs: number): number {
  return isEuSummerTime(epochMs) ? 2 * HOUR : HOUR;
}

/** Dutch local calendar fields of an instant (UTC getters of the shifted date). */
export function dutchLocal(epochMs: number): Date {
  return new Date(epochMs + dutchOffsetMs(epochMs));
}

const two = (n: number) => String(n).padStart(2, '0');

export function formatMeterTime(epochMs: number): string {
  const local = dutchLocal(epochMs);
  const stamp = [local.getUTCFullYear() % 100, local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()]
    .map(two)
    .join('');
  return stamp + (isEuSummerTime(epochMs) ? 'S' : 'W');
}

/** Epoch ms of a meter time; undefined when it is not one. DSMR 2/3 stamps lack the W/S: the offset is inferred. */
export function parseMeterTime(text: string): number | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([WS])?$/.exec(text);
  if (!m) return undefined;
  const [yy, mo, dd, hh, mi, ss] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return undefined;
  const asUtc = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
  if (m[7]) return asUtc - (m[7] === 'S' ? 2 : 1) * HOUR;
  const winter = asUtc - HOUR;
  return isEuSummerTime(winter - HOUR) ? asUtc - 2 * HOUR : winter;
}
