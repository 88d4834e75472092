/**
 * OCPP 1.6 Security Extension (edition 3) requests answered by the 2.0.1
 * handlers of the certificates blocks (M03/M04/M05, A02/A03) and of
 * TriggerMessage. The hash data already follow the rules both versions share,
 * so they pass as they are; 1.6 names the CSMS root CentralSystemRootCertificate
 * and has one station certificate type, so CertificateSigned gets
 * ChargingStationCertificate.
 */
import type { CertificateHashData } from '../../certificates/types.js';
import type { Call201, Handler16 } from './incoming.js';

/** The 1.6 TriggerMessage handler (StatusNotification on connector 0 is the adapter's own). */
type Trigger16 = (p: { requestedMessage: string; connectorId?: number }) => Promise<object>;

type CertificateUse16 = 'CentralSystemRootCertificate' | 'ManufacturerRootCertificate';

const CERTIFICATE_USE_201: Readonly<Record<CertificateUse16, string>> = {
  CentralSystemRootCertificate: 'CSMSRootCertificate',
  ManufacturerRootCertificate: 'ManufacturerRootCertificate',
};

/** ExtendedTriggerMessage names that differ in 2.0.1. */
const TRIGGER_201: Readonly<Record<string, string>> = { SignChargePointCertificate: 'SignChargingStationCertificate' };

const hashData16 = (h: CertificateHashData): CertificateHashData => ({
  hashAlgorithm: h.hashAlgorithm,
  issuerNameHash: h.issuerNameHash,
  issuerKeyHash: h.issuerKeyHash,
  serialNumber: h.serialNumber,
});

/**
 * `triggeredAs`: what an ExtendedTriggerMessage asked for goes out as the
 * extension's message (SignedFirmwareStatusNotification, its LogStatusNotification).
 */
export function securityHandlers(call201: Call201, trigger16: Trigger16, triggeredAs: (action201: string, message16: string) => void): Record<string, Handler16> {
  return {
    InstallCertificate: async (p: { certificateType: CertificateUse16; certificate: string }) => {
      const req = { certificateType: CERTIFICATE_USE_201[p.certificateType], certificate: p.certificate };
      const r = await call201<{ status: string }>('InstallCertificate', req, { status: 'Rejected' });
      return { status: r.status };
    },
    GetInstalledCertificateIds: async (p: { certificateType: CertificateUse16 }) => {
      const req = { certificateType: [CERTIFICATE_USE_201[p.certificateType]] };
      const r = await call201<{ status: string; certificateHashDataChain?: Array<{ certificateHashData: CertificateHashData }> }>('GetInstalledCertificateIds', req, {
        status: 'NotFound',
      });
      const hashes = (r.certificateHashDataChain ?? []).map((c) => hashData16(c.certificateHashData));
      return r.status === 'Accepted' && hashes.length ? { status: 'Accepted', certificateHashData: hashes } : { status: 'NotFound' };
    },
    DeleteCertificate: async (p: { certificateHashData: CertificateHashData }) => {
      const r = await call201<{ status: string }>('DeleteCertificate', { certificateHashData: hashData16(p.certificateHashData) }, { status: 'NotFound' });
      return { status: r.status };
    },
    CertificateSigned: async (p: { certificateChain: string }) => {
      const req = { certificateChain: p.certificateChain, certificateType: 'ChargingStationCertificate' };
      const r = await call201<{ status: string }>('CertificateSigned', req, { status: 'Rejected' });
      return { status: r.status === 'Accepted' ? 'Accepted' : 'Rejected' };
    },
    ExtendedTriggerMessage: async (p: { requestedMessage: string; connectorId?: number }) => {
      const r = (await trigger16({ ...p, requestedMessage: TRIGGER_201[p.requestedMessage] ?? p.requestedMessage })) as { status: string };
      if (r.status === 'Accepted' && p.requestedMessage === 'FirmwareStatusNotification') triggeredAs('FirmwareStatusNotification', 'SignedFirmwareStatusNotification');
      if (r.status === 'Accepted' && p.requestedMessage === 'LogStatusNotification') triggeredAs('LogStatusNotification', 'LogStatusNotification');
      return r;
    },
  };
}
