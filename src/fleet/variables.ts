/**
 * A scenario's `variables`: device-model values written on a station before
 * it powers up, as a technician would with `config set` (e.g.
 * SampledDataCtrlr.TxUpdatedInterval = 30 for meter values every 30 s).
 */
import type { DeviceModel } from '../station/model/device-model.js';

/** Write each value; the problems, one line each (none: all Accepted). */
export function applyVariables(model: Pick<DeviceModel, 'setByKey'>, variables: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const r = model.setByKey(key, value, 'console');
    if (r.attributeStatus === 'Accepted' || r.attributeStatus === 'RebootRequired') continue;
    const info = r.attributeStatusInfo ? ` (${[r.attributeStatusInfo.reasonCode, r.attributeStatusInfo.additionalInfo].filter(Boolean).join(': ')})` : '';
    problems.push(`variables: ${key} = ${JSON.stringify(value)}: ${r.attributeStatus}${info}`);
  }
  return problems;
}
