import type { Station } from '../station.js';

export type ConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface ConnectorState {
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  operational: boolean;
}

/**
 * G01: the status of every connector (one per EVSE on NG9xx), derived from
 * the hardware and the availability kept in the store, and told to the CSMS
 * whenever it changes. Changes made while offline are told after reconnect (B04).
 */
export class ConnectorStatusBlock {
  /** Last status the CSMS acknowledged, per EVSE. */
  private readonly told = new Map<number, ConnectorStatus>();
  private readonly current = new Map<number, ConnectorStatus>();

  constructor(private readonly station: Station) {
    for (const evse of station.hardware.evses) {
      evse.cable.changed.on(() => this.refresh(evse.id));
    }
  }

  /** Power up: forget what the CSMS was told, take the current state. */
  begin(): void {
    this.told.clear();
    for (const evse of this.station.hardware.evses) this.current.set(evse.id, this.derive(evse.id));
  }

  isOperational(evseId: number): boolean {
    const row = (id: number) => this.station.store.db.prepare('SELECT operational FROM availability WHERE evse = ?').get(id) as { operational: number } | undefined;
    return (row(0)?.operational ?? 1) === 1 && (row(evseId)?.operational ?? 1) === 1;
  }

  status(evseId: number): ConnectorStatus {
    return this.current.get(evseId) ?? this.derive(evseId);
  }

  snapshot(): ConnectorState[] {
    return this.station.hardware.evses.map((evse) => ({
      evseId: evse.id,
      connectorId: 1,
      status: this.status(evse.id),
      operational: this.isOperational(evse.id),
    }));
  }

  /** After BootNotification Accepted: every connector (B01). */
  async sendAll(): Promise<void> {
    for (const evse of this.station.hardware.evses) await this.tell(evse.id);
  }

  /** F06: TriggerMessage(StatusNotification) — sent even when unchanged. */
  async sendOne(evseId: number): Promise<void> {
    await this.tell(evseId);
  }

  /** Link back up after being accepted: tell what changed while offline. */
  reconnected(): void {
    void (async () => {
      for (const evse of this.station.hardware.evses) {
        if (this.told.get(evse.id) !== this.status(evse.id)) await this.tell(evse.id);
      }
    })();
  }

  /** Re-derive one connector's status and tell the CSMS when it changed. */
  refresh(evseId: number): void {
    const status = this.derive(evseId);
    if (this.current.get(evseId) === status) return;
    this.current.set(evseId, status);
    this.station.model.setInternal(`Connector/${evseId}/1.AvailabilityState`, status);
    this.station.model.setInternal(`EVSE/${evseId}.AvailabilityState`, status);
    this.station.events.emit({ event: 'status', evseId, connectorId: 1, status });
    if (this.station.registration === 'Accepted' && this.station.connected) void this.tell(evseId);
  }

  private derive(evseId: number): ConnectorStatus {
    const evse = this.station.hardware.evses[evseId - 1]!;
    if (!this.isOperational(evseId)) return 'Unavailable';
    return evse.cable.plugged ? 'Occupied' : 'Available';
  }

  private async tell(evseId: number): Promise<void> {
    const status = this.status(evseId);
    try {
      await this.station.send('StatusNotification', {
        timestamp: new Date(this.station.clock.now()).toISOString(),
        connectorStatus: status,
        evseId,
        connectorId: 1,
      });
      this.told.set(evseId, status);
    } catch (err) {
      this.station.log.warn('status', `StatusNotification EVSE ${evseId} ${status} not delivered: ${(err as Error).message}`);
    }
  }
}
