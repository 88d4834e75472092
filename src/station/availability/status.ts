/** OCPP 2.0.1 ConnectorStatusEnumType. */
export type ConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

/** What the station knows about one connector, from which its status follows. */
export interface ConnectorFacts {
  /** A hardware fault is present (G05: the cable lock did not engage). */
  faulted: boolean;
  /** Operative by ChangeAvailability (station and EVSE level, see AvailabilityBlock). */
  operative: boolean;
  /** A transaction is ongoing on the EVSE. */
  transaction: boolean;
  /** An EV cable is plugged in. */
  cablePlugged: boolean;
  /** A reservation holds the EVSE (H01). */
  reserved: boolean;
}

/**
 * The connector status, by precedence: Faulted, then Occupied while a
 * transaction runs (an EVSE made Inoperative keeps charging until the
 * transaction ends, G03/G04 Scheduled), then Unavailable, Occupied by a
 * cable, Reserved (release-notes fix: a reserved connector reports
 * Reserved), Available.
 */
export function deriveStatus(f: ConnectorFacts): ConnectorStatus {
  if (f.faulted) return 'Faulted';
  if (f.transaction) return 'Occupied';
  if (!f.operative) return 'Unavailable';
  if (f.cablePlugged) return 'Occupied';
  if (f.reserved) return 'Reserved';
  return 'Available';
}
