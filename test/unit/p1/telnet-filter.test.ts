import { describe, expect, it } from 'vitest';
import { TelnetFilter } from '../../../src/hardware/p1/telnet-filter.js';

const IAC = 0xff;

describe('P1 over telnet: negotiation bytes of a P1-to-network converter are stripped', () => {
  it('removes WILL/WONT/DO/DONT negotiation, sub-negotiation and commands; IAC IAC is a 0xFF byte', () => {
    const f = new TelnetFilter();
    const input = Buffer.from([
      IAC, 0xfb, 0x01, // WILL ECHO
      0x2f, 0x41, // "/A"
      IAC, 0xfd, 0x1f, // DO NAWS
      IAC, 0xfa, 0x18, 0x00, 0x41, IAC, 0xf0, // SB TERMINAL-TYPE ... SE
      0x42, // "B"
      IAC, 0xf1, // NOP
      IAC, IAC, // literal 0xFF
      0x43,
    ]);
    expect([...f.filter(input)]).toEqual([0x2f, 0x41, 0x42, 0xff, 0x43]);
  });

  it('keeps its state across chunks (a sequence split over TCP segments)', () => {
    const f = new TelnetFilter();
    const out = [Buffer.from([0x41, IAC]), Buffer.from([0xfb]), Buffer.from([0x03, 0x42, IAC, 0xfa]), Buffer.from([0x01, IAC]), Buffer.from([0xf0, 0x43])]
      .map((c) => [...f.filter(c)])
      .flat();
    expect(out).toEqual([0x41, 0x42, 0x43]);
  });

  it('passes plain telegram bytes unchanged', () => {
    const text = Buffer.from('/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!ABCD\r\n');
    expect(new TelnetFilter().filter(text).equals(text)).toBe(true);
  });
});
