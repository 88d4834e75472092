import type { IdToken } from '../auth/types.js';

export interface Reservation {
  id: number;
  evseId?: number;
  connectorType?: string;
  idToken: IdToken;
  groupIdToken?: IdToken;
  expiresAt: number;
}

/** The reservation block (H01–H04) as the transaction block uses it. */
export interface ReservationsApi {
  /** The reservation holding this EVSE (a specific one, or the last free EVSE for a non-specific one). */
  holding(evseId: number): Reservation | undefined;
  /**
   * May this token use the EVSE? True when it is not reserved, or reserved for
   * this idToken or its groupIdToken (H03). Returns the reservation it consumes.
   */
  admits(evseId: number, idToken: IdToken, groupIdToken?: IdToken): { allowed: boolean; reservation?: Reservation };
  /** A transaction started with this reservation: it ends (H01.FR). */
  consume(reservationId: number, evseId: number): void;
}
