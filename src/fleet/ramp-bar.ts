/**
 * The ramp's progress on a terminal: `[██████░░░░░░░░░░░░░░] 812/2500`, the
 * stations started so far of all (the same glyphs as `ng9 fw upload`).
 */

/** A bar `width` cells wide (at least 1) for `started` of `stations`. */
export function rampBar(started: number, stations: number, width = 20): string {
  const cells = Math.max(1, Math.floor(width));
  const fraction = stations > 0 ? Math.min(1, Math.max(0, started / stations)) : 1;
  // full only when all have started
  const full = started >= stations ? cells : Math.min(cells - 1, Math.floor(fraction * cells));
  return `[${'█'.repeat(full)}${'░'.repeat(cells - full)}] ${started}/${stations}`;
}
