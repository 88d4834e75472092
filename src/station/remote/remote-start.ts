import type { Station } from '../station.js';

/**
 * RequestStartTransaction. B02: Rejected while the registration is not
 * Accepted. Transactions themselves (F01/F02) arrive with the transaction
 * block; until then an accepted station answers Rejected with the reason.
 */
export class RemoteStartBlock {
  constructor(station: Station) {
    station.link.handle('RequestStartTransaction', () => {
      if (station.registration !== 'Accepted') {
        return { status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted', additionalInfo: `registration ${station.registration}` } };
      }
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest', additionalInfo: 'transactions not available in this build' } };
    });
  }
}
