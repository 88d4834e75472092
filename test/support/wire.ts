/**
 * Short-hands for the scenario tests on the CSMS side of the wire: device
 * model requests that must succeed, and what the station told since a mark.
 */
import { expect } from 'vitest';
import type { Scenario } from './scenario.js';
import { waitFor } from './wait.js';

/** A SetNetworkProfile connectionData: OCPP 2.0.1 over Wired0, security profile 0, with `extra` over it. */
export const networkProfile = (url: string, extra: object = {}) => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl: url,
  messageTimeout: 30,
  securityProfile: 0,
  ocppInterface: 'Wired0',
  ...extra,
});

/** One SetVariableData entry: component and variable by name. */
export const setVariableData = (component: string, variable: string, attributeValue: string) => ({ component: { name: component }, variable: { name: variable }, attributeValue });

/** SetVariables from the CSMS; every entry must be Accepted. */
export async function setVariables(s: Scenario, ...data: ReturnType<typeof setVariableData>[]): Promise<void> {
  const res = await s.csms.call(s.station.id, 'SetVariables', { setVariableData: data });
  expect(res.setVariableResult.map((r: { attributeStatus: string }) => r.attributeStatus)).toEqual(data.map(() => 'Accepted'));
}

/** The Actual value of one variable, asked by the CSMS with GetVariables. */
export async function getVariable(s: Scenario, component: string, variable: string): Promise<string> {
  const res = await s.csms.call(s.station.id, 'GetVariables', { getVariableData: [{ component: { name: component }, variable: { name: variable } }] });
  return res.getVariableResult[0].attributeValue;
}

/** StatusNotifications received since `mark`, as [evseId, connectorStatus]. */
export function statusesSince(s: Scenario, mark: number): Array<[number, string]> {
  return s.csms.calls.slice(mark).filter((c) => c.action === 'StatusNotification').map((c) => [c.payload.evseId, c.payload.connectorStatus]);
}

/** Let the station act on what followed a reply (afterReply) and the CSMS answer everything it got. */
export async function settleWire(s: Scenario): Promise<void> {
  await s.clock.advance(0);
  await waitFor(() => s.csms.calls.every((c) => c.responded), 'CSMS answered everything');
}
