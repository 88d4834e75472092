import { describe, expect, it } from 'vitest';
import {
  configGetLine,
  configLine,
  configSetLine,
  dateLine,
  execLine,
  logLine,
  loginLine,
  masterpassLine,
  networkPriorityLine,
  networkRemoveLine,
  networkSetLine,
  odGetLine,
  odListLine,
  odSetLine,
  p1Line,
  reasonsLine,
  UsageError,
} from '../../../src/cli/lines.js';

describe('flags → console line', () => {
  it('network set with every option, in the console grammar order', () => {
    expect(networkSetLine({ slot: 1, iface: 'Wired0', url: 'wss://csms.example.com/ocpp' })).toBe('network set 1 Wired0 wss://csms.example.com/ocpp');
    expect(
      networkSetLine({ slot: 2, iface: 'Wireless0', url: 'wss://x/ocpp', sp: 2, apn: 'my apn', apnUser: 'u', apnPassword: 'p"w', ocpp: '1.6' }),
    ).toBe('network set 2 Wireless0 wss://x/ocpp sp 2 apn "my apn" user u password "p\\"w" ocpp 1.6');
  });

  it('refuses APN credentials without an APN, and words with spaces', () => {
    expect(() => networkSetLine({ slot: 1, iface: 'Wired0', url: 'ws://x', apnUser: 'u' })).toThrow(UsageError);
    expect(() => networkSetLine({ slot: 1, iface: 'Wired 0', url: 'ws://x' })).toThrow(/interface must be a single word/);
  });

  it('network priority / remove', () => {
    expect(networkPriorityLine(1, '1')).toBe('network priority 1 1');
    expect(networkPriorityLine(3, 'off')).toBe('network priority 3 off');
    expect(networkRemoveLine(2)).toBe('network remove 2');
  });

  it('reasons', () => {
    expect(reasonsLine()).toBe('reasons');
    expect(reasonsLine('start', '0x18')).toBe('reasons start 0x18');
    expect(reasonsLine('stop', 'TX_AUTHORIZED, TX_EV_CONNECTED')).toBe('reasons stop TX_AUTHORIZED,TX_EV_CONNECTED');
    expect(() => reasonsLine('start')).toThrow(UsageError);
  });

  it('p1', () => {
    expect(p1Line()).toBe('p1');
    expect(p1Line('dump')).toBe('p1 dump');
    expect(p1Line('interface', 'telnet')).toBe('p1 interface telnet');
    expect(p1Line('host', '192.168.1.20')).toBe('p1 host 192.168.1.20');
    expect(p1Line('port', 2000)).toBe('p1 port 2000');
  });

  it('masterpass, config, od, log, login', () => {
    expect(masterpassLine()).toBe('masterpass');
    expect(masterpassLine('clear')).toBe('masterpass clear');
    expect(masterpassLine('GROUP 1')).toBe('masterpass "GROUP 1"');
    expect(configLine()).toBe('config');
    expect(configLine('TxCtrlr')).toBe('config TxCtrlr');
    expect(configGetLine('OCPPCommCtrlr.HeartbeatInterval')).toBe('config get OCPPCommCtrlr.HeartbeatInterval');
    expect(configSetLine('AuthCtrlr.LocalPreAuthorize', 'true')).toBe('config set AuthCtrlr.LocalPreAuthorize true');
    expect(configSetLine('SecurityCtrlr.Identity', 'a b')).toBe('config set SecurityCtrlr.Identity "a b"');
    expect(configSetLine('X', '')).toBe('config set X ""');
    expect(odGetLine('2191_01')).toBe('od get 2191_01');
    expect(odSetLine('2191_02', '10.0.0.5')).toBe('od set 2191_02 10.0.0.5');
    expect(odListLine()).toBe('od list');
    expect(odListLine('2191')).toBe('od list 2191');
    expect(logLine()).toBe('log');
    expect(logLine(50)).toBe('log 50');
    expect(() => logLine(0)).toThrow(UsageError);
    expect(loginLine('ng9service')).toBe('login service ng9service');
    expect(loginLine('with space')).toBe('login service "with space"');
  });

  it('date keeps the value as the words typed on the console', () => {
    expect(dateLine()).toBe('date');
    expect(dateLine(['2025-03-01 12:00:00Z'])).toBe('date 2025-03-01 12:00:00Z');
    expect(dateLine(['2025-03-01', '12:00:00+01:00'])).toBe('date 2025-03-01 12:00:00+01:00');
  });

  it('exec sends one argument as is and joins several, quoting as needed', () => {
    expect(execLine(['network set 1 Wired0 ws://x'])).toBe('network set 1 Wired0 ws://x');
    expect(execLine(['masterpass', 'GROUP 1'])).toBe('masterpass "GROUP 1"');
    expect(() => execLine([])).toThrow(UsageError);
  });
});
