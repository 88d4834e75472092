/**
 * Helpers for the OCPP 1.6J scenario tests (test/scenario/v16-*): a 1.6
 * station against the strict fake CSMS, and what it sent in a form that is
 * easy to compare.
 */
import type { FakeCsms } from '../support/fake-csms.js';
import { type Scenario, acceptedScenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import type { StationOptions } from '../../src/station/station.js';

/** An accepted 1.6 station that has told connector 0 and every connector. */
export async function ready16(options: Partial<StationOptions> & { csms?: FakeCsms } = {}): Promise<Scenario> {
  const s = await acceptedScenario({ ocppVersion: '1.6', ...options });
  await waitFor(() => s.csms.callsOf('StatusNotification').length >= s.station.evseCount + 1, 'boot StatusNotifications');
  await s.clock.advance(0);
  return s;
}

/** `connectorId status errorCode` of each StatusNotification (from call index `after`). */
export function statuses(s: Scenario, after = 0): string[] {
  return s.csms.calls.slice(after).filter((c) => c.action === 'StatusNotification').map((c) => `${c.payload.connectorId} ${c.payload.status} ${c.payload.errorCode}`);
}

/** The 1.6 transaction messages in order: `Action key fields`. */
export function txMessages(s: Scenario, after = 0): string[] {
  return s.csms.calls
    .slice(after)
    .filter((c) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(c.action))
    .map((c) => {
      const p = c.payload;
      if (c.action === 'StartTransaction') return `StartTransaction ${p.connectorId} ${p.idTag}`;
      if (c.action === 'MeterValues') return `MeterValues ${p.connectorId} ${p.transactionId ?? '-'}`;
      return `StopTransaction ${p.transactionId} ${p.reason}${p.idTag ? ` ${p.idTag}` : ''}`;
    });
}

/** Wait until the station's outbox is empty (every stored TransactionEvent went out as 1.6 messages). */
export async function drained(s: Scenario): Promise<void> {
  await s.clock.advance(0);
  await waitFor(() => s.station.transactions.queuedCount() === 0, 'outbox drained');
  await s.clock.advance(0);
}

export function setVar(s: Scenario, key: string, value: string): void {
  const r = s.station.model.setByKey(key, value, 'console');
  if (r.attributeStatus !== 'Accepted') throw new Error(`cannot set ${key}=${value}: ${JSON.stringify(r)}`);
}
