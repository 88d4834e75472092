/**
 * A02 / A03: renewing the ChargingStationCertificate. On TriggerMessage
 * SignChargingStationCertificate (A02) or when the certificate in use gets
 * close to its end (A03) the station makes a fresh key pair, sends the CSR
 * in SignCertificate and waits for CertificateSigned. What comes back is
 * checked (the pending key, CN = station id, valid now, a chain to an
 * installed root) before it is kept; a bad one is Rejected and raises
 * InvalidChargingStationCertificate. The new certificate is used from the
 * next connection (at once on profile 3); the old one stays until the new
 * one has connected. No answer within CertSigningWaitMinimum: the request is
 * sent again, the wait doubled, CertSigningRepeatTimes times.
 */
import { dueOf, setTimeoutAt, type Timer } from '../clock.js';
import type { OcppHost, StationBase } from '../host.js';
import type { CertificatesBlock } from './block.js';
import type { SigningRequest } from './csr.js';

export type CertificateSigningHost = Pick<StationBase, 'clock' | 'log' | 'model' | 'events'> &
  Pick<OcppHost, 'actions' | 'send' | 'registration' | 'afterReply'> & {
    readonly id: string;
    readonly certificates: Pick<CertificatesBlock, 'stationCertificateRootPems' | 'storeChargingStationCertificate' | 'pruneChargingStationCertificates' | 'chargingStationCertificateExpiry'>;
    readonly securityEvents: { raise(type: string, techInfo: string): void };
    /** The security profile in use. */
    activeSecurityProfile(): number;
    /** Connect again, with the credentials as they are now. */
    reconnect(why: string): void;
  };

/** A03: renew this long before the certificate in use ends (OCPP leaves it to the station). */
export const RENEW_BEFORE_MS = 30 * 86_400_000;
const DAILY_MS = 86_400_000;

interface CertificateSignedRequest {
  certificateChain: string;
  certificateType?: 'ChargingStationCertificate' | 'V2GCertificate';
}
type Status = { status: 'Accepted' | 'Rejected'; statusInfo?: { reasonCode: string; additionalInfo?: string } };

export class CertificateSigningBlock {
  private pending: SigningRequest | undefined;
  private attempt = 0;
  private waitTimer: Timer | undefined;
  private dailyTimer: Timer | undefined;
  private renewing = false;

  constructor(private readonly host: CertificateSigningHost) {
    host.actions.register('CertificateSigned', (req: CertificateSignedRequest) => this.certificateSigned(req));
    host.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Accepted') this.checkExpiry();
      // the newest certificate has connected on profile 3: the older ones may go
      if (e.event === 'link' && e.connected && host.activeSecurityProfile() >= 3) host.certificates.pruneChargingStationCertificates();
    });
  }

  /** A02 (TriggerMessage) and A03 (near the end), and `cert renew`: a new key and CSR to the CSMS. */
  async renew(reason: string): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    this.attempt = 0;
    try {
      const { newSigningRequest } = await import('./csr.js');
      this.pending = await newSigningRequest(this.host.id, this.host.model.getString('SecurityCtrlr.OrganizationName'));
      this.host.log.info('certificates', `renewing the ChargingStationCertificate (${reason}): a new key pair, CSR for CN=${this.host.id}`);
      await this.sendRequest();
    } finally {
      this.renewing = false;
    }
  }

  /** No renewal under way. */
  get quiet(): boolean {
    return !this.pending && !this.renewing && !this.waitTimer;
  }

  /** When the daily expiry check is next (monotonic). */
  get expiryCheckDue(): number | undefined {
    return dueOf(this.host.clock, this.dailyTimer);
  }

  /** A station woken from hibernation: the daily check goes on from where it was. */
  resume(expiryCheckDue: number | undefined): void {
    if (expiryCheckDue !== undefined) this.dailyTimer = setTimeoutAt(this.host.clock, expiryCheckDue, () => this.checkExpiry());
  }

  stop(): void {
    this.host.clock.clearTimeout(this.waitTimer);
    this.host.clock.clearTimeout(this.dailyTimer);
    this.waitTimer = this.dailyTimer = undefined;
  }

  private async sendRequest(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    try {
      const res = await this.host.send<Status>('SignCertificate', { csr: pending.csrPem, certificateType: 'ChargingStationCertificate' });
      if (res.status !== 'Accepted') {
        this.host.log.warn('certificates', `SignCertificate ${res.status}${res.statusInfo ? `: ${res.statusInfo.reasonCode}` : ''}: the certificate in use stays`);
        this.pending = undefined;
        return;
      }
    } catch (err) {
      this.host.log.warn('certificates', `SignCertificate not answered: ${(err as Error).message}`);
    }
    this.armWait();
  }

  /** CertSigningWaitMinimum for CertificateSigned, doubled at each repeat. */
  private armWait(): void {
    this.host.clock.clearTimeout(this.waitTimer);
    const waitMs = this.host.model.getNumber('SecurityCtrlr.CertSigningWaitMinimum') * 1000 * 2 ** this.attempt;
    this.waitTimer = this.host.clock.setTimeout(() => {
      this.waitTimer = undefined;
      if (!this.pending) return;
      if (this.attempt >= this.host.model.getNumber('SecurityCtrlr.CertSigningRepeatTimes')) {
        this.host.log.warn('certificates', `no CertificateSigned after ${this.attempt + 1} SignCertificate requests: giving up, the certificate in use stays`);
        this.pending = undefined;
        return;
      }
      this.attempt++;
      void this.sendRequest();
    }, waitMs);
  }

  private async certificateSigned(req: CertificateSignedRequest): Promise<Status> {
    const rejected = (reasonCode: string, additionalInfo: string, event = true): Status => {
      this.host.log.warn('certificates', `CertificateSigned rejected: ${reasonCode}: ${additionalInfo}`);
      if (event) this.host.securityEvents.raise('InvalidChargingStationCertificate', `${reasonCode}: ${additionalInfo}`);
      return { status: 'Rejected', statusInfo: { reasonCode, additionalInfo: additionalInfo.slice(0, 512) } };
    };
    if (req.certificateType === 'V2GCertificate') return rejected('UnsupportedType', 'no ISO 15118 on the NG9xx: V2GCertificate is not used', false);
    const pending = this.pending;
    if (!pending) return rejected('NoPendingRequest', 'no SignCertificate is waiting for an answer', false);
    const { inspectStationCertificate } = await import('./inspect.js');
    const found = await inspectStationCertificate(req.certificateChain, this.host.clock.now(), this.host.certificates.stationCertificateRootPems(), {
      publicKey: pending.publicKey,
      stationId: this.host.id,
    });
    if ('reasonCode' in found) return rejected(found.reasonCode, found.additionalInfo);
    this.pending = undefined;
    this.host.clock.clearTimeout(this.waitTimer);
    this.host.certificates.storeChargingStationCertificate(req.certificateChain, pending.keyPem, found);
    if (this.host.activeSecurityProfile() >= 3) this.host.afterReply(() => this.host.reconnect('a new ChargingStationCertificate'));
    return { status: 'Accepted' };
  }

  /** A03: renew when the certificate in use ends within RENEW_BEFORE_MS; looked at once a day. */
  private checkExpiry(): void {
    this.host.clock.clearTimeout(this.dailyTimer);
    this.dailyTimer = this.host.clock.setTimeout(() => this.checkExpiry(), DAILY_MS);
    const end = this.host.certificates.chargingStationCertificateExpiry();
    if (end === undefined || this.pending || this.host.registration !== 'Accepted') return;
    if (end - this.host.clock.now() <= RENEW_BEFORE_MS) void this.renew(`it ends ${new Date(end).toISOString()}`);
  }
}
