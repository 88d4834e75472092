import { describe, expect, it } from 'vitest';
import { deriveV16Status } from '../../../../src/station/ocpp/v16/status.js';
import { stopReason16 } from '../../../../src/station/ocpp/v16/transaction-events.js';

describe('OCPP 1.6 connector status from the 2.0.1 status and the transaction', () => {
  const tx = (chargingState: 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle', evSideDisconnected = false) => ({ chargingState, evSideDisconnected });

  it('1.6: statuses that are the same in both versions pass through', () => {
    for (const status of ['Available', 'Reserved', 'Unavailable', 'Faulted'] as const) expect(deriveV16Status({ status, finishing: false })).toBe(status);
  });

  it('1.6: Occupied splits into Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing', () => {
    expect(deriveV16Status({ status: 'Occupied', finishing: false })).toBe('Preparing');
    expect(deriveV16Status({ status: 'Occupied', finishing: true })).toBe('Finishing');
    expect(deriveV16Status({ status: 'Occupied', finishing: true, transaction: tx('Charging') })).toBe('Charging');
    expect(deriveV16Status({ status: 'Occupied', finishing: false, transaction: tx('EVConnected') })).toBe('Preparing');
    expect(deriveV16Status({ status: 'Occupied', finishing: false, transaction: tx('SuspendedEV') })).toBe('SuspendedEV');
    expect(deriveV16Status({ status: 'Occupied', finishing: false, transaction: tx('SuspendedEVSE') })).toBe('SuspendedEVSE');
    expect(deriveV16Status({ status: 'Occupied', finishing: false, transaction: tx('Idle') })).toBe('Preparing');
    expect(deriveV16Status({ status: 'Occupied', finishing: false, transaction: tx('Idle', true) })).toBe('SuspendedEV');
  });
});

describe('OCPP 1.6 StopTransaction reason from the 2.0.1 stoppedReason', () => {
  it('1.6: the reasons 1.6 knows map one to one; a master pass is a local stop; what 1.6 does not know is Other', () => {
    expect(stopReason16('Local', 'StopAuthorized')).toBe('Local');
    expect(stopReason16('MasterPass', 'StopAuthorized')).toBe('Local');
    expect(stopReason16('Remote', 'RemoteStop')).toBe('Remote');
    expect(stopReason16('EVDisconnected', 'EVCommunicationLost')).toBe('EVDisconnected');
    expect(stopReason16('PowerLoss', 'AbnormalCondition')).toBe('PowerLoss');
    expect(stopReason16('Reboot', 'ResetCommand')).toBe('Reboot');
    expect(stopReason16('DeAuthorized', 'Deauthorized')).toBe('DeAuthorized');
    expect(stopReason16('EmergencyStop', 'AbnormalCondition')).toBe('EmergencyStop');
    for (const r of ['EnergyLimitReached', 'Timeout', 'StoppedByEV', 'SOCLimitReached', 'Other'] as const) expect(stopReason16(r, 'ChargingStateChanged')).toBe('Other');
    expect(stopReason16(undefined, undefined)).toBe('Other');
  });

  it('1.6: a reset ends transactions with HardReset or SoftReset as the CSMS asked; UnlockConnector with UnlockCommand', () => {
    expect(stopReason16('ImmediateReset', 'ResetCommand')).toBe('HardReset');
    expect(stopReason16('ImmediateReset', 'ResetCommand', 'Soft')).toBe('SoftReset');
    expect(stopReason16('Remote', 'UnlockCommand')).toBe('UnlockCommand');
  });
});
