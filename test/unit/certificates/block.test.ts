/** The certificates block alone, on a small host: a real store and device model, a fake clock, captured handlers. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CertificatesBlock, type CertificatesHost } from '../../../src/station/certificates/block.js';
import { CertificateRepository } from '../../../src/station/certificates/certificate-repository.js';
import { FakeClock } from '../../../src/station/clock.js';
import { Logger } from '../../../src/station/log.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import type { CallHandler } from '../../../src/station/ocpp/dispatcher.js';
import { Store } from '../../../src/station/store/store.js';
import { type Issued, issue, makeRoot } from '../../support/pki.js';

const DAY = 86_400_000;

function setup(now = Date.now()) {
  const clock = new FakeClock(now);
  const store = Store.open(':memory:');
  const model = new DeviceModel(store, { evseCount: 1, clock });
  const handlers = new Map<string, CallHandler>();
  let profile = 1;
  const host: CertificatesHost = {
    store,
    clock,
    model,
    log: new Logger(store, clock),
    actions: { register: (action, fn) => void handlers.set(action, fn) },
    activeSecurityProfile: () => profile,
  };
  const block = new CertificatesBlock(host);
  const call = (action: string, payload: object) => handlers.get(action)!(payload) as Promise<any>;
  return {
    block,
    store,
    clock,
    model,
    handlers,
    call,
    entries: () => model.getNumber('SecurityCtrlr.CertificateEntries'),
    setProfile: (p: number) => (profile = p),
    install: (certificateType: string, cert: Issued | string) => call('InstallCertificate', { certificateType, certificate: typeof cert === 'string' ? cert : cert.pem }),
    ids: (certificateType?: string[]) => call('GetInstalledCertificateIds', certificateType ? { certificateType } : {}),
  };
}

describe('CertificatesBlock', () => {
  it('registers M03, M04 and M05; CertificateEntries starts at the count in the store', () => {
    const t = setup();
    expect([...t.handlers.keys()].sort()).toEqual(['DeleteCertificate', 'GetInstalledCertificateIds', 'InstallCertificate']);
    expect(t.entries()).toBe(0);
  });

  it('M05: a CA certificate valid now is Accepted and stored with its SHA256/384/512 hash data; M03 lists it', async () => {
    const t = setup();
    const root = await makeRoot();
    expect(await t.install('CSMSRootCertificate', root)).toEqual({ status: 'Accepted' });
    expect(t.entries()).toBe(1);
    const [row] = t.block.installed();
    expect(row).toMatchObject({ type: 'CSMSRootCertificate', pem: root.pem, keyPem: undefined, subject: root.cert.subject });
    expect(row!.hashes.SHA384.issuerNameHash).toHaveLength(96);
    expect(row!.hashes.SHA512.issuerKeyHash).toHaveLength(128);
    const list = await t.ids();
    expect(list).toEqual({ status: 'Accepted', certificateHashDataChain: [{ certificateType: 'CSMSRootCertificate', certificateHashData: row!.hashes.SHA256 }] });
    expect(t.block.csmsRootPems()).toEqual([root.pem]);
  });

  it('M05: the same certificate again for the same type is Accepted without a second row; for another type it is a second row', async () => {
    const t = setup();
    const root = await makeRoot();
    await t.install('CSMSRootCertificate', root);
    expect(await t.install('CSMSRootCertificate', root)).toEqual({ status: 'Accepted' });
    expect(t.entries()).toBe(1);
    expect(await t.install('ManufacturerRootCertificate', root)).toEqual({ status: 'Accepted' });
    expect(t.entries()).toBe(2);
  });

  it('M05: Rejected with a reason, nothing stored: malformed, not a CA, expired, not yet valid', async () => {
    const t = setup();
    const root = await makeRoot();
    const leaf = await issue(root, { subject: 'CN=leaf', usage: 'server' });
    const expired = await makeRoot('CN=old root', { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    const future = await makeRoot('CN=future root', { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const cases: Array<[string, string, RegExp]> = [
      ['not a pem', 'InvalidCertificate', /no BEGIN CERTIFICATE/],
      [`${leaf.pem}${root.pem}`, 'NotCA', /not a CA certificate/],
      [expired.pem, 'Expired', /expired/],
      [future.pem, 'NotYetValid', /valid from/],
    ];
    for (const [pem, reasonCode, info] of cases) {
      const res = await t.install('CSMSRootCertificate', pem);
      expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode } });
      expect(res.statusInfo.additionalInfo).toMatch(info);
      expect(res.statusInfo.reasonCode.length).toBeLessThanOrEqual(20);
    }
    expect(t.block.installed()).toEqual([]);
    expect(t.entries()).toBe(0);
  });

  it('M05: validity is judged on the station clock, not the host clock', async () => {
    const root = await makeRoot('CN=r', { notAfter: new Date(Date.now() + 10 * DAY) });
    const t = setup(Date.now() + 20 * DAY);
    expect(await t.install('MORootCertificate', root)).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'Expired' } });
    t.clock.setTime(Date.now());
    expect(await t.install('MORootCertificate', root)).toEqual({ status: 'Accepted' });
  });

  it('M05: an intermediate CA is Accepted with its issuer in the PEM or installed; Rejected with an unknown issuer or a bad signature', async () => {
    const t = setup();
    const root = await makeRoot();
    const sub = await issue(root, { subject: 'CN=sub CA', ca: true });
    expect(await t.install('V2GRootCertificate', sub)).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownIssuer' } });
    const impostor = await makeRoot(root.cert.subject); // the same name, another key
    expect(await t.install('V2GRootCertificate', `${sub.pem}${impostor.pem}`)).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidSignature' } });
    expect(t.entries()).toBe(0);
    // the issuer named and verifying wins over the impostor
    expect(await t.install('V2GRootCertificate', `${sub.pem}${impostor.pem}${root.pem}`)).toEqual({ status: 'Accepted' });
    await t.install('CSMSRootCertificate', root);
    const [subRow, rootRow] = t.block.installed();
    // hashed with its issuer: the root's name and key, its own serial
    expect(subRow!.hashes.SHA256).toMatchObject({ issuerNameHash: rootRow!.hashes.SHA256.issuerNameHash, issuerKeyHash: rootRow!.hashes.SHA256.issuerKeyHash });
    expect(subRow!.hashes.SHA256.serialNumber).not.toBe(rootRow!.hashes.SHA256.serialNumber);
    const sub2 = await issue(root, { subject: 'CN=sub CA 2', ca: true });
    expect(await t.install('MORootCertificate', sub2)).toEqual({ status: 'Accepted' }); // its issuer is installed
  });

  it('M05: a full store (CertificateEntries maximum 20) is Failed, nothing stored; an installed certificate is still Accepted', async () => {
    const t = setup();
    const repo = new CertificateRepository(t.store);
    const first = await makeRoot('CN=first');
    await t.install('CSMSRootCertificate', first);
    const h = (n: number) => ({ hashAlgorithm: 'SHA256' as const, issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: n.toString(16) });
    for (let i = 1; i < 20; i++) {
      repo.add({ type: 'MORootCertificate', pem: 'x', subject: `CN=${i}`, notAfter: 0, hashes: { SHA256: h(i), SHA384: { ...h(i), hashAlgorithm: 'SHA384' }, SHA512: { ...h(i), hashAlgorithm: 'SHA512' } } }, 0);
    }
    const another = await makeRoot('CN=one too many');
    expect(await t.install('CSMSRootCertificate', another)).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'StoreFull' } });
    expect(repo.count()).toBe(20);
    expect(await t.install('CSMSRootCertificate', first)).toEqual({ status: 'Accepted' });
  });

  it('M04: delete by hash data in any algorithm (serial in any case, with leading zeroes); NotFound otherwise', async () => {
    const t = setup();
    const a = await makeRoot('CN=a');
    const b = await makeRoot('CN=b', { serial: '0a1b2c' });
    await t.install('CSMSRootCertificate', a);
    await t.install('ManufacturerRootCertificate', b);
    const [rowA, rowB] = t.block.installed();
    expect(await t.call('DeleteCertificate', { certificateHashData: { ...rowB!.hashes.SHA512, serialNumber: '000A1B2C' } })).toEqual({ status: 'Accepted' });
    expect(t.entries()).toBe(1);
    expect(await t.call('DeleteCertificate', { certificateHashData: rowB!.hashes.SHA384 })).toEqual({ status: 'NotFound' });
    expect(await t.call('DeleteCertificate', { certificateHashData: { ...rowA!.hashes.SHA256, hashAlgorithm: 'SHA384' } })).toEqual({ status: 'NotFound' });
    expect(await t.call('DeleteCertificate', { certificateHashData: rowA!.hashes.SHA384 })).toEqual({ status: 'Accepted' });
    expect(t.entries()).toBe(0);
    expect(await t.ids()).toEqual({ status: 'NotFound' });
  });

  it('M04: the last CSMSRootCertificate is Failed from security profile 2 (in use), Accepted below; another root left makes it deletable', async () => {
    const t = setup();
    const a = await makeRoot('CN=a');
    const b = await makeRoot('CN=b');
    await t.install('CSMSRootCertificate', a);
    const [rowA] = t.block.installed();
    t.setProfile(2);
    expect(await t.call('DeleteCertificate', { certificateHashData: rowA!.hashes.SHA256 })).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'CertificateInUse' } });
    expect(t.entries()).toBe(1);
    await t.install('CSMSRootCertificate', b);
    expect(await t.call('DeleteCertificate', { certificateHashData: rowA!.hashes.SHA256 })).toEqual({ status: 'Accepted' });
    const [rowB] = t.block.installed();
    t.setProfile(3);
    expect(await t.call('DeleteCertificate', { certificateHashData: rowB!.hashes.SHA256 })).toMatchObject({ status: 'Failed' });
    t.setProfile(1);
    expect(await t.call('DeleteCertificate', { certificateHashData: rowB!.hashes.SHA256 })).toEqual({ status: 'Accepted' });
  });

  it('M04: the ChargingStationCertificate is never deleted (Failed); it is not reported by M03; its pem and key can be read', async () => {
    const t = setup();
    const root = await makeRoot();
    const own = await issue(root, { subject: 'CN=CS001', usage: 'client' });
    const h = (alg: 'SHA256' | 'SHA384' | 'SHA512') => ({ hashAlgorithm: alg, issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: 'c' });
    new CertificateRepository(t.store).add({ type: 'ChargingStationCertificate', pem: own.pem, keyPem: own.keyPem, subject: 'CN=CS001', notAfter: 0, hashes: { SHA256: h('SHA256'), SHA384: h('SHA384'), SHA512: h('SHA512') } }, 0);
    expect(t.block.chargingStationCertificate()).toEqual({ pem: own.pem, keyPem: own.keyPem });
    expect(await t.ids()).toEqual({ status: 'NotFound' });
    expect(await t.call('DeleteCertificate', { certificateHashData: h('SHA256') })).toMatchObject({ status: 'Failed', statusInfo: { additionalInfo: expect.stringMatching(/ChargingStationCertificate/) } });
    expect(t.block.installed()).toHaveLength(1);
  });

  it('M03: filtered by certificateType; NotFound when no type matches', async () => {
    const t = setup();
    await t.install('CSMSRootCertificate', await makeRoot('CN=csms'));
    await t.install('ManufacturerRootCertificate', await makeRoot('CN=manufacturer'));
    expect((await t.ids()).certificateHashDataChain.map((c: any) => c.certificateType)).toEqual(['CSMSRootCertificate', 'ManufacturerRootCertificate']);
    expect((await t.ids(['ManufacturerRootCertificate', 'V2GCertificateChain'])).certificateHashDataChain.map((c: any) => c.certificateType)).toEqual(['ManufacturerRootCertificate']);
    expect(await t.ids(['MORootCertificate'])).toEqual({ status: 'NotFound' });
  });
});

/** The static imports (not `import type`, not `await import()`) reachable from a file of src/. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const node of source.statements) {
      const isImport = ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly;
      const isExport = ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier;
      if (!isImport && !isExport) continue;
      const spec = ((node as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(resolve(entry));
  return { files, packages };
}

describe('start-up cost', () => {
  it('nothing station.ts loads statically imports @peculiar/x509 or the asn1 schemas (they load with the first InstallCertificate)', () => {
    const { files, packages } = staticClosure('src/station/station.ts');
    expect([...files].some((f) => f.endsWith('certificates/block.ts'))).toBe(true);
    expect([...packages].filter((p) => p.startsWith('@peculiar/') || p === 'reflect-metadata')).toEqual([]);
  });
});
