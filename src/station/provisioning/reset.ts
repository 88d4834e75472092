import type { Station } from '../station.js';

interface ResetRequest {
  type: 'Immediate' | 'OnIdle';
  evseId?: number;
}

/**
 * B11 Reset without an ongoing transaction: Accepted, then the station
 * restarts and boots with reason RemoteReset. Resetting a single EVSE is not
 * supported by NG9xx: Rejected.
 */
export class ResetBlock {
  constructor(private readonly station: Station) {
    station.link.handle('Reset', (req: ResetRequest) => {
      if (req.evseId !== undefined && req.evseId !== 0) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest', additionalInfo: 'EVSE reset not supported' } };
      station.afterReply(() => void station.restart('RemoteReset'));
      return { status: 'Accepted' };
    });
  }
}
