import { OcppCallError } from '../ocpp/errors.js';
import type { GetVariableData, ReportBase, SetVariableData } from '../model/types.js';
import type { StationBase, OcppHost } from '../host.js';

/** What this block needs of the station. */
export interface VariablesHost extends Pick<StationBase, 'clock' | 'log' | 'model'>, Pick<OcppHost, 'actions' | 'afterReply' | 'send'> {
}

/** Report bases this firmware claims (release notes: reportBase FullInventory and ConfigurationInventory only). */
const SUPPORTED_BASES = new Set<ReportBase>(['FullInventory', 'ConfigurationInventory']);

/**
 * B05 SetVariables, B06 GetVariables, B07 GetBaseReport. Allowed while the
 * registration is Pending (B02).
 */
export class VariablesBlock {
  private reporting = false;

  constructor(private readonly station: VariablesHost) {
    station.actions.register('GetVariables', (req: { getVariableData: GetVariableData[] }) => {
      this.checkItems('GetVariables', req.getVariableData.length);
      return { getVariableResult: station.model.getVariables(req.getVariableData) };
    });
    station.actions.register('SetVariables', (req: { setVariableData: SetVariableData[] }) => {
      this.checkItems('SetVariables', req.setVariableData.length);
      return { setVariableResult: station.model.setVariables(req.setVariableData, 'csms') };
    });
    station.actions.register('GetBaseReport', (req: { requestId: number; reportBase: ReportBase }) => this.getBaseReport(req));
  }

  /** B06.FR.?/B05: more items than ItemsPerMessage is an occurrence violation of the message. */
  private checkItems(instance: 'GetVariables' | 'SetVariables', count: number): void {
    const max = this.station.model.getNumber(`DeviceDataCtrlr.ItemsPerMessage:${instance}`);
    if (count > max) throw new OcppCallError('OccurrenceConstraintViolation', `${count} items, ItemsPerMessage${instance} is ${max}`);
  }

  private getBaseReport(req: { requestId: number; reportBase: ReportBase }): { status: string } {
    if (!SUPPORTED_BASES.has(req.reportBase)) return { status: 'NotSupported' };
    if (this.reporting) return { status: 'Rejected' };
    const data = this.station.model.report(req.reportBase);
    if (data.length === 0) return { status: 'EmptyResultSet' };
    this.reporting = true;
    this.station.afterReply(() => void this.sendReport(req.requestId, data).finally(() => (this.reporting = false)));
    return { status: 'Accepted' };
  }

  private async sendReport(requestId: number, data: ReturnType<VariablesHost['model']['report']>): Promise<void> {
    const perMessage = Math.max(1, this.station.model.getNumber('DeviceDataCtrlr.ItemsPerMessage:GetReport'));
    const generatedAt = new Date(this.station.clock.now()).toISOString();
    for (let seqNo = 0, at = 0; at < data.length; seqNo++, at += perMessage) {
      const reportData = data.slice(at, at + perMessage);
      const tbc = at + perMessage < data.length;
      try {
        await this.station.send('NotifyReport', { requestId, generatedAt, seqNo, tbc, reportData });
      } catch (err) {
        this.station.log.warn('report', `NotifyReport ${requestId} part ${seqNo} not delivered: ${(err as Error).message}`);
        return;
      }
    }
  }
}
