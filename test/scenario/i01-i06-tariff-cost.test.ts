/**
 * I01–I06 tariff and cost on the display (release notes: the advanced UI
 * implements tariff and cost), against the strict fake CSMS: what the screen
 * shows, per the TariffCostCtrlr variables.
 */
import { describe, expect, it } from 'vitest';
import { runConsole } from '../support/scenario.js';
import { chargingStation, delivered, evse, setVar, settle, swipe, txEvents, txStation } from '../support/tx-helpers.js';

const screen = (s: Awaited<ReturnType<typeof txStation>>) => s.station.hardware.sim!.display.shown.map((m) => `${m.kind}: ${m.text}`);
const tariff = (content: string, language?: string) => ({ format: 'UTF8', content, ...(language ? { language } : {}) });

describe('I01–I06 tariff and cost', () => {
  it('I01: the driver-specific tariff of the Authorize response is shown, in its language', async () => {
    const s = await txStation();
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', personalMessage: tariff('0,35 €/kWh, 0,10 €/min na 2 uur', 'nl') } }));
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    expect(s.station.hardware.sim!.display.shown[0]).toEqual({ text: '0,35 €/kWh, 0,10 €/min na 2 uur', kind: 'tariff', language: 'nl' });
    const d = await runConsole(s, 'display');
    expect(d.ok && d.reply.text![0]).toBe('now: 0,35 €/kWh, 0,10 €/min na 2 uur');
    expect(d.ok && d.reply.text![1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z tariff \[nl\]: 0,35 €\/kWh/);
    const status = await runConsole(s, 'status');
    expect(status.ok && status.reply.text!.join('\n')).toMatch(/display\s+0,35 €\/kWh/);
  });

  it('I04: no tariff from the CSMS → TariffFallbackMessage; TariffCostCtrlr.Enabled[Tariff] false → no tariff at all', async () => {
    const s = await txStation({ 'TariffCostCtrlr.TariffFallbackMessage': 'Tarief: zie app' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    expect(screen(s)).toEqual(['tariff: Tarief: zie app']);
    const off = await txStation({ 'TariffCostCtrlr.TariffFallbackMessage': 'Tarief: zie app', 'TariffCostCtrlr.Enabled:Tariff': 'false' });
    off.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', personalMessage: tariff('0,35 €/kWh') } }));
    evse(off, 1).plug();
    await swipe(off, 'TAG1');
    expect(screen(off)).toEqual([]);
  });

  it('I02: the running total of a TransactionEventResponse and of CostUpdated is shown in TariffCostCtrlr.Currency', async () => {
    const s = await txStation({ 'TariffCostCtrlr.Currency': 'SEK' });
    s.csms.handle('TransactionEvent', (p: any) => (p.eventType === 'Updated' ? { totalCost: 1.5 } : p.eventType === 'Started' ? { idTokenInfo: { status: 'Accepted' } } : {}));
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect(screen(s)).toContain('cost: Cost so far: 1.50 SEK');
    const transactionId = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'CostUpdated', { totalCost: 2.75, transactionId })).toEqual({});
    expect(screen(s).at(-1)).toBe('cost: Cost so far: 2.75 SEK');
  });

  it('I03 and the release notes: when the transaction stops (EVDisconnected too) its summary is shown, then the final total cost', async () => {
    const s = await chargingStation();
    s.csms.handle('TransactionEvent', (p: any) => (p.eventType === 'Ended' ? { totalCost: 4.2 } : {}));
    await s.clock.advance(30 * 60_000);
    evse(s, 1).unplug();
    await settle(s);
    await delivered(s, txEvents(s).length);
    const shown = screen(s);
    expect(shown.at(-2)).toMatch(/^transaction: Charging ended \(EVDisconnected\): \d+\.\d\d kWh in \d+:\d\d h$/);
    expect(shown.at(-1)).toBe('cost: Total cost: 4.20 EUR');
  });

  it('I05: a transaction that ends offline shows TotalCostFallbackMessage; Enabled[Cost] false shows no cost', async () => {
    const s = await chargingStation({ 'TariffCostCtrlr.TotalCostFallbackMessage': 'Kosten volgen per e-mail' });
    await s.station.setLinkWanted(false);
    evse(s, 1).unplug();
    await settle(s);
    expect(screen(s).at(-1)).toBe('cost: Kosten volgen per e-mail');
    const off = await chargingStation({ 'TariffCostCtrlr.Enabled:Cost': 'false' });
    off.csms.handle('TransactionEvent', (p: any) => (p.eventType === 'Ended' ? { totalCost: 4.2 } : {}));
    evse(off, 1).unplug();
    await settle(off);
    expect(screen(off).some((l) => l.startsWith('cost:'))).toBe(false);
  });

  it('I06: updatedPersonalMessage during the transaction replaces the tariff on the screen', async () => {
    const s = await txStation();
    s.csms.handle('TransactionEvent', (p: any) => (p.eventType === 'Updated' ? { updatedPersonalMessage: { format: 'HTML', content: '<b>Dal</b>tarief: 0,25 €/kWh' } } : {}));
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect(screen(s).at(-1)).toBe('tariff: Dal tarief: 0,25 €/kWh');
  });

  it('release notes: CostUpdated for an unknown transactionId is answered and changes nothing on the screen', async () => {
    const s = await txStation();
    expect(await s.csms.call('CS001', 'CostUpdated', { totalCost: 9.99, transactionId: 'NOPE' })).toEqual({});
    expect(screen(s)).toEqual([]);
  });
});
