/**
 * I01–I06 tariff and cost on the display (the release notes' advanced UI:
 * tariff and cost only), under the TariffCostCtrlr variables: Enabled[Tariff]
 * for I01 (the driver's tariff from idTokenInfo.personalMessage), I04
 * (TariffFallbackMessage when none came) and I06 (updatedPersonalMessage);
 * Enabled[Cost] for I02 (the running total: TransactionEventResponse.totalCost,
 * CostUpdated), I03 (the final total) and I05 (TotalCostFallbackMessage when
 * the final total cannot come). Release notes: the transaction's summary is
 * shown when it stops, whatever the stop reason (EVDisconnected too).
 */
import type { AuthDecided, IdTokenInfo } from '../auth/types.js';
import type { OcppHost, StationBase } from '../host.js';
import type { Listeners } from '../listeners.js';
import type { CostUpdate, EventAnswered, TransactionSummary } from '../transactions/types.js';
import type { Screen } from './screen.js';

type MessageContent = NonNullable<IdTokenInfo['personalMessage']>;

export interface TariffCostHost extends Pick<StationBase, 'model'>, Pick<OcppHost, 'connected'> {
  readonly screen: Pick<Screen, 'show'>;
  readonly auth: { readonly decided: Listeners<AuthDecided> };
  readonly transactions: {
    readonly ended: Listeners<TransactionSummary>;
    readonly eventAnswered: Listeners<EventAnswered>;
    readonly costUpdated: Listeners<CostUpdate>;
  };
}

export class TariffCostBlock {
  constructor(private readonly host: TariffCostHost) {
    host.auth.decided.on((d) => this.authorized(d));
    host.transactions.eventAnswered.on((a) => this.answered(a));
    host.transactions.costUpdated.on((c) => this.cost(c.evseId, c.totalCost, false));
    host.transactions.ended.on((t) => this.ended(t));
  }

  private get tariffShown(): boolean {
    return this.host.model.getBoolean('TariffCostCtrlr.Enabled:Tariff');
  }

  private get costShown(): boolean {
    return this.host.model.getBoolean('TariffCostCtrlr.Enabled:Cost');
  }

  /** I01 / I04: a token was accepted: its tariff, or the fallback tariff. */
  private authorized(d: AuthDecided): void {
    if (d.idTokenInfo.status !== 'Accepted' || !this.tariffShown) return;
    if (d.idTokenInfo.personalMessage) return this.personal(d.idTokenInfo.personalMessage, d.evseId);
    const fallback = this.host.model.getString('TariffCostCtrlr.TariffFallbackMessage');
    if (fallback) this.host.screen.show({ text: fallback, kind: 'tariff', evseId: d.evseId });
  }

  private answered(a: EventAnswered): void {
    const r = a.response;
    if (!r) return;
    // I06: a tariff that changes during the transaction
    if (r.updatedPersonalMessage && this.tariffShown) this.personal(r.updatedPersonalMessage, a.evseId);
    else if (r.idTokenInfo?.personalMessage && this.tariffShown && a.eventType === 'Started') this.personal(r.idTokenInfo.personalMessage, a.evseId);
    if (a.eventType === 'Ended') {
      // I03, or I05 when the CSMS gives no total
      if (r.totalCost !== undefined) this.cost(a.evseId, r.totalCost, true);
      else this.costFallback(a.evseId);
    } else if (r.totalCost !== undefined) {
      this.cost(a.evseId, r.totalCost, false);
    }
  }

  /** Release notes: what the transaction was, shown when it stops; I05 when the CSMS cannot be asked for the total. */
  private ended(t: TransactionSummary): void {
    const minutes = t.endedAt !== undefined ? Math.round((t.endedAt - t.startedAt) / 60_000) : undefined;
    const duration = minutes === undefined ? '' : ` in ${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} h`;
    this.host.screen.show({ text: `Charging ended${t.stoppedReason ? ` (${t.stoppedReason})` : ''}: ${(t.energyWh / 1000).toFixed(2)} kWh${duration}`, kind: 'transaction', evseId: t.evseId });
    if (!this.host.connected) this.costFallback(t.evseId);
  }

  private cost(evseId: number | undefined, totalCost: number, final: boolean): void {
    if (!this.costShown) return;
    const currency = this.host.model.getString('TariffCostCtrlr.Currency');
    this.host.screen.show({ text: `${final ? 'Total cost' : 'Cost so far'}: ${totalCost.toFixed(2)} ${currency}`, kind: 'cost', evseId });
  }

  private costFallback(evseId: number | undefined): void {
    const message = this.host.model.getString('TariffCostCtrlr.TotalCostFallbackMessage');
    if (this.costShown && message) this.host.screen.show({ text: message, kind: 'cost', evseId });
  }

  private personal(message: MessageContent, evseId: number | undefined): void {
    this.host.screen.show({ text: textOf(message), kind: 'tariff', evseId, language: message.language });
  }
}

/** A MessageContent as screen text: HTML without its tags, a URI as a pointer to it. */
export function textOf(m: MessageContent): string {
  if (m.format === 'HTML') return m.content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  if (m.format === 'URI') return `See ${m.content}`;
  return m.content;
}
