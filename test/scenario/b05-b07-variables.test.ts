import { describe, expect, it } from 'vitest';
import { Station } from '../../src/station/station.js';
import { FakeClock } from '../../src/station/clock.js';
import { acceptedScenario } from '../support/scenario.js';
import { tempDir } from '../support/test-end.js';
import { waitFor } from '../support/wait.js';

const v = (component: string, variable: string, extra: object = {}) => ({ component: { name: component }, variable: { name: variable }, ...extra });

describe('B05 Set Variables', () => {
  it('B05: accepts valid values and they take effect (HeartbeatInterval reschedules the heartbeat)', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'SetVariables', { setVariableData: [v('OCPPCommCtrlr', 'HeartbeatInterval', { attributeValue: '30' })] });
    expect(res.setVariableResult).toEqual([expect.objectContaining({ attributeStatus: 'Accepted', ...v('OCPPCommCtrlr', 'HeartbeatInterval') })]);
    const before = s.csms.callsOf('Heartbeat').length;
    await s.clock.advance(30_000);
    await waitFor(() => s.csms.callsOf('Heartbeat').length === before + 1, 'heartbeat after 30 s');
  });

  it('B05: Rejected for a ReadOnly variable, an invalid boolean and an out-of-range integer; UnknownComponent/UnknownVariable; nothing changes', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'SetVariables', {
      setVariableData: [
        v('OCPPCommCtrlr', 'ActiveNetworkProfile', { attributeValue: '2' }),
        v('TxCtrlr', 'StopTxOnInvalidId', { attributeValue: 'yes' }),
        v('TxCtrlr', 'MaxEnergyOnInvalidId', { attributeValue: '4294967296' }),
        v('NoSuchCtrlr', 'Foo', { attributeValue: '1' }),
        v('TxCtrlr', 'NoSuchVariable', { attributeValue: '1' }),
        v('TxCtrlr', 'StopTxOnInvalidId', { attributeValue: 'FALSE' }),
      ],
    });
    expect(res.setVariableResult.map((r: { attributeStatus: string }) => r.attributeStatus)).toEqual([
      'Rejected',
      'Rejected',
      'Rejected',
      'UnknownComponent',
      'UnknownVariable',
      'Accepted',
    ]);
    expect(s.station.model.getBoolean('TxCtrlr.StopTxOnInvalidId')).toBe(false);
    expect(s.station.model.getNumber('TxCtrlr.MaxEnergyOnInvalidId')).toBe(0);
  });

  it('B05: accepted values survive a restart (store)', async () => {
    const dir = tempDir('ng9-b05-');
    const s = await acceptedScenario({ stateDir: dir });
    await s.csms.call('CS001', 'SetVariables', {
      setVariableData: [v('AuthCtrlr', 'MasterPassGroupId', { attributeValue: 'POLICE' }), v('TxCtrlr', 'MaxEnergyOnInvalidId', { attributeValue: '4294967295' })],
    });
    await s.station.stop();
    const again = Station.open({ id: 'CS001', stateDir: dir, clock: new FakeClock() });
    expect(again.model.getString('AuthCtrlr.MasterPassGroupId')).toBe('POLICE');
    expect(again.model.getNumber('TxCtrlr.MaxEnergyOnInvalidId')).toBe(4294967295);
    await again.stop();
  });
});

describe('B06 Get Variables', () => {
  it('B06: booleans are reported True/False (release notes), with the statuses of unknown and unsupported requests', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'GetVariables', {
      getVariableData: [
        v('TxCtrlr', 'StopTxOnInvalidId'),
        v('AuthCtrlr', 'AuthorizeRemoteStart'),
        v('NoSuchCtrlr', 'Foo'),
        v('TxCtrlr', 'Nope'),
        v('OCPPCommCtrlr', 'HeartbeatInterval', { attributeType: 'Target' }),
        v('SecurityCtrlr', 'BasicAuthPassword'),
      ],
    });
    const r = res.getVariableResult;
    expect(r[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: 'True' });
    expect(r[1]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: 'False' });
    expect(r[2].attributeStatus).toBe('UnknownComponent');
    expect(r[3].attributeStatus).toBe('UnknownVariable');
    expect(r[4].attributeStatus).toBe('NotSupportedAttributeType');
    expect(r[5].attributeStatus).toBe('Rejected');
  });

  it('B06: more requests than ItemsPerMessage(GetVariables) is answered with a CALLERROR OccurrenceConstraintViolation', async () => {
    const s = await acceptedScenario();
    const max = s.station.model.getNumber('DeviceDataCtrlr.ItemsPerMessage:GetVariables');
    const data = Array.from({ length: max + 1 }, () => v('OCPPCommCtrlr', 'HeartbeatInterval'));
    await expect(s.csms.call('CS001', 'GetVariables', { getVariableData: data })).rejects.toMatchObject({ rpcErrorCode: 'OccurrenceConstraintViolation' });
  });
});

describe('B07 Get Base Report', () => {
  it('B07: FullInventory is Accepted and sent as NotifyReport parts of ItemsPerMessage(GetReport), seqNo from 0, tbc on all but the last', async () => {
    const s = await acceptedScenario();
    const perMessage = s.station.model.getNumber('DeviceDataCtrlr.ItemsPerMessage:GetReport');
    const total = s.station.model.report('FullInventory').length;
    const res = await s.csms.call('CS001', 'GetBaseReport', { requestId: 42, reportBase: 'FullInventory' });
    expect(res.status).toBe('Accepted');
    const parts = Math.ceil(total / perMessage);
    await waitFor(() => s.csms.callsOf('NotifyReport').filter((r) => r.requestId === 42).length === parts, `${parts} NotifyReport parts`);
    const reports = s.csms.callsOf('NotifyReport').filter((r) => r.requestId === 42);
    expect(reports.map((r) => r.seqNo)).toEqual([...Array(parts).keys()]);
    expect(reports.map((r) => r.tbc)).toEqual([...Array(parts - 1).fill(true), false]);
    expect(reports.flatMap((r) => r.reportData)).toHaveLength(total);
    for (const r of reports) expect(r.reportData.length).toBeLessThanOrEqual(perMessage);
    const names = reports.flatMap((r) => r.reportData).map((d: { component: { name: string }; variable: { name: string } }) => `${d.component.name}.${d.variable.name}`);
    expect(names).toContain('AuthCtrlr.MasterPassGroupId');
    expect(names).toContain('TxCtrlr.MaxEnergyOnInvalidId');
    expect(names).toContain('OCPPCommCtrlr.NetworkConfigurationPriority');
  });

  it('B07: ConfigurationInventory holds only writable variables; SummaryInventory is NotSupported (release notes claim only the two)', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'GetBaseReport', { requestId: 5, reportBase: 'ConfigurationInventory' });
    expect(res.status).toBe('Accepted');
    await waitFor(() => s.csms.callsOf('NotifyReport').some((r) => r.requestId === 5 && !r.tbc), 'last part');
    const data = s.csms.callsOf('NotifyReport').filter((r) => r.requestId === 5).flatMap((r) => r.reportData);
    for (const d of data) {
      expect(d.variableAttribute.some((a: { mutability?: string }) => a.mutability !== 'ReadOnly')).toBe(true);
    }
    const summary = await s.csms.call('CS001', 'GetBaseReport', { requestId: 6, reportBase: 'SummaryInventory' });
    expect(summary.status).toBe('NotSupported');
  });
});
