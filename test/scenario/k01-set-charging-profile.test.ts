import { consoleOf } from '../../src/station/console/index.js';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { kScenario } from '../unit/smartcharging/k-scenario.js';

const rejected = (reasonCode: string) => ({ status: 'Rejected', statusInfo: expect.objectContaining({ reasonCode }) });

describe('K01 SetChargingProfile: accepted profiles', () => {
  it('K01: a TxDefaultProfile is Accepted, stored, counted in Entries, and the EVSE offers its limit to the EV', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ id: 7, periods: [[0, 10]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows()).toEqual([expect.objectContaining({ id: 7, evse_id: 1, purpose: 'TxDefaultProfile', stack_level: 0, valid: 1, source: 'CSO' })]);
    expect(JSON.parse(s.rows()[0].profile)).toMatchObject({ id: 7, chargingSchedule: [{ chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] }] });
    expect(s.station.model.getNumber('SmartChargingCtrlr.Entries:ChargingProfiles')).toBe(1);
    expect(s.station.smartCharging.limitA(1)).toBe(10);
    expect(s.evse(1).offeredA).toBe(10);
    expect(s.evse(2).offeredA).toBe(32);
  });

  it('K01: meter values follow the limits — during a real transaction the EV draws what the schedule allows, also after a period boundary', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 1, startSchedule: s.rel(0), periods: [[0, 10], [600, 16]] }));
    const ev = s.evse(1);
    ev.plug();
    s.station.hardware.sim!.nfc.swipe('TOKEN1', 1);
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    await waitFor(() => ev.closed, 'contactor closed');
    expect(ev.read().currentA).toEqual([10, 10, 10]);
    expect(ev.read().powerW).toBe(10 * 230 * 3);
    const energyAtStart = ev.read().energyWh;
    await s.clock.advance(600_000);
    expect(ev.offeredA).toBe(16);
    expect(ev.read().currentA).toEqual([16, 16, 16]);
    // 10 A for ~600 s then 16 A: energy integrates what was allowed (the boundary is on the whole second)
    await s.clock.advance(600_000);
    expect(Math.abs(ev.read().energyWh - energyAtStart - (10 * 690 + 16 * 690) / 6)).toBeLessThan(1.2);
    // a TxProfile for this very transaction overrides the TxDefaultProfile
    const transactionId = started.transactionInfo.transactionId;
    expect(await s.setProfile(1, s.make({ id: 2, purpose: 'TxProfile', transactionId, periods: [[0, 6]] }))).toEqual({ status: 'Accepted' });
    expect(ev.read().currentA).toEqual([6, 6, 6]);
    // the transaction ends: its TxProfile is invalidated (kept), the TxDefaultProfile applies again
    ev.unplug();
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Ended');
    await waitFor(() => s.rows().find((r) => r.id === 2)?.valid === 0, 'TxProfile invalidated');
    expect(s.rows().find((r) => r.id === 2)).toMatchObject({ invalidated_reason: 'TransactionEnded', transaction_id: transactionId });
    expect(ev.offeredA).toBe(16);
  });

  it('K01.FR.05: a profile with the same id replaces the installed one (also on another EVSE)', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 3, periods: [[0, 10]] }));
    expect(await s.setProfile(2, s.make({ id: 3, stackLevel: 2, periods: [[0, 12]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows().map((r) => [r.id, r.evse_id, r.stack_level])).toEqual([[3, 2, 2]]);
    expect(s.evse(1).offeredA).toBe(32);
    expect(s.evse(2).offeredA).toBe(12);
  });

  it('K01: profiles survive a restart and apply again', async () => {
    const s = await kScenario();
    await s.setProfile(0, s.make({ purpose: 'ChargingStationMaxProfile', periods: [[0, 20]] }));
    await s.station.restart('LocalReset');
    expect(s.station.smartCharging.profiles.valid()).toHaveLength(1);
    expect(s.station.smartCharging.limitA(2)).toBe(20);
  });
});

describe('K01 SetChargingProfile: the validation matrix', () => {
  it('K01.FR.31: the first startPeriod must be 0 → Rejected, nothing stored', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ periods: [[60, 10]] }))).toEqual(rejected('InvalidSchedule'));
    expect(s.rows()).toEqual([]);
  });

  it('K01.FR.35: startPeriods must increase → Rejected', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ periods: [[0, 10], [600, 8], [600, 6]] }))).toEqual(rejected('InvalidSchedule'));
    expect(await s.setProfile(1, s.make({ periods: [[0, 10], [600, 8], [300, 6]] }))).toEqual(rejected('InvalidSchedule'));
    expect(s.rows()).toEqual([]);
  });

  it('K01.FR.40: Absolute and Recurring need a startSchedule; K01.FR.41: Relative must not have one', async () => {
    const s = await kScenario();
    const absolute = s.make();
    delete absolute.chargingSchedule[0]!.startSchedule;
    expect(await s.setProfile(1, absolute)).toEqual(rejected('InvalidSchedule'));
    const recurring = s.make({ kind: 'Recurring' });
    delete recurring.chargingSchedule[0]!.startSchedule;
    expect(await s.setProfile(1, recurring)).toEqual(rejected('InvalidSchedule'));
    const relative = s.make({ kind: 'Relative' });
    relative.chargingSchedule[0]!.startSchedule = s.rel(0);
    const res = await s.setProfile(1, relative);
    expect(res).toEqual(rejected('InvalidSchedule'));
    expect(res.statusInfo.additionalInfo).toContain('K01.FR.41');
    expect(s.rows()).toEqual([]);
  });

  it('K01.FR.03 / FR.09 / FR.33: a TxProfile needs a transactionId of the transaction ongoing on that EVSE', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ purpose: 'TxProfile' }))).toEqual(rejected('MissingParam'));
    expect(await s.setProfile(1, s.make({ purpose: 'TxProfile', transactionId: 'TX1' }))).toEqual(rejected('TxNotFound'));
    const tx1 = await s.begin(1);
    expect(await s.setProfile(1, s.make({ purpose: 'TxProfile', transactionId: 'TX-OTHER' }))).toEqual(rejected('TxNotFound'));
    expect(await s.setProfile(2, s.make({ purpose: 'TxProfile', transactionId: tx1 }))).toEqual(rejected('TxNotFound'));
    expect(s.rows()).toEqual([]);
    expect(await s.setProfile(1, s.make({ id: 1, purpose: 'TxProfile', transactionId: tx1, periods: [[0, 8]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows()).toEqual([expect.objectContaining({ id: 1, evse_id: 1, transaction_id: tx1, valid: 1 })]);
    expect(s.evse(1).offeredA).toBe(8);
  });

  it('K01.FR.39: a second TxProfile with the same stackLevel for the same transaction → Rejected', async () => {
    const s = await kScenario();
    const tx1 = await s.begin(1);
    await s.setProfile(1, s.make({ id: 1, purpose: 'TxProfile', transactionId: tx1 }));
    expect(await s.setProfile(1, s.make({ id: 2, purpose: 'TxProfile', transactionId: tx1 }))).toEqual(rejected('DuplicateProfile'));
    expect(await s.setProfile(1, s.make({ id: 2, purpose: 'TxProfile', transactionId: tx1, stackLevel: 1 }))).toEqual({ status: 'Accepted' });
  });

  it('K01.FR.06: same purpose and stackLevel on the same EVSE with overlapping validity → Rejected; without overlap → Accepted', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 1, validFrom: s.rel(0), validTo: s.rel(3600) }));
    const res = await s.setProfile(1, s.make({ id: 2, validFrom: s.rel(1800), validTo: s.rel(7200) }));
    expect(res).toEqual(rejected('DuplicateProfile'));
    expect(res.statusInfo.additionalInfo).toContain('K01.FR.06');
    expect(await s.setProfile(1, s.make({ id: 2, validFrom: s.rel(3600), validTo: s.rel(7200) }))).toEqual({ status: 'Accepted' });
    expect(await s.setProfile(2, s.make({ id: 3 }))).toEqual({ status: 'Accepted' });
    expect(await s.setProfile(1, s.make({ id: 4, stackLevel: 1 }))).toEqual({ status: 'Accepted' });
  });

  it('K01.FR.52/53: a station-wide TxDefaultProfile conflicts with an EVSE one of the same stackLevel', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 1 }));
    expect(await s.setProfile(0, s.make({ id: 2 }))).toEqual(rejected('DuplicateProfile'));
    expect(await s.setProfile(0, s.make({ id: 2, stackLevel: 1 }))).toEqual({ status: 'Accepted' });
    expect(await s.setProfile(2, s.make({ id: 3, stackLevel: 1 }))).toEqual(rejected('DuplicateProfile'));
  });

  it('K01: ChargingStationMaxProfile only on evseId 0; K01.FR.38: never Relative', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ purpose: 'ChargingStationMaxProfile' }))).toEqual(rejected('InvalidProfile'));
    expect(await s.setProfile(0, s.make({ purpose: 'ChargingStationMaxProfile', kind: 'Relative' }))).toEqual(rejected('InvalidProfile'));
    expect(s.rows()).toEqual([]);
    expect(await s.setProfile(0, s.make({ purpose: 'ChargingStationMaxProfile', periods: [[0, 20]] }))).toEqual({ status: 'Accepted' });
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([20, 20]);
  });

  it('K01.FR.28: an unknown EVSE → Rejected UnknownEvse', async () => {
    const s = await kScenario();
    expect(await s.setProfile(3, s.make())).toEqual(rejected('UnknownEvse'));
    expect(await s.setProfile(-1, s.make())).toEqual(rejected('UnknownEvse'));
    expect(s.rows()).toEqual([]);
  });

  it('K01.FR.22: ChargingStationExternalConstraints from the CSMS → Rejected', async () => {
    const s = await kScenario();
    expect(await s.setProfile(0, s.make({ purpose: 'ChargingStationExternalConstraints' }))).toEqual(rejected('InvalidProfile'));
    expect(s.rows()).toEqual([]);
  });

  it('K01: stackLevel above ProfileStackLevel, more periods than PeriodsPerSchedule, a negative limit, a transactionId outside a TxProfile → Rejected', async () => {
    const s = await kScenario();
    expect(await s.setProfile(1, s.make({ stackLevel: 9 }))).toEqual(rejected('InvalidStackLevel'));
    const many = Array.from({ length: 25 }, (_, i) => [i * 60, 16] as [number, number]);
    expect(await s.setProfile(1, s.make({ periods: many }))).toEqual(rejected('TooManyElements'));
    expect(await s.setProfile(1, s.make({ periods: [[0, -1]] }))).toEqual(rejected('ValuePositiveOnly'));
    expect(await s.setProfile(1, s.make({ transactionId: 'TX1' }))).toEqual(rejected('InvalidProfile'));
    expect(await s.setProfile(1, s.make({ validTo: s.rel(-1) }))).toEqual(rejected('InvalidProfile'));
    expect(s.rows()).toEqual([]);
    expect(await s.setProfile(1, s.make({ stackLevel: 8, periods: many.slice(0, 24) }))).toEqual({ status: 'Accepted' });
  });

  it('K01: beyond the Entries capacity (20 profiles) → Rejected; replacing an installed id still works', async () => {
    const s = await kScenario();
    for (let id = 1; id <= 20; id++) expect(await s.setProfile(1 + (id % 2), s.make({ id, stackLevel: Math.floor(id / 2) % 9, validFrom: s.rel(id * 10_000), validTo: s.rel(id * 10_000 + 5000) }))).toEqual({ status: 'Accepted' });
    expect(await s.setProfile(1, s.make({ id: 21, validFrom: s.rel(900_000) }))).toEqual(rejected('OutOfStorage'));
    expect(await s.setProfile(1, s.make({ id: 20, stackLevel: 1, periods: [[0, 7]], validFrom: s.rel(800_000), validTo: s.rel(805_000) }))).toEqual({ status: 'Accepted' });
    expect(s.station.model.getNumber('SmartChargingCtrlr.Entries:ChargingProfiles')).toBe(20);
  });

  it('K01 (release notes): a numberPhases the EVSE cannot supply is Rejected, never a FormatViolation', async () => {
    // EVSEs that cannot limit themselves to one phase: 1 is beyond them too
    const s = await kScenario({ phaseSwitching: false });
    expect(await s.call('GetVariables', { getVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'Phases3to1' } }] })).toMatchObject({
      getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: 'False' }],
    });
    for (const numberPhases of [1, 2]) {
      const res = await s.setProfile(1, s.make({ periods: [[0, 16, numberPhases]] }));
      expect(res).toEqual(rejected('UnsupportedParam'));
      expect(res.statusInfo.additionalInfo).toContain(`numberPhases ${numberPhases}`);
    }
    expect(await s.setProfile(0, s.make({ purpose: 'ChargingStationMaxProfile', periods: [[0, 16, 2]] }))).toEqual(rejected('UnsupportedParam'));
    expect(s.rows()).toEqual([]);
    expect(await s.setProfile(1, s.make({ periods: [[0, 16, 3]] }))).toEqual({ status: 'Accepted' });
    // answered with CALLRESULTs only
    expect(s.csms.frames.filter((f) => f.direction === 'in' && f.raw.startsWith('[4'))).toEqual([]);
  });

  it('K01 (errata "Avoiding Phase Conflicts"): a 1-phase TxProfile under a 3-phase station maximum is Accepted where the EVSE can switch; it charges on one phase and the composite says 1', async () => {
    const s = await kScenario();
    expect(await s.call('GetVariables', { getVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'Phases3to1' } }] })).toMatchObject({
      getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: 'True' }],
    });
    expect(await s.setProfile(0, s.make({ id: 1, purpose: 'ChargingStationMaxProfile', periods: [[0, 25, 3]] }))).toEqual({ status: 'Accepted' });
    expect(await s.setProfile(1, s.make({ id: 2, periods: [[0, 16, 2]] }))).toEqual(rejected('UnsupportedParam'));
    const ev = s.evse(1);
    ev.plug();
    s.station.hardware.sim!.nfc.swipe('TOKEN1', 1);
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    await waitFor(() => ev.closed, 'contactor closed');
    expect(ev.read().currentA).toEqual([25, 25, 25]);
    const transactionId = started.transactionInfo.transactionId;
    expect(await s.setProfile(1, s.make({ id: 3, purpose: 'TxProfile', transactionId, periods: [[0, 16, 1]] }))).toEqual({ status: 'Accepted' });
    // the EVSE limits itself to one phase: the EV draws 16 A on L1 only
    expect(ev.offeredPhases).toBe(1);
    expect(ev.read().currentA).toEqual([16, 0, 0]);
    expect(ev.read().powerW).toBe(16 * 230);
    const composite = (chargingRateUnit: 'A' | 'W') => s.call('GetCompositeSchedule', { evseId: 1, duration: 60, chargingRateUnit });
    expect((await composite('A')).schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 16, numberPhases: 1 }]);
    expect((await composite('W')).schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 16 * 230, numberPhases: 1 }]);
    // the station's own composite adds what it draws: EVSE 2 may still take its 3-phase part
    expect((await s.call('GetCompositeSchedule', { evseId: 0, duration: 60, chargingRateUnit: 'A' })).schedule.chargingSchedulePeriod[0].numberPhases).toBe(3);
  });

  it('K01.FR.19/20: phaseToUse is refused (no AC phase switching on NG9xx)', async () => {
    const s = await kScenario();
    const p = s.make({ periods: [[0, 16, 3]] });
    p.chargingSchedule[0]!.chargingSchedulePeriod[0]!.phaseToUse = 1;
    expect(await s.setProfile(1, p)).toEqual(rejected('InvalidSchedule'));
  });

  it('K01: SmartChargingCtrlr.Enabled false → CALLERROR NotSupported, and installed profiles stop applying', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ periods: [[0, 10]] }));
    expect(s.evse(1).offeredA).toBe(10);
    const set = await s.call('SetVariables', { setVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'Enabled' }, attributeValue: 'false' }] });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    await expect(s.setProfile(1, s.make({ id: 99 }))).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
    expect(s.rows().map((r) => r.id)).not.toContain(99);
    expect(s.evse(1).offeredA).toBe(32);
  });
});

describe('K01 (release notes): TxProfile on all EVSEs at once', () => {
  it('release notes: a TxProfile with evseId 0 applies to the transaction on every EVSE (K01.FR.16 would reject it)', async () => {
    const s = await kScenario();
    const tx1 = await s.begin(1);
    const tx2 = await s.begin(2);
    expect(await s.setProfile(0, s.make({ id: 5, purpose: 'TxProfile', periods: [[0, 12]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows().map((r) => [r.id, r.evse_id, r.transaction_id])).toEqual([
      [5, 1, tx1],
      [5, 2, tx2],
    ]);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([12, 12]);
    expect(s.station.model.getNumber('SmartChargingCtrlr.Entries:ChargingProfiles')).toBe(1);
  });

  it('release notes: with evseId 0 a transactionId must be ongoing; without any transaction → Rejected TxNotFound', async () => {
    const s = await kScenario();
    expect(await s.setProfile(0, s.make({ purpose: 'TxProfile' }))).toEqual(rejected('TxNotFound'));
    const tx2 = await s.begin(2);
    expect(await s.setProfile(0, s.make({ purpose: 'TxProfile', transactionId: 'TX9' }))).toEqual(rejected('TxNotFound'));
    expect(await s.setProfile(0, s.make({ purpose: 'TxProfile', transactionId: tx2, periods: [[0, 6]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows().map((r) => [r.evse_id, r.transaction_id])).toEqual([[2, tx2]]);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([32, 6]);
  });
});

describe('K01 (release notes): charging profiles are invalidated instead of erased', () => {
  it('release notes: a TxProfile whose transaction ended stays in the store and the console, marked invalid; the EVSE is back to its limit', async () => {
    const s = await kScenario();
    const tx1 = await s.begin(1);
    await s.setProfile(1, s.make({ id: 4, purpose: 'TxProfile', transactionId: tx1, periods: [[0, 6]] }));
    expect(s.evse(1).offeredA).toBe(6);
    await s.finish(1);
    expect(s.rows()).toEqual([expect.objectContaining({ id: 4, valid: 0, invalidated_reason: 'TransactionEnded' })]);
    expect(s.evse(1).offeredA).toBe(32);
    expect(s.station.model.getNumber('SmartChargingCtrlr.Entries:ChargingProfiles')).toBe(0);
    const out = await consoleOf(s.station).execute('schedule 1', { json: false, trace: false, service: false });
    expect(out.ok && out.reply.text!.join('\n')).toMatch(new RegExp(`4\\s+1\\s+TxProfile\\s+0\\s+Absolute\\s+A\\s+${tx1}\\s+CSO\\s+invalid: TransactionEnded`));
    expect(await s.call('GetChargingProfiles', { requestId: 1, chargingProfile: {} })).toEqual({ status: 'NoProfiles' });
  });

  it('release notes: a profile past its validTo is invalidated (Expired) at that moment, kept, and no longer applies', async () => {
    const s = await kScenario();
    await s.setProfile(2, s.make({ id: 8, periods: [[0, 9]], validTo: s.rel(900) }));
    expect(s.evse(2).offeredA).toBe(9);
    await s.clock.advance(900_000);
    expect(s.evse(2).offeredA).toBe(32);
    expect(s.rows()).toEqual([expect.objectContaining({ id: 8, valid: 0, invalidated_reason: 'Expired' })]);
    // an invalidated id can be set again
    expect(await s.setProfile(2, s.make({ id: 8, periods: [[0, 11]] }))).toEqual({ status: 'Accepted' });
    expect(s.rows()).toEqual([expect.objectContaining({ id: 8, valid: 1, invalidated_reason: null })]);
  });
});
