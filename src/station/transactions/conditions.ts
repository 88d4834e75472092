/**
 * TxStartPoint / TxStopPoint (E01, E06): a transaction starts when one of the
 * start conditions becomes true and ends when one of the stop conditions
 * becomes false. Both are edges: a condition that was already true when no
 * transaction ran does not start one, and a stop condition that never was
 * true during the transaction does not end it.
 */
import type { DeviceModelApi } from '../model/types.js';
import type { StoppedReason, TriggerReason, TxCondition, TxConditions } from './types.js';

export const NO_CONDITIONS: Readonly<TxConditions> = {
  ParkingBayOccupancy: false,
  EVConnected: false,
  Authorized: false,
  DataSigned: false,
  PowerPathClosed: false,
  EnergyTransfer: false,
};

const ALL: readonly TxCondition[] = Object.keys(NO_CONDITIONS) as TxCondition[];

function parsePoints(value: string): TxCondition[] {
  const names = value.split(',').map((p) => p.trim().toLowerCase());
  return ALL.filter((c) => names.includes(c.toLowerCase()));
}

export function startPoints(model: DeviceModelApi): TxCondition[] {
  return parsePoints(model.getString('TxCtrlr.TxStartPoint'));
}

/** DataSigned is no stop point. */
export function stopPoints(model: DeviceModelApi): TxCondition[] {
  return parsePoints(model.getString('TxCtrlr.TxStopPoint')).filter((c) => c !== 'DataSigned');
}

/** The start conditions that went from false to true. */
export function rose(points: readonly TxCondition[], before: TxConditions, after: TxConditions): TxCondition[] {
  return points.filter((p) => !before[p] && after[p]);
}

/** The stop conditions that went from true to false. */
export function fell(points: readonly TxCondition[], before: TxConditions, after: TxConditions): TxCondition[] {
  return points.filter((p) => before[p] && !after[p]);
}

/** Why a transaction ended when a stop condition fell, given what made it fall. */
export function stoppedReasonFor(condition: TxCondition, cause: TriggerReason): StoppedReason {
  switch (cause) {
    case 'StopAuthorized':
      return 'Local';
    case 'Deauthorized':
      return 'DeAuthorized';
    case 'EVConnectTimeout':
      return 'Timeout';
    case 'EVCommunicationLost':
      return 'EVDisconnected';
    case 'RemoteStop':
      return 'Remote';
    case 'EnergyLimitReached':
      return 'EnergyLimitReached';
    default:
      // The EV itself stopped taking energy (EnergyTransfer as a stop point).
      if (condition === 'EnergyTransfer') return 'StoppedByEV';
      return 'Other';
  }
}
