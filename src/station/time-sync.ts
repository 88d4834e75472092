/**
 * The station's clock follows the CSMS (B01 BootNotification, G02 Heartbeat
 * `currentTime`): the CSMS's time wins, also over a simulated `clock
 * advance`, and a jump of more than a second is logged so nobody wonders
 * where their advanced hour went.
 */
import type { StationBase } from './host.js';

const NOTICEABLE_MS = 1000;

export function syncClockFromCsms(host: Pick<StationBase, 'clock' | 'log'>, currentTime: string, from: string): void {
  const time = Date.parse(currentTime);
  if (Number.isNaN(time)) return;
  const jump = time - host.clock.now();
  if (Math.abs(jump) > NOTICEABLE_MS) {
    host.log.info('clock', `clock set from the CSMS's ${from} currentTime (${jump > 0 ? '+' : '-'}${formatJump(Math.abs(jump))}): the CSMS's time wins over the station's (and over 'clock advance')`);
  }
  host.clock.setTime(time);
}

function formatJump(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
