/**
 * M03 GetInstalledCertificateIds, M04 DeleteCertificate, M05
 * InstallCertificate: the station's trust store, durable
 * (certificate-repository.ts), SecurityCtrlr.CertificateEntries its count.
 * X.509 parsing (@peculiar/x509, slow to load) happens only in
 * InstallCertificate, through a dynamic import: constructing the block costs
 * nothing at start-up. M03/M04 read the hash data stored at install.
 */
import type { OcppHost, StationBase } from '../host.js';
import { CertificateRepository, type StoredCertificate } from './certificate-repository.js';
import {
  type CertificateHashData,
  type GetCertificateIdUse,
  INSTALLABLE_TYPES,
  type InstallCertificateUse,
  REPORTABLE_TYPES,
  sameHashData,
  type StoredCertificateType,
} from './types.js';

export type CertificatesHost = Pick<StationBase, 'store' | 'clock' | 'log' | 'model'> &
  Pick<OcppHost, 'actions'> & {
    /** The security profile in use (the CSMS root is in use from profile 2). */
    activeSecurityProfile(): number;
  };

const ENTRIES_KEY = 'SecurityCtrlr.CertificateEntries';

type StatusInfo = { reasonCode: string; additionalInfo?: string };

interface InstallCertificateRequest {
  certificateType: InstallCertificateUse;
  certificate: string;
}
interface InstallCertificateResponse {
  status: 'Accepted' | 'Rejected' | 'Failed';
  statusInfo?: StatusInfo;
}
interface GetInstalledCertificateIdsResponse {
  status: 'Accepted' | 'NotFound';
  certificateHashDataChain?: Array<{ certificateType: GetCertificateIdUse; certificateHashData: CertificateHashData }>;
}
interface DeleteCertificateResponse {
  status: 'Accepted' | 'Failed' | 'NotFound';
  statusInfo?: StatusInfo;
}

export class CertificatesBlock {
  private readonly repo: CertificateRepository;

  constructor(private readonly host: CertificatesHost) {
    this.repo = new CertificateRepository(host.store);
    host.actions.register('InstallCertificate', (req: InstallCertificateRequest) => this.install(req));
    host.actions.register('GetInstalledCertificateIds', (req: { certificateType?: GetCertificateIdUse[] }) => this.installedIds(req.certificateType));
    host.actions.register('DeleteCertificate', (req: { certificateHashData: CertificateHashData }) => this.delete(req.certificateHashData));
    this.updateEntries();
  }

  /** At every power up: CertificateEntries is a live value, forgotten by a restart. */
  begin(): void {
    this.updateEntries();
  }

  /** The installed CSMSRootCertificates (PEM), to verify the CSMS server certificate with (security profiles 2 and 3). */
  csmsRootPems(): string[] {
    return this.repo.findByType('CSMSRootCertificate').map((c) => c.pem);
  }

  /** The station's own certificate (chain) and its private key, once installed (A02/A03). */
  chargingStationCertificate(): { pem: string; keyPem: string | undefined } | undefined {
    const rows = this.repo.findByType('ChargingStationCertificate');
    const last = rows[rows.length - 1];
    return last && { pem: last.pem, keyPem: last.keyPem };
  }

  /** The roots a ChargingStationCertificate the CSMS signs must chain to. */
  stationCertificateRootPems(): string[] {
    return this.repo.list(['CSMSRootCertificate', 'ManufacturerRootCertificate']).map((c) => c.pem);
  }

  /** A02/A03: keep a signed ChargingStationCertificate (its chain) with its key; the newest is the one used. */
  storeChargingStationCertificate(chainPem: string, keyPem: string, inspected: { subject: string; notAfter: number; hashes: StoredCertificate['hashes'] }): StoredCertificate {
    const row = this.repo.add({ type: 'ChargingStationCertificate', pem: chainPem, keyPem, ...inspected }, this.host.clock.now());
    this.updateEntries();
    this.host.log.info('certificates', `installed ChargingStationCertificate ${inspected.subject} (serial ${inspected.hashes.SHA256.serialNumber}, valid until ${new Date(inspected.notAfter).toISOString()})`);
    return row;
  }

  /** Once the newest ChargingStationCertificate has connected: the older ones go. */
  pruneChargingStationCertificates(): void {
    const rows = this.repo.findByType('ChargingStationCertificate');
    for (const old of rows.slice(0, -1)) {
      this.repo.remove(old.id);
      this.host.log.info('certificates', `removed the previous ChargingStationCertificate ${old.subject} (serial ${old.hashes.SHA256.serialNumber})`);
    }
    if (rows.length > 1) this.updateEntries();
  }

  /** The validity end of the ChargingStationCertificate in use (A03), epoch ms. */
  chargingStationCertificateExpiry(): number | undefined {
    const rows = this.repo.findByType('ChargingStationCertificate');
    return rows[rows.length - 1]?.notAfter;
  }

  /** Every installed certificate, or those of the given types. */
  installed(types?: readonly StoredCertificateType[]): StoredCertificate[] {
    return this.repo.list(types);
  }

  private get maxEntries(): number {
    return this.host.model.definition(ENTRIES_KEY)?.maxLimit ?? 20;
  }

  private updateEntries(): void {
    this.host.model.setInternal(ENTRIES_KEY, Math.min(this.repo.count(), this.maxEntries));
  }

  /** M05 (also `cert install` on the console) */
  async install(req: InstallCertificateRequest): Promise<InstallCertificateResponse> {
    const type = req.certificateType;
    const rejected = (statusInfo: StatusInfo): InstallCertificateResponse => {
      this.host.log.warn('certificates', `InstallCertificate ${type} rejected: ${statusInfo.reasonCode}: ${statusInfo.additionalInfo}`);
      return { status: 'Rejected', statusInfo };
    };
    if (!(INSTALLABLE_TYPES as readonly string[]).includes(type)) return rejected({ reasonCode: 'UnsupportedType', additionalInfo: `${type} cannot be installed` });
    const { inspectCaCertificate } = await import('./inspect.js');
    const found = await inspectCaCertificate(req.certificate, this.host.clock.now(), this.repo.list().map((c) => c.pem));
    if ('reasonCode' in found) return rejected(found);
    const serial = found.hashes.SHA256.serialNumber;
    if (this.repo.findByType(type).some((c) => sameHashData(c.hashes.SHA256, found.hashes.SHA256))) {
      this.host.log.info('certificates', `${type} ${found.subject} (serial ${serial}) is installed already`);
      return { status: 'Accepted' };
    }
    const max = this.maxEntries;
    if (this.repo.count() >= max) {
      this.host.log.warn('certificates', `InstallCertificate ${type} ${found.subject} failed: the store is full (${max} certificates)`);
      return { status: 'Failed', statusInfo: { reasonCode: 'StoreFull', additionalInfo: `${max} certificates installed (SecurityCtrlr.CertificateEntries maximum); delete one first` } };
    }
    this.repo.add({ type, pem: req.certificate, subject: found.subject, notAfter: found.notAfter, hashes: found.hashes }, this.host.clock.now());
    this.updateEntries();
    this.host.log.info('certificates', `installed ${type} ${found.subject} (serial ${serial}, valid until ${new Date(found.notAfter).toISOString()})`);
    return { status: 'Accepted' };
  }

  /** M03 */
  installedIds(filter: GetCertificateIdUse[] | undefined): GetInstalledCertificateIdsResponse {
    const types = filter?.length ? filter : REPORTABLE_TYPES;
    const chain = this.repo.list(types).map((c) => ({ certificateType: c.type as GetCertificateIdUse, certificateHashData: c.hashes.SHA256 }));
    return chain.length ? { status: 'Accepted', certificateHashDataChain: chain } : { status: 'NotFound' };
  }

  /** M04 (also `cert delete`) */
  delete(hashData: CertificateHashData): DeleteCertificateResponse {
    const matches = this.repo.find(hashData);
    if (matches.length === 0) return { status: 'NotFound' };
    const failed = (additionalInfo: string): DeleteCertificateResponse => {
      this.host.log.warn('certificates', `DeleteCertificate serial ${hashData.serialNumber} failed: ${additionalInfo}`);
      return { status: 'Failed', statusInfo: { reasonCode: 'CertificateInUse', additionalInfo } };
    };
    if (matches.some((c) => c.type === 'ChargingStationCertificate')) return failed('the ChargingStationCertificate cannot be deleted');
    const csmsRoots = this.repo.findByType('CSMSRootCertificate');
    const profile = this.host.activeSecurityProfile();
    if (profile >= 2 && csmsRoots.length > 0 && csmsRoots.every((c) => matches.some((m) => m.id === c.id))) {
      return failed(`the last CSMSRootCertificate is in use (security profile ${profile})`);
    }
    for (const c of matches) {
      this.repo.remove(c.id);
      this.host.log.info('certificates', `deleted ${c.type} ${c.subject} (serial ${c.hashes.SHA256.serialNumber})`);
    }
    this.updateEntries();
    return { status: 'Accepted' };
  }
}
