import { describe, expect, it } from 'vitest';
import { energyOf, sampled, settle, setVar, txEvents } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { chargingScenario, told, toldAtLeast, wh } from '../unit/smartcharging/k-charging.js';
import type { KScenario } from '../unit/smartcharging/k-scenario.js';

const token = (idToken: string) => ({ idToken, type: 'Central' });

/** A Relative TxProfile as a CSMS puts it in RequestStartTransaction: no transactionId (F01.FR.11). */
function remoteProfile(id: number, periods: Array<[number, number]>, extra: Record<string, unknown> = {}) {
  return {
    id,
    stackLevel: 0,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })) }],
    ...extra,
  };
}

const startTx = (sc: KScenario, payload: object) => sc.call('RequestStartTransaction', payload);

async function reported(sc: KScenario, requestId: number, chargingProfile: object = {}): Promise<any[]> {
  const res = await sc.call('GetChargingProfiles', { requestId, chargingProfile });
  if (res.status !== 'Accepted') return [];
  return sc.csms.waitForCall('ReportChargingProfiles', (p) => p.requestId === requestId).then((p) => [p]);
}

describe('K05 Remote Start Transaction with Charging Profile', () => {
  it('K05 (F02, remote start first): the TxProfile applies from the first moment of charging, follows its schedule, GetChargingProfiles reports it with the transactionId, and it is invalidated (kept) when the transaction ends', async () => {
    const s = await chargingScenario({ interval: 1800 });
    const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 77, evseId: 1, chargingProfile: remoteProfile(31, [[0, 6], [1800, 12]]) });
    expect(res).toEqual({ status: 'Accepted' });
    await settle(s);
    // held for the transaction: not installed yet, nothing to report
    expect(s.rows()).toEqual([]);
    // what the EVSE offers at the instant its contactor closes
    const ev = s.evse(1);
    const close = ev.close.bind(ev);
    let offeredAtClose: number | undefined;
    ev.close = async () => {
      offeredAtClose = ev.offeredA;
      await close();
    };
    ev.plug();
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    const tx = started.transactionInfo.transactionId;
    expect(started).toMatchObject({ triggerReason: 'CablePluggedIn', transactionInfo: { remoteStartId: 77 } });
    await toldAtLeast(s, tx, 2);
    // 6 A from the first moment: offered before the contactor closed, and no rate change follows the start
    expect(offeredAtClose).toBe(6);
    expect(told(s, tx)).toEqual(['Started CablePluggedIn EVConnected', 'Updated ChargingStateChanged Charging']);
    expect(s.evse(1).read().currentA).toEqual([6, 6, 6]);
    expect(s.rows()).toEqual([expect.objectContaining({ id: 31, evse_id: 1, purpose: 'TxProfile', transaction_id: tx, valid: 1, source: 'CSO' })]);
    // the Relative schedule counts from the transaction start: 6 A for 30 min, then 12 A
    await s.clock.advance(1_800_000);
    await toldAtLeast(s, tx, 4);
    const first = txEvents(s, tx).find((e) => e.triggerReason === 'MeterValuePeriodic');
    // (the schedule counts in whole seconds from the start: less than a second of 12 A may be in it)
    expect(Math.abs(energyOf(first) - wh(6, 1800))).toBeLessThan(wh(6, 1));
    expect(sampled(first, 'Current.Import')).toHaveLength(3);
    expect(s.evse(1).read().currentA).toEqual([12, 12, 12]);
    expect(told(s, tx).slice(2).sort()).toEqual(['Updated ChargingRateChanged Charging', 'Updated MeterValuePeriodic Charging']);
    // K09: the CSMS sees it, with the transaction it belongs to
    const [report] = await reported(s, 5, { chargingProfilePurpose: 'TxProfile' });
    expect(report).toMatchObject({ requestId: 5, evseId: 1, chargingLimitSource: 'CSO', chargingProfile: [{ id: 31, chargingProfilePurpose: 'TxProfile', transactionId: tx }] });
    // the transaction ends: invalidated, kept (release notes 6.0.0), no longer reported
    s.evse(1).unplug();
    await waitFor(() => s.rows()[0]?.valid === 0, 'TxProfile invalidated');
    expect(s.rows()[0]).toMatchObject({ id: 31, invalidated_reason: 'TransactionEnded', transaction_id: tx });
    expect((await s.call('GetChargingProfiles', { requestId: 6, chargingProfile: {} })).status).toBe('NoProfiles');
    expect(s.evse(1).offeredA).toBe(32);
  });

  it('K05 (F02, TxStartPoint Authorized): the transaction starts at the remote start, with its profile before the EV is plugged in', async () => {
    const s = await chargingScenario();
    setVar(s, 'TxCtrlr.TxStartPoint', 'Authorized');
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 8, chargingProfile: remoteProfile(5, [[0, 9]]) })).status).toBe('Accepted');
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    const tx = started.transactionInfo.transactionId;
    await settle(s);
    expect(started.triggerReason).toBe('RemoteStart');
    expect(s.rows()).toEqual([expect.objectContaining({ id: 5, evse_id: started.evse.id, transaction_id: tx, valid: 1 })]);
    s.evse(started.evse.id).plug();
    await toldAtLeast(s, tx, 3);
    expect(told(s, tx)).toEqual(['Started RemoteStart Idle', 'Updated CablePluggedIn EVConnected', 'Updated ChargingStateChanged Charging']);
    expect(s.evse(started.evse.id).read().currentA).toEqual([9, 9, 9]);
  });

  it('K05 (F01, cable first, TxStartPoint EVConnected): the running transaction takes the profile when the remote start reaches it', async () => {
    const s = await chargingScenario();
    setVar(s, 'TxCtrlr.TxStartPoint', 'EVConnected');
    s.evse(2).plug();
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    const tx = started.transactionInfo.transactionId;
    await settle(s);
    const res = await startTx(s, { idToken: token('APP2'), remoteStartId: 12, evseId: 2, chargingProfile: remoteProfile(6, [[0, 11]]) });
    expect(res).toEqual({ status: 'Accepted', transactionId: tx });
    await toldAtLeast(s, tx, 3);
    expect(told(s, tx)).toEqual(['Started CablePluggedIn EVConnected', 'Updated RemoteStart EVConnected', 'Updated ChargingStateChanged Charging']);
    expect(s.evse(2).read().currentA).toEqual([11, 11, 11]);
    expect(s.rows()).toEqual([expect.objectContaining({ id: 6, evse_id: 2, transaction_id: tx, valid: 1 })]);
  });

  it('K05/F01.FR.09: a chargingProfile that is not a TxProfile → Rejected; nothing is authorized, stored or started', async () => {
    const s = await chargingScenario();
    const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 1, evseId: 1, chargingProfile: remoteProfile(1, [[0, 6]], { chargingProfilePurpose: 'TxDefaultProfile' }) });
    expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidProfile' } });
    s.evse(1).plug();
    await settle(s);
    await s.clock.advance(60_000);
    expect(s.csms.callsOf('TransactionEvent')).toEqual([]);
    expect(s.rows()).toEqual([]);
  });

  it('K05/F01.FR.11: a chargingProfile with a transactionId → Rejected', async () => {
    const s = await chargingScenario();
    const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 2, evseId: 1, chargingProfile: remoteProfile(1, [[0, 6]], { transactionId: 'TX-BY-CSMS' }) });
    expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: expect.stringContaining('F01.FR.11') } });
    expect(s.rows()).toEqual([]);
  });

  it('K05/K01: a TxProfile that breaks the K01 rules (first startPeriod ≠ 0, stackLevel too high, numberPhases the EVSE lacks) → Rejected with the reason, nothing starts', async () => {
    const s = await chargingScenario();
    const bad = [
      [remoteProfile(1, [[60, 6]]), 'K01.FR.31'],
      [remoteProfile(1, [[0, 6]], { stackLevel: 99 }), 'InvalidStackLevel'],
      [{ ...remoteProfile(1, [[0, 6]]), chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 2 }] }] }, 'numberPhases 2'],
    ] as const;
    for (const [chargingProfile, why] of bad) {
      const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 3, evseId: 1, chargingProfile });
      expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: expect.stringContaining(why) } });
    }
    s.evse(1).plug();
    await settle(s);
    expect(s.csms.callsOf('TransactionEvent')).toEqual([]);
    expect(s.rows()).toEqual([]);
  });

  it('F01.FR.12/K05: with smart charging disabled the chargingProfile is ignored: Accepted, the transaction starts without it', async () => {
    const s = await chargingScenario();
    setVar(s, 'SmartChargingCtrlr.Enabled', 'false');
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 4, evseId: 1, chargingProfile: remoteProfile(1, [[0, 6]]) })).status).toBe('Accepted');
    s.evse(1).plug();
    await s.csms.waitForCall('TransactionEvent', (p) => p.transactionInfo.chargingState === 'Charging');
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    expect(s.rows()).toEqual([]);
  });

  it('K05: a held profile never reaches another transaction (the remote start came to nothing, a card starts one later)', async () => {
    const s = await chargingScenario();
    setVar(s, 'AuthCtrlr.AuthorizeRemoteStart', 'true');
    s.csms.handle('Authorize', (p) => ({ idTokenInfo: { status: p.idToken.idToken === 'BAD' ? 'Invalid' : 'Accepted' } }));
    const card = { idToken: 'BAD', type: 'ISO14443' };
    expect((await startTx(s, { idToken: card, remoteStartId: 5, evseId: 1, chargingProfile: remoteProfile(1, [[0, 6]]) })).status).toBe('Accepted');
    await waitFor(() => s.csms.callsOf('Authorize').length === 1, 'Authorize');
    await settle(s);
    s.evse(1).plug();
    s.station.hardware.sim!.nfc.swipe('GOOD', 1);
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.transactionInfo.chargingState === 'Charging');
    expect(started.transactionInfo.remoteStartId).toBeUndefined();
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    expect(s.rows()).toEqual([]);
  });
});
