/**
 * B02 / B03: the registration gate (src/station/ocpp/registration-gate.ts)
 * for every CSMS request a block registers: while Pending only the table's
 * provisioning requests are carried out, RequestStart/StopTransaction are
 * Rejected and everything else gets CALLERROR SecurityError; while Rejected
 * nothing is answered at all. Nothing refused changes the station.
 */
import { describe, expect, it } from 'vitest';
import { answeredWhilePending } from '../../src/station/ocpp/registration-gate.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { bootAnsweredWith, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

/** A schema-valid request for every 2.0.1 action the station handles. */
const SAMPLE: Record<string, object> = {
  CancelReservation: { reservationId: 7 },
  ChangeAvailability: { operationalStatus: 'Inoperative' },
  ClearCache: {},
  ClearChargingProfile: {},
  CostUpdated: { totalCost: 1.5, transactionId: 'TX-UNKNOWN' },
  DataTransfer: { vendorId: 'ACME' },
  CustomerInformation: { requestId: 4, report: true, clear: false, idToken: { idToken: 'C1', type: 'ISO14443' } },
  CertificateSigned: { certificateChain: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', certificateType: 'ChargingStationCertificate' },
  DeleteCertificate: { certificateHashData: { hashAlgorithm: 'SHA256', issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: '1' } },
  GetBaseReport: { requestId: 3, reportBase: 'ConfigurationInventory' },
  GetChargingProfiles: { requestId: 1, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } },
  GetCompositeSchedule: { duration: 3600, evseId: 1 },
  GetInstalledCertificateIds: {},
  GetLocalListVersion: {},
  GetLog: { logType: 'DiagnosticsLog', requestId: 4, log: { remoteLocation: 'http://127.0.0.1:9/logs' } },
  GetTransactionStatus: {},
  GetVariables: { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
  InstallCertificate: { certificateType: 'CSMSRootCertificate', certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
  RequestStartTransaction: { idToken: { idToken: 'APP1', type: 'Central' }, remoteStartId: 1, evseId: 1 },
  RequestStopTransaction: { transactionId: 'TX-UNKNOWN' },
  ReserveNow: { id: 7, expiryDateTime: '2026-03-01T12:00:00Z', idToken: { idToken: 'R1', type: 'ISO14443' }, evseId: 1 },
  Reset: { type: 'Immediate' },
  SendLocalList: { versionNumber: 5, updateType: 'Full', localAuthorizationList: [{ idToken: { idToken: 'L1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }] },
  SetChargingProfile: {
    evseId: 0,
    chargingProfile: {
      id: 9,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargingStationMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [{ id: 1, startSchedule: '2026-03-01T10:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
    },
  },
  UpdateFirmware: { requestId: 5, firmware: { location: 'http://127.0.0.1:9/ng9.fwi', retrieveDateTime: '2026-03-01T12:00:00Z' } },
  SetNetworkProfile: {
    configurationSlot: 2,
    connectionData: { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: 'ws://127.0.0.1:9/ocpp', messageTimeout: 30, securityProfile: 1, ocppInterface: 'Wired0' },
  },
  SetVariables: { setVariableData: [{ attributeValue: '120', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
  TriggerMessage: { requestedMessage: 'Heartbeat' },
  UnlockConnector: { evseId: 1, connectorId: 1 },
};

const outcome = async (call: Promise<any>): Promise<{ result?: any; error?: string }> => {
  try {
    return { result: await call };
  } catch (err) {
    return { error: (err as { rpcErrorCode?: string }).rpcErrorCode ?? (err as Error).message };
  }
};

describe('B02 Pending: the registration gate', () => {
  it('B02.FR.01/B02.FR.05/B02.FR.09: every registered action is answered as the table says; the refused ones change nothing', async () => {
    const s = await bootAnsweredWith('Pending', 3600);
    const actions = s.station.actions.actions().sort();
    expect(actions.filter((a) => !SAMPLE[a]), 'actions without a sample request in this test').toEqual([]);
    const allowed = new Set(answeredWhilePending('2.0.1'));
    const got: Record<string, string> = {};
    for (const action of actions) {
      const r = await outcome(s.csms.call(s.station.id, action, SAMPLE[action]!));
      got[action] = r.error ?? (allowed.has(action) ? 'answered' : `unexpected result ${JSON.stringify(r.result)}`);
      if (action === 'RequestStartTransaction' || action === 'RequestStopTransaction') expect(r.result).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted' } });
    }
    for (const action of actions) expect(got[action], action).toBe(allowed.has(action) ? 'answered' : 'SecurityError');
    await s.clock.advance(60_000);
    // nothing refused was carried out: no reservation, no profile, no reboot, no availability change, no cache/list change
    expect(s.station.reservations.list()).toEqual([]);
    expect(s.station.smartCharging.composite(0, 60).chargingSchedulePeriod[0]?.limit).not.toBe(16);
    expect(s.station.availability.isOperative(0)).toBe(true);
    expect(s.station.auth.localList.version()).toBe(0);
    expect(s.station.certificates.installed()).toEqual([]);
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
    expect(new Set(s.csms.calls.map((c) => c.action))).toEqual(new Set(['BootNotification', 'NotifyReport']));
    // what the table lets through was carried out
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(120);
  });

  it('B02.FR.02: a refused request is logged with the requirement', async () => {
    const s = await bootAnsweredWith('Pending', 3600);
    await outcome(s.csms.call(s.station.id, 'ClearCache', {}));
    expect(s.station.log.recent(5).map((l) => l.text).join('\n')).toMatch(/ClearCache: refuse while Pending \(B02\.FR\.09\)/);
  });
});

describe('B03 Rejected: the registration gate', () => {
  it('B03.FR.02: no request is answered or carried out until the retry interval has passed', async () => {
    const s = await bootAnsweredWith('Rejected', 3600);
    const actions = s.station.actions.actions().sort();
    for (const action of actions) {
      const r = await outcome(s.csms.call(s.station.id, action, SAMPLE[action]!, { timeoutMs: 150 }));
      expect(r.error, action).toBe('Call timeout');
    }
    expect(s.station.reservations.list()).toEqual([]);
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).not.toBe(120);
    expect(s.csms.calls.map((c) => c.action)).toEqual(['BootNotification']);
  });
});

describe('OCPP 1.6 Pending: the same gate under the 1.6 names', () => {
  it('1.6 §4.2: configuration and TriggerMessage are answered, remote start/stop Rejected, the rest SecurityError', async () => {
    const csms = await startFakeCsms();
    csms.handle('BootNotification', () => ({ status: 'Pending', currentTime: new Date().toISOString(), interval: 3600 }));
    const s = await scenario({ csms, ocppVersion: '1.6' });
    await waitFor(() => s.station.registration === 'Pending', 'Pending');
    const id = s.station.id;
    expect((await outcome(csms.call(id, 'GetConfiguration', { key: ['HeartbeatInterval'] }))).result.configurationKey).toHaveLength(1);
    expect((await outcome(csms.call(id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '90' }))).result).toEqual({ status: 'Accepted' });
    expect((await outcome(csms.call(id, 'RemoteStartTransaction', { idTag: 'APP1', connectorId: 1 }))).result).toEqual({ status: 'Rejected' });
    expect((await outcome(csms.call(id, 'RemoteStopTransaction', { transactionId: 1 }))).result).toEqual({ status: 'Rejected' });
    expect((await outcome(csms.call(id, 'ReserveNow', { connectorId: 1, expiryDate: '2026-03-01T12:00:00Z', idTag: 'R1', reservationId: 7 }))).error).toBe('SecurityError');
    expect((await outcome(csms.call(id, 'Reset', { type: 'Hard' }))).error).toBe('SecurityError');
    expect(s.station.reservations.list()).toEqual([]);
    expect(csms.callsOf('BootNotification')).toHaveLength(1);
  });
});
