import { describe, expect, it } from 'vitest';
import { acceptedScenario, runConsole, type Scenario, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

async function consoleText(s: Scenario, line: string): Promise<string> {
  const outcome = await runConsole(s, line);
  if (!outcome.ok) throw outcome.error;
  return (outcome.reply.text ?? []).join('\n');
}
const logLines = (s: Scenario) => s.station.log.recent(100).map((l) => `${l.level}:${l.source}:${l.text}`);
const readerEvents = (s: Scenario, after = 0) =>
  s.csms.calls.slice(after).filter((c) => c.action === 'NotifyEvent' && c.payload.eventData[0].component.name === 'TokenReader').map((c) => c.payload.eventData[0]);

describe('release notes: Add an error state when an NFC reader is not detected but is configured', () => {
  it('nfc detach: TokenReader.Problem true, an error log line, status shows it and the CSMS gets a NotifyEvent (hard-wired, Delta); nfc attach clears it (Problem false, NotifyEvent cleared, log)', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    expect(await consoleText(s, 'nfc detach')).toContain('TokenReader.Problem true');
    const raised = await s.csms.waitForCall('NotifyEvent', (p) => p.eventData[0].component.name === 'TokenReader', { after: mark });
    expect(raised).toMatchObject({
      seqNo: 0,
      eventData: [{ trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'TokenReader' }, variable: { name: 'Problem' } }],
    });
    expect(raised.eventData[0].cleared).toBeUndefined();
    expect(s.station.model.getBoolean('TokenReader.Problem')).toBe(true);
    expect(logLines(s)).toContain('ERROR:nfc:NFC reader not detected but configured (TokenReader.Enabled): no card can be read');
    expect(await consoleText(s, 'status')).toMatch(/nfc reader\s+ERROR: configured but not detected/);
    const got = await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: 'TokenReader' }, variable: { name: 'Problem' } }] });
    expect(got.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: 'True' });

    const back = s.csms.mark();
    await consoleText(s, 'nfc attach');
    const cleared = await s.csms.waitForCall('NotifyEvent', (p) => p.eventData[0].component.name === 'TokenReader', { after: back });
    expect(cleared.eventData[0]).toMatchObject({ actualValue: 'false', cleared: true, variable: { name: 'Problem' } });
    expect(cleared.eventData[0].eventId).toBeGreaterThan(raised.eventData[0].eventId);
    expect(s.station.model.getBoolean('TokenReader.Problem')).toBe(false);
    expect(logLines(s)).toContain('INFO:nfc:NFC reader detected again: fault cleared');
    expect(await consoleText(s, 'status')).toMatch(/nfc reader\s+ok/);
  });

  it('a reader that is not configured (TokenReader.Enabled false) is no error: no Problem, no NotifyEvent; disabling a missing reader clears the fault', async () => {
    const s = await acceptedScenario();
    const set = await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'TokenReader' }, variable: { name: 'Enabled' }, attributeValue: 'false' }] });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    const mark = s.csms.mark();
    await consoleText(s, 'nfc detach');
    await s.clock.advance(0);
    expect(readerEvents(s, mark)).toEqual([]);
    expect(s.station.model.getBoolean('TokenReader.Problem')).toBe(false);
    expect(await consoleText(s, 'status')).toMatch(/nfc reader\s+not configured/);

    await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'TokenReader' }, variable: { name: 'Enabled' }, attributeValue: 'true' }] });
    await waitFor(() => readerEvents(s, mark).length === 1, 'NotifyEvent Problem true');
    await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'TokenReader' }, variable: { name: 'Enabled' }, attributeValue: 'false' }] });
    await waitFor(() => readerEvents(s, mark).length === 2, 'NotifyEvent cleared');
    expect(readerEvents(s, mark).map((e) => [e.actualValue, e.cleared ?? false])).toEqual([['true', false], ['false', true]]);
  });

  it('a reader missing at power-up is a fault from the start: the NotifyEvent goes once the CSMS accepted the station', async () => {
    const s = await scenario({ start: false });
    s.station.hardware.sim!.nfc.setDetected(false);
    s.station.start();
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted');
    const event = await s.csms.waitForCall('NotifyEvent', (p) => p.eventData[0].component.name === 'TokenReader');
    expect(event.eventData[0]).toMatchObject({ actualValue: 'true' });
    const boot = s.csms.calls.findIndex((c) => c.action === 'BootNotification');
    const notify = s.csms.calls.findIndex((c) => c.action === 'NotifyEvent');
    expect(notify).toBeGreaterThan(boot);
  });
});
