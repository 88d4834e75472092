/**
 * N09 / N10 CustomerInformation: what the station holds about one customer,
 * reported in NotifyCustomerInformation parts of at most 512 characters
 * (seqNo, tbc), and cleared on request.
 *
 * The customer is named by idToken (the NG9xx keeps nothing under a
 * customerIdentifier or a customer certificate: no ISO 15118, so those
 * report that nothing is held). What it holds: the authorization cache
 * entry, the local authorization list entry, and the transactions of the
 * token in the transaction log. Clearing removes the cache entry and the
 * token from finished transactions whose events the CSMS has (their energy
 * and times stay: the CSMS bills from its own records); the local list is
 * the CSMS's own (SendLocalList changes it), so it stays and the report says
 * so.
 */
import type { IdToken, IdTokenInfo } from '../auth/types.js';
import type { OcppHost, StationBase } from '../host.js';
import type { TransactionRecord } from '../transactions/types.js';

export interface CustomerInformationHost extends Pick<StationBase, 'clock' | 'log'>, Pick<OcppHost, 'actions' | 'afterReply' | 'send'> {
  readonly auth: {
    readonly cache: { get(token: IdToken): { info: IdTokenInfo } | undefined; remove(token: IdToken): void };
    readonly localList: { get(token: IdToken): IdTokenInfo | undefined };
  };
  readonly transactions: {
    recent(limit: number): TransactionRecord[];
    forgetIdToken(transactionId: string): boolean;
  };
}

interface CustomerInformationRequest {
  requestId: number;
  report: boolean;
  clear: boolean;
  customerIdentifier?: string;
  idToken?: IdToken;
  customerCertificate?: { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string };
}

type Status = 'Accepted' | 'Rejected' | 'Invalid';

/** NotifyCustomerInformation.data: at most 512 characters a part. */
export const PART_LENGTH = 512;
/** How far back the transaction log is searched. */
const TRANSACTIONS_SEARCHED = 1000;

export class CustomerInformationBlock {
  constructor(private readonly host: CustomerInformationHost) {
    host.actions.register('CustomerInformation', (req: CustomerInformationRequest) => this.request(req));
  }

  private request(req: CustomerInformationRequest): { status: Status; statusInfo?: { reasonCode: string; additionalInfo?: string } } {
    const references = [req.idToken, req.customerIdentifier, req.customerCertificate].filter((r) => r !== undefined).length;
    // N10.FR.08: exactly one reference to the customer
    if (references !== 1) return { status: 'Invalid', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'name the customer by one of idToken, customerIdentifier, customerCertificate' } };
    if (!req.report && !req.clear) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'neither report nor clear asked' } };
    const lines = this.held(req);
    if (req.clear) lines.push(...this.clear(req));
    this.host.log.info('customer', `CustomerInformation ${req.requestId}: ${req.report ? 'report' : ''}${req.report && req.clear ? ' and ' : ''}${req.clear ? 'clear' : ''} for ${describe(req)}`);
    this.host.afterReply(() => void this.notify(req.requestId, lines.join('\n')));
    return { status: 'Accepted' };
  }

  /** What the station holds about the customer, a line each. */
  private held(req: CustomerInformationRequest): string[] {
    const token = req.idToken;
    if (!token) return [`no data held for ${describe(req)}: the NG9xx keeps customer data by idToken only`];
    const lines: string[] = [];
    const cached = this.host.auth.cache.get(token);
    if (cached) lines.push(`authorization cache: ${token.idToken} (${token.type}) ${cached.info.status}${cached.info.groupIdToken ? `, group ${cached.info.groupIdToken.idToken}` : ''}`);
    const listed = this.host.auth.localList.get(token);
    if (listed) lines.push(`local authorization list: ${token.idToken} (${token.type}) ${listed.status}`);
    for (const t of this.transactionsOf(token)) {
      lines.push(`transaction ${t.transactionId}: EVSE ${t.evseId}, ${new Date(t.startedAt).toISOString()}${t.endedAt ? ` to ${new Date(t.endedAt).toISOString()}` : ' (ongoing)'}, ${(t.energyWh / 1000).toFixed(3)} kWh${t.stoppedReason ? `, ${t.stoppedReason}` : ''}`);
    }
    return lines.length ? lines : [`no data held for ${describe(req)}`];
  }

  /** N10: remove what may be removed; lines that say what was done. */
  private clear(req: CustomerInformationRequest): string[] {
    const token = req.idToken;
    if (!token) return [];
    const done: string[] = [];
    if (this.host.auth.cache.get(token)) {
      this.host.auth.cache.remove(token);
      done.push('cleared: authorization cache entry');
    }
    const forgotten = this.transactionsOf(token).filter((t) => this.host.transactions.forgetIdToken(t.transactionId));
    if (forgotten.length) done.push(`cleared: the idToken of ${forgotten.length} finished transaction(s) (${forgotten.map((t) => t.transactionId).join(', ')})`);
    if (this.host.auth.localList.get(token)) done.push('kept: local authorization list entry (managed by the CSMS with SendLocalList)');
    return done.length ? done : ['nothing to clear'];
  }

  private transactionsOf(token: IdToken): TransactionRecord[] {
    return this.host.transactions.recent(TRANSACTIONS_SEARCHED).filter((t) => t.idToken?.idToken === token.idToken && t.idToken.type === token.type);
  }

  /** N09: the data in parts of PART_LENGTH, seqNo from 0, tbc on all but the last. */
  private async notify(requestId: number, data: string): Promise<void> {
    const parts = splitParts(data, PART_LENGTH);
    const generatedAt = new Date(this.host.clock.now()).toISOString();
    for (let seqNo = 0; seqNo < parts.length; seqNo++) {
      try {
        await this.host.send('NotifyCustomerInformation', { data: parts[seqNo]!, tbc: seqNo < parts.length - 1, seqNo, generatedAt, requestId });
      } catch (err) {
        this.host.log.warn('customer', `NotifyCustomerInformation ${requestId} part ${seqNo} not delivered: ${(err as Error).message}`);
        return;
      }
    }
  }
}

/** Cut text into parts of at most `size` characters, at line ends where a line fits. */
export function splitParts(text: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = current ? `\n${line}` : line;
    if (current.length + piece.length <= size) {
      current += piece;
      continue;
    }
    if (current) parts.push(current);
    current = line;
    while (current.length > size) {
      parts.push(current.slice(0, size));
      current = current.slice(size);
    }
  }
  parts.push(current);
  return parts;
}

function describe(req: CustomerInformationRequest): string {
  if (req.idToken) return `idToken ${req.idToken.idToken} (${req.idToken.type})`;
  if (req.customerIdentifier !== undefined) return `customerIdentifier ${req.customerIdentifier}`;
  return `customer certificate serial ${req.customerCertificate?.serialNumber}`;
}
