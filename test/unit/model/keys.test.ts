import { describe, expect, it } from 'vitest';
import { formatKey, lookupOcpp16, OCPP16_KEYS, parseKey, REMOVED_OCPP16_KEYS } from '../../../src/station/model/keys.js';

describe('console key notation', () => {
  it('parses the documented examples', () => {
    expect(parseKey('TxCtrlr.TxStartPoint')).toEqual({ component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' } });
    expect(parseKey('OCPPCommCtrlr.MessageAttempts:TransactionEvent')).toEqual({
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'MessageAttempts', instance: 'TransactionEvent' },
    });
    expect(parseKey('EVSE/1.AvailabilityState')).toEqual({ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } });
    expect(parseKey('Connector/1/1.ConnectorType')).toEqual({
      component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
      variable: { name: 'ConnectorType' },
    });
    expect(parseKey('Comp.inst/2.Var:vi')).toEqual({
      component: { name: 'Comp', instance: 'inst', evse: { id: 2 } },
      variable: { name: 'Var', instance: 'vi' },
    });
  });

  it('round-trips', () => {
    for (const key of [
      'TxCtrlr.TxStartPoint',
      'OCPPCommCtrlr.MessageAttempts:TransactionEvent',
      'EVSE/1.AvailabilityState',
      'Connector/2/1.ConnectorType',
      'TariffCostCtrlr.Enabled:Tariff',
      'Comp.inst/3/1.Var:x',
    ]) {
      const ref = parseKey(key)!;
      expect(formatKey(ref.component, ref.variable)).toBe(key);
    }
  });

  it('rejects text that is not a key', () => {
    for (const bad of ['HeartbeatInterval', 'WS timeout', '', '.Var', 'Comp.', 'EVSE/x.Var', 'a b.c']) expect(parseKey(bad), bad).toBeUndefined();
  });
});

describe('OCPP 1.6 keys', () => {
  it('maps 1.6 names to 2.0.1 variables, case-insensitively', () => {
    expect(lookupOcpp16('ConnectionTimeOut')?.target).toBe('TxCtrlr.EVConnectionTimeOut');
    expect(lookupOcpp16('heartbeatinterval')).toEqual({ key: 'HeartbeatInterval', target: 'OCPPCommCtrlr.HeartbeatInterval' });
    expect(lookupOcpp16('TransactionMessageAttempts')?.target).toBe('OCPPCommCtrlr.MessageAttempts:TransactionEvent');
  });

  it('has none of the keys the release notes remove', () => {
    for (const key of REMOVED_OCPP16_KEYS) {
      expect(lookupOcpp16(key), key).toBeUndefined();
      expect(Object.keys(OCPP16_KEYS).map((k) => k.toLowerCase())).not.toContain(key.toLowerCase());
    }
  });
});
