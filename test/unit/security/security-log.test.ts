import { describe, expect, it } from 'vitest';
import { SECURITY_LOG_SIZE, SecurityLog } from '../../../src/station/security/security-log.js';
import { Store } from '../../../src/station/store/store.js';

describe('SecurityLog (A04: the durable security log and its queue)', () => {
  it('queues critical events in order and logs the others as done', () => {
    const log = new SecurityLog(Store.open(':memory:'));
    log.add('SettingSystemTime', 1000, 'console', true);
    log.add('CertificateExpiresSoon', 2000, 'note', false);
    log.add('ResetOrReboot', 3000, 'boot', true);
    const first = log.nextUnsent()!;
    expect(first).toMatchObject({ type: 'SettingSystemTime', at: 1000, techInfo: 'console', critical: true, sent: false });
    log.markSent(first.seq);
    expect(log.nextUnsent()!.type).toBe('ResetOrReboot');
    expect(log.recent(2).map((e) => e.type)).toEqual(['CertificateExpiresSoon', 'ResetOrReboot']);
  });

  it(`keeps the last ${SECURITY_LOG_SIZE} entries, never dropping one the CSMS has not had`, () => {
    const log = new SecurityLog(Store.open(':memory:'));
    log.add('SettingSystemTime', 0, 'waiting', true);
    for (let i = 1; i <= SECURITY_LOG_SIZE + 50; i++) log.add('MaintenanceLoginAccepted', i, `login ${i}`, false);
    expect(log.nextUnsent()).toMatchObject({ type: 'SettingSystemTime', techInfo: 'waiting' });
    const all = log.recent(SECURITY_LOG_SIZE * 2);
    expect(all.length).toBe(SECURITY_LOG_SIZE + 1);
    expect(all.at(-1)!.techInfo).toBe(`login ${SECURITY_LOG_SIZE + 50}`);
  });

  it('N01 SecurityLog: the entries of a time window, both ends included, oldest first', () => {
    const log = new SecurityLog(Store.open(':memory:'));
    for (const at of [1000, 2000, 3000, 4000]) log.add('SettingSystemTime', at, `at ${at}`, at % 2000 === 0);
    expect(log.between(2000, 3000).map((e) => e.techInfo)).toEqual(['at 2000', 'at 3000']);
    expect(log.between(undefined, 1500).map((e) => e.techInfo)).toEqual(['at 1000']);
    expect(log.between().length).toBe(4);
  });
});
