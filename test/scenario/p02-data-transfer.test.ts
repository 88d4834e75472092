/** P02 Data Transfer to the CSMS: the console's `datatransfer`, OCPP 2.0.1 and 1.6J. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, runConsole, scenario } from '../support/scenario.js';
import { ready16 } from './v16-helpers.js';

describe('P02 Data Transfer to the CSMS', () => {
  it('P02: datatransfer <vendorId> <messageId> <JSON> sends a DataTransfer and shows the answer', async () => {
    const s = await acceptedScenario();
    s.csms.handle('DataTransfer', (p: any) => (p.vendorId === 'com.example' ? { status: 'Accepted', data: { echo: p.data } } : { status: 'UnknownVendorId' }));
    const r = await runConsole(s, 'datatransfer com.example Ping {"n":1}');
    expect(s.csms.callsOf('DataTransfer')).toEqual([{ vendorId: 'com.example', messageId: 'Ping', data: { n: 1 } }]);
    expect(r.ok && r.reply.data).toEqual({ status: 'Accepted', data: { echo: { n: 1 } } });
    expect(r.ok && r.reply.text).toEqual(['status  Accepted', 'data    {"echo":{"n":1}}']);
    const unknown = await runConsole(s, 'datatransfer org.other');
    expect(unknown.ok && unknown.reply.data).toEqual({ status: 'UnknownVendorId' });
    expect(s.csms.callsOf('DataTransfer')[1]).toEqual({ vendorId: 'org.other' });
  });

  it('P02: text data passes as a string; a too long messageId and a station not accepted are clear errors, nothing sent', async () => {
    const s = await acceptedScenario();
    s.csms.handle('DataTransfer', () => ({ status: 'Rejected' }));
    const r = await runConsole(s, 'datatransfer com.example Note "two words"');
    expect(s.csms.callsOf('DataTransfer')).toEqual([{ vendorId: 'com.example', messageId: 'Note', data: 'two words' }]);
    expect(r.ok && r.reply.data).toEqual({ status: 'Rejected' });
    const long = await runConsole(s, `datatransfer com.example ${'m'.repeat(51)}`);
    expect(!long.ok && long.error.message).toBe('messageId: at most 50 characters');
    const off = await scenario({ start: false });
    const notAccepted = await runConsole(off, 'datatransfer com.example');
    expect(!notAccepted.ok && notAccepted.error.code).toBe('BUSY');
    expect(s.csms.callsOf('DataTransfer')).toHaveLength(1);
  });

  it('P02 over OCPP 1.6J: data goes as a JSON string', async () => {
    const s = await ready16();
    s.csms.handle('DataTransfer', (p: any) => ({ status: 'Accepted', data: `got ${p.data}` }));
    const r = await runConsole(s, 'datatransfer com.example Ping {"n":1}');
    expect(s.csms.callsOf('DataTransfer')).toEqual([{ vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' }]);
    expect(r.ok && r.reply.data).toEqual({ status: 'Accepted', data: 'got {"n":1}' });
  });
});
