/** N09 / N10 CustomerInformation against the strict fake CSMS. */
import { describe, expect, it } from 'vitest';
import { chargingStation, delivered, evse, settle, txEvents } from '../support/tx-helpers.js';
import { splitParts } from '../../src/station/customer/customer-information.js';

const TAG1 = { idToken: 'TAG1', type: 'ISO14443' };

async function finishedTransaction() {
  const s = await chargingStation();
  await s.clock.advance(10 * 60_000);
  evse(s, 1).unplug();
  await settle(s);
  await delivered(s, txEvents(s).length);
  return s;
}

const reports = (s: Awaited<ReturnType<typeof chargingStation>>, requestId: number) => s.csms.callsOf('NotifyCustomerInformation').filter((p) => p.requestId === requestId);

describe('N09 / N10 Customer Information', () => {
  it('N09: report=true for an idToken → Accepted; NotifyCustomerInformation tells the cache entry and the transactions', async () => {
    const s = await finishedTransaction();
    const transactionId = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'CustomerInformation', { requestId: 5, report: true, clear: false, idToken: TAG1 })).toEqual({ status: 'Accepted' });
    const n = await s.csms.waitForCall('NotifyCustomerInformation', (p) => p.requestId === 5);
    expect(n).toMatchObject({ seqNo: 0, tbc: false, requestId: 5 });
    expect(n.data).toContain('authorization cache: TAG1 (ISO14443) Accepted');
    expect(n.data).toMatch(new RegExp(`transaction ${transactionId}: EVSE 1, .* to .*, \\d+\\.\\d{3} kWh, EVDisconnected`));
  });

  it('N10: clear=true removes the cache entry and the token from the finished transaction; a second report finds nothing', async () => {
    const s = await finishedTransaction();
    const transactionId = txEvents(s)[0].transactionInfo.transactionId;
    await s.csms.call('CS001', 'CustomerInformation', { requestId: 6, report: true, clear: true, idToken: TAG1 });
    const n = await s.csms.waitForCall('NotifyCustomerInformation', (p) => p.requestId === 6);
    expect(n.data).toContain('cleared: authorization cache entry');
    expect(n.data).toContain(`cleared: the idToken of 1 finished transaction(s) (${transactionId})`);
    expect(s.station.auth.cache.get(TAG1 as any)).toBeUndefined();
    expect(s.station.transactions.record(transactionId)).not.toHaveProperty('idToken');
    expect(s.station.transactions.record(transactionId)!.energyWh).toBeGreaterThan(0);
    await s.csms.call('CS001', 'CustomerInformation', { requestId: 7, report: true, clear: false, idToken: TAG1 });
    expect((await s.csms.waitForCall('NotifyCustomerInformation', (p) => p.requestId === 7)).data).toBe('no data held for idToken TAG1 (ISO14443)');
  });

  it('N10: an ongoing transaction keeps its token; the local list entry is kept and the report says so', async () => {
    const s = await chargingStation();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 2, updateType: 'Full', localAuthorizationList: [{ idToken: TAG1, idTokenInfo: { status: 'Accepted' } }] });
    await s.csms.call('CS001', 'CustomerInformation', { requestId: 8, report: false, clear: true, idToken: TAG1 });
    const n = await s.csms.waitForCall('NotifyCustomerInformation', (p) => p.requestId === 8);
    expect(n.data).toContain('kept: local authorization list entry (managed by the CSMS with SendLocalList)');
    expect(n.data).not.toContain('finished transaction');
    expect(s.station.transactions.ongoing()[0]!.idToken).toMatchObject({ idToken: 'TAG1' });
  });

  it('N10.FR.08: no customer reference, or two → Invalid; neither report nor clear → Rejected; nothing is sent', async () => {
    const s = await chargingStation();
    expect((await s.csms.call('CS001', 'CustomerInformation', { requestId: 9, report: true, clear: false })).status).toBe('Invalid');
    expect((await s.csms.call('CS001', 'CustomerInformation', { requestId: 9, report: true, clear: false, idToken: TAG1, customerIdentifier: 'C1' })).status).toBe('Invalid');
    expect((await s.csms.call('CS001', 'CustomerInformation', { requestId: 9, report: false, clear: false, idToken: TAG1 })).status).toBe('Rejected');
    await settle(s);
    expect(reports(s, 9)).toEqual([]);
  });

  it('N09: a customerIdentifier (no ISO 15118 on the NG9xx) is answered with a report that nothing is held', async () => {
    const s = await chargingStation();
    await s.csms.call('CS001', 'CustomerInformation', { requestId: 10, report: true, clear: false, customerIdentifier: 'CUST-7' });
    expect((await s.csms.waitForCall('NotifyCustomerInformation', (p) => p.requestId === 10)).data).toMatch(/^no data held for customerIdentifier CUST-7/);
  });

  it('N09: a long report is split in parts of at most 512 characters, seqNo counting, tbc on all but the last', () => {
    const text = Array.from({ length: 40 }, (_, i) => `transaction ${i}: ${'x'.repeat(40)}`).join('\n');
    const parts = splitParts(text, 512);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.length <= 512)).toBe(true);
    expect(parts.join('\n')).toBe(text);
    expect(splitParts('y'.repeat(1100), 512).map((p) => p.length)).toEqual([512, 512, 76]);
  });
});
