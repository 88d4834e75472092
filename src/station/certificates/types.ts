/** OCPP 2.0.1 certificate types and hash data; no @peculiar/x509 here (loaded at start-up). */

export type HashAlgorithm = 'SHA256' | 'SHA384' | 'SHA512';

export interface CertificateHashData {
  hashAlgorithm: HashAlgorithm;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

/** InstallCertificateUseEnumType. */
export const INSTALLABLE_TYPES = ['V2GRootCertificate', 'MORootCertificate', 'CSMSRootCertificate', 'ManufacturerRootCertificate'] as const;
export type InstallCertificateUse = (typeof INSTALLABLE_TYPES)[number];

/** GetCertificateIdUseEnumType: what GetInstalledCertificateIds may report. */
export const REPORTABLE_TYPES = ['V2GRootCertificate', 'MORootCertificate', 'CSMSRootCertificate', 'V2GCertificateChain', 'ManufacturerRootCertificate'] as const;
export type GetCertificateIdUse = (typeof REPORTABLE_TYPES)[number];

/** What the store holds: the reportable types and the station's own certificate (with its key). */
export type StoredCertificateType = GetCertificateIdUse | 'ChargingStationCertificate';

/** Equal hash data for DeleteCertificate: same algorithm, equal hashes (hex, any case), equal serial numbers ignoring case and leading zeroes. */
export function sameHashData(a: CertificateHashData, b: CertificateHashData): boolean {
  const serial = (s: string) => s.toLowerCase().replace(/^0+/, '') || '0';
  return (
    a.hashAlgorithm === b.hashAlgorithm &&
    a.issuerNameHash.toLowerCase() === b.issuerNameHash.toLowerCase() &&
    a.issuerKeyHash.toLowerCase() === b.issuerKeyHash.toLowerCase() &&
    serial(a.serialNumber) === serial(b.serialNumber)
  );
}
