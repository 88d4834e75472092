import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import {
  type NetworkConnectionProfile,
  NetworkProfileError,
  NetworkProfiles,
  PRIORITY_KEY,
  validateProfile,
} from '../../../src/station/network/profiles.js';
import { Store } from '../../../src/station/store/store.js';

function profile(over: Partial<NetworkConnectionProfile> = {}): NetworkConnectionProfile {
  return {
    ocppVersion: 'OCPP20',
    ocppTransport: 'JSON',
    ocppCsmsUrl: 'wss://csms.example.com/ocpp',
    messageTimeout: 30,
    securityProfile: 2,
    ocppInterface: 'Wired0',
    ...over,
  };
}

function open(file = ':memory:') {
  const store = Store.open(file);
  const model = new DeviceModel(store, { evseCount: 2, clock: new FakeClock() });
  return { store, model, network: new NetworkProfiles(store, model) };
}

function refusal(fn: () => unknown): NetworkProfileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof NetworkProfileError) return err;
    throw err;
  }
  throw new Error('expected a NetworkProfileError');
}

describe('NetworkProfiles', () => {
  let ctx: ReturnType<typeof open>;
  beforeEach(() => {
    ctx = open();
  });
  afterEach(() => ctx.store.close());

  it('stores a validated profile and lists it with its priority and active flag', () => {
    const { network } = ctx;
    expect(network.list()).toEqual([]);
    network.set(1, profile());
    expect(network.get(1)).toEqual(profile());
    expect(network.list()).toEqual([{ slot: 1, priority: undefined, profile: profile(), active: false }]);
    network.setPriority(1, 1);
    expect(network.list()).toEqual([{ slot: 1, priority: 1, profile: profile(), active: true }]);
    expect(network.active()).toEqual({ slot: 1, profile: profile() });
  });

  it('keeps only known fields of a profile', () => {
    const stored = ctx.network.set(2, { ...profile(), extra: 'x' });
    expect(stored).toEqual(profile());
    expect(Object.keys(ctx.network.get(2)!)).not.toContain('extra');
  });

  it('refuses what this firmware cannot use, with a clear reason', () => {
    const { network } = ctx;
    expect(refusal(() => network.set(1, profile({ ocppInterface: 'Wireless1' }))).code).toBe('NOT_SUPPORTED');
    expect(refusal(() => network.set(1, profile({ ocppInterface: 'Wireless1' }))).message).toMatch(/wifi/);
    for (const iface of ['Wired1', 'Wired2', 'Wired3', 'Wireless2', 'Wireless3'] as const) {
      const err = refusal(() => network.set(1, profile({ ocppInterface: iface })));
      expect(err.code).toBe('BAD_ARGUMENT');
      expect(err.message).toContain('not used');
    }
    expect(refusal(() => network.set(1, profile({ ocppCsmsUrl: 'http://csms/ocpp' }))).message).toMatch(/ws:\/\/ or wss:\/\//);
    expect(refusal(() => network.set(1, profile({ ocppCsmsUrl: 'ws://csms/ocpp', securityProfile: 2 }))).message).toMatch(/wss/);
    expect(refusal(() => network.set(1, profile({ ocppCsmsUrl: 'ws://csms/ocpp', securityProfile: 3 }))).message).toMatch(/wss/);
    expect(refusal(() => network.set(1, profile({ securityProfile: 4 }))).message).toMatch(/0\.\.3/);
    expect(refusal(() => network.set(1, profile({ ocppTransport: 'SOAP' }))).message).toMatch(/JSON/);
    expect(refusal(() => network.set(1, profile({ ocppVersion: 'OCPP15' }))).message).toMatch(/OCPP20/);
    expect(refusal(() => network.set(1, profile({ messageTimeout: 0 }))).message).toMatch(/messageTimeout/);
    expect(refusal(() => network.set(1, { ...profile(), vpn: { server: 'x' } })).code).toBe('NOT_SUPPORTED');
    expect(refusal(() => network.set(9, profile())).message).toMatch(/slot/);
    expect(refusal(() => network.set(1, profile({ ocppInterface: 'Wireless0', apn: { apn: 'internet', apnAuthentication: 'BOGUS' as never } }))).message).toMatch(/apnAuthentication/);
    expect(network.list()).toEqual([]);
  });

  it('accepts sp 0 and 1 on ws:// and a mobile profile with an APN', () => {
    const { network } = ctx;
    network.set(1, profile({ ocppCsmsUrl: 'ws://csms:8080/ocpp', securityProfile: 0 }));
    const mobile = profile({
      ocppCsmsUrl: 'ws://csms:8080/ocpp',
      securityProfile: 1,
      ocppInterface: 'Wireless0',
      apn: { apn: 'internet.example', apnUserName: 'u', apnPassword: 'p', apnAuthentication: 'CHAP' },
    });
    network.set(2, mobile);
    expect(network.get(2)).toEqual(mobile);
    expect(validateProfile(mobile)).toEqual(mobile);
  });

  it('places slots in NetworkConfigurationPriority: 1 highest .. 4 lowest, at most 4', () => {
    const { network, model } = ctx;
    for (const slot of [0, 1, 2, 3]) network.set(slot, profile({ ocppCsmsUrl: `wss://csms${slot}.example.com/ocpp` }));
    // catalogue default: slot 0 alone
    expect(network.priority()).toEqual([0]);
    expect(network.setPriority(2, 1)).toEqual([2, 0]);
    expect(network.setPriority(3, 4)).toEqual([2, 0, 3]);
    expect(network.setPriority(1, 2)).toEqual([2, 1, 0, 3]);
    expect(model.getString(PRIORITY_KEY)).toBe('2,1,0,3');
    // moving a slot that is already listed
    expect(network.setPriority(3, 1)).toEqual([3, 2, 1, 0]);
    expect(network.active()?.slot).toBe(3);
    expect(network.setPriority(3, 'off')).toEqual([2, 1, 0]);
    expect(network.active()?.slot).toBe(2);
    network.setPriority(3, 4);
    expect(() => network.setPriority(3, 5)).toThrow(/1 \(highest\) \.\. 4 \(lowest\)/);
    expect(() => network.setPriority(3, 0)).toThrow(/1 \(highest\)/);
    expect(model.getString(PRIORITY_KEY)).toBe('2,1,0,3');
  });

  it('refuses a fifth entry, a slot without profile and emptying the list', () => {
    const { network, model } = ctx;
    expect(() => network.setPriority(1, 1)).toThrow(/holds no profile/);
    network.set(0, profile());
    expect(() => network.setPriority(0, 'off')).toThrow(/cannot be empty/);
    expect(model.getString(PRIORITY_KEY)).toBe('0');
  });

  it('the active profile is the highest-priority slot that holds one', () => {
    const { network, model } = ctx;
    expect(network.active()).toBeUndefined();
    network.set(2, profile({ ocppCsmsUrl: 'wss://two.example.com/' }));
    network.setPriority(2, 2); // list 0,2: slot 0 is empty
    expect(model.getString(PRIORITY_KEY)).toBe('0,2');
    expect(network.active()?.slot).toBe(2);
    expect(network.list().map((e) => [e.slot, e.priority, e.active])).toEqual([[2, 2, true]]);
  });

  it('removes only a profile that is not in NetworkConfigurationPriority', () => {
    const { network } = ctx;
    network.set(1, profile());
    network.set(2, profile());
    network.setPriority(1, 1);
    expect(() => network.remove(1)).toThrow(/in use \(priority 1\).*network priority 1 off/);
    expect(() => network.remove(3)).toThrow(/holds no profile/);
    network.remove(2);
    expect(network.get(2)).toBeUndefined();
    network.setPriority(1, 'off');
    network.remove(1);
    expect(network.list()).toEqual([]);
  });

  it('useCsms writes slot 1 as Wired0 first in priority, sp 0 for ws:// and 2 for wss://', () => {
    const { network } = ctx;
    const p = network.useCsms('ws://localhost:9000/ocpp');
    expect(p).toEqual({
      ocppVersion: 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: 'ws://localhost:9000/ocpp',
      messageTimeout: 30,
      securityProfile: 0,
      ocppInterface: 'Wired0',
    });
    expect(network.priority()).toEqual([1, 0]);
    expect(network.active()?.slot).toBe(1);
    // already set: kept (sp 0 is valid over wss:// too)
    expect(network.useCsms('wss://csms.example.com/ocpp').securityProfile).toBe(0);
    expect(network.priority()).toEqual([1, 0]);
    expect(() => network.useCsms('http://x')).toThrow(/ws:\/\//);
    const fresh = open();
    expect(fresh.network.useCsms('wss://csms.example.com/ocpp').securityProfile).toBe(2);
    fresh.store.close();
  });

  it('useCsms keeps the other fields of slot 1 when they still fit', () => {
    const { network } = ctx;
    network.set(1, profile({ ocppCsmsUrl: 'wss://old.example.com/', securityProfile: 3, messageTimeout: 45, ocppVersion: 'OCPP16' }));
    const kept = network.useCsms('wss://new.example.com/ocpp');
    expect(kept).toMatchObject({ securityProfile: 3, messageTimeout: 45, ocppVersion: 'OCPP16', ocppCsmsUrl: 'wss://new.example.com/ocpp' });
    // sp 3 cannot go over ws://: back to 0
    expect(network.useCsms('ws://plain.example.com/').securityProfile).toBe(0);
    expect(network.useCsms('ws://plain.example.com/', 'OCPP20').ocppVersion).toBe('OCPP20');
  });

  it('keeps ActiveNetworkProfile and MessageTimeout:Default in step with the active profile', () => {
    const { network, model } = ctx;
    network.set(3, profile({ messageTimeout: 42 }));
    network.setPriority(3, 1);
    expect(model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(3);
    expect(model.getNumber('OCPPCommCtrlr.MessageTimeout:Default')).toBe(42);
  });

  it('erases every profile and resets the priority', () => {
    const { network, model } = ctx;
    network.useCsms('ws://a/');
    network.set(2, profile());
    network.eraseAll();
    expect(network.list()).toEqual([]);
    expect(model.getString(PRIORITY_KEY)).toBe('0');
  });

  it('tells listeners about changes, also a priority written by the CSMS', () => {
    const { network, model } = ctx;
    let changes = 0;
    network.changed.on(() => changes++);
    network.set(1, profile());
    network.setPriority(1, 1);
    expect(changes).toBe(2);
    const [r] = model.setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '0,1' }], 'csms');
    expect(r!.attributeStatus).toBe('Rejected'); // slot 0 holds no profile
    network.set(0, profile());
    const [ok] = model.setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '0,1' }], 'csms');
    expect(ok!.attributeStatus).toBe('Accepted');
    expect(network.active()?.slot).toBe(0);
    expect(changes).toBe(4);
  });

  it('refuses a CSMS priority with a slot that holds no profile (InvalidConfSlot)', () => {
    const { network, model } = ctx;
    network.set(1, profile());
    const [r] = model.setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '1,2' }], 'csms');
    expect(r).toMatchObject({ attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'InvalidConfSlot' } });
    expect(model.getString(PRIORITY_KEY)).toBe('0');
  });

  // the profiles are kept in memory between reads
  it('a profile written in a transaction that rolls back is not read afterwards, though it was read inside it', () => {
    const { store, network } = ctx;
    network.set(1, profile());
    expect(network.get(2)).toBeUndefined();
    expect(() =>
      store.tx(() => {
        network.set(2, profile({ ocppCsmsUrl: 'wss://other.example.com/ocpp' }));
        expect(network.get(2)?.ocppCsmsUrl).toBe('wss://other.example.com/ocpp');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(network.get(2)).toBeUndefined();
    expect(network.list().map((e) => e.slot)).toEqual([1]);
  });

  it('every write is read back: set, remove and erase', () => {
    const { network } = ctx;
    network.set(2, profile());
    network.set(2, profile({ messageTimeout: 45 }));
    expect(network.get(2)?.messageTimeout).toBe(45);
    network.remove(2);
    expect(network.get(2)).toBeUndefined();
    network.useCsms('ws://localhost:9000/ocpp');
    expect(network.active()?.profile.ocppCsmsUrl).toBe('ws://localhost:9000/ocpp');
    network.eraseAll();
    expect(network.list()).toEqual([]);
  });

  it('a profile read cannot be changed by its reader (the next reader gets the stored one)', () => {
    const { network } = ctx;
    network.set(1, profile({ apn: { apn: 'm2m', apnAuthentication: 'AUTO' } }));
    const read = network.get(1)!;
    expect(() => ((read as { messageTimeout: number }).messageTimeout = 5)).toThrow(TypeError);
    expect(() => ((read.apn as { apn: string }).apn = 'other')).toThrow(TypeError);
    expect(network.get(1)).toEqual(profile({ apn: { apn: 'm2m', apnAuthentication: 'AUTO' } }));
  });
});

describe('SetNetworkProfile (B09)', () => {
  let ctx: ReturnType<typeof open>;
  beforeEach(() => {
    ctx = open();
  });
  afterEach(() => ctx.store.close());

  it('accepts a valid profile into a valid slot', () => {
    expect(ctx.network.setFromCsms(2, profile())).toBe('Accepted');
    expect(ctx.network.get(2)).toEqual(profile());
  });

  it('rejects invalid content with InvalidNetworkConf (B09.FR.02)', () => {
    const r = ctx.network.handleSetNetworkProfile(2, profile({ ocppCsmsUrl: 'ftp://x' }));
    expect(r.status).toBe('Rejected');
    expect(r.statusInfo?.reasonCode).toBe('InvalidNetworkConf');
    expect(ctx.network.setFromCsms(2, profile({ ocppInterface: 'Wireless1' }))).toBe('Rejected');
    expect(ctx.network.setFromCsms(2, profile({ ocppInterface: 'Wired3' }))).toBe('Rejected');
    expect(ctx.network.get(2)).toBeUndefined();
  });

  it('rejects a slot outside the valuesList of NetworkConfigurationPriority (B09.FR.05)', () => {
    const r = ctx.network.handleSetNetworkProfile(7, profile());
    expect(r).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidConfSlot' } });
  });

  it('rejects a lower security profile than the active one (B09.FR.04)', () => {
    ctx.network.useCsms('wss://csms.example.com/ocpp'); // sp 2 active
    const r = ctx.network.handleSetNetworkProfile(2, profile({ ocppCsmsUrl: 'ws://x/', securityProfile: 1 }));
    expect(r).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NoSecurityDowngrade' } });
    expect(ctx.network.setFromCsms(2, profile({ securityProfile: 3 }))).toBe('Accepted');
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ng9-net-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('profiles and priority survive reopening the store', () => {
    const file = join(dir, 'station.db');
    const a = open(file);
    a.network.set(2, profile({ ocppInterface: 'Wireless0', apn: { apn: 'm2m', apnAuthentication: 'AUTO' } }));
    a.network.useCsms('ws://localhost:9000/ocpp');
    a.network.setPriority(2, 1);
    const before = a.network.list();
    a.store.close();
    const b = open(file);
    expect(b.network.list()).toEqual(before);
    expect(b.network.priority()).toEqual([2, 1, 0]);
    expect(b.network.active()?.slot).toBe(2);
    b.store.close();
  });
});
