/**
 * Writing device-model values from the console with the validation the CSMS
 * gets (SetVariables), turning a refusal into BAD_ARGUMENT with the reason.
 */
import type { Station } from '../../station.js';
import type { SetVariableResult } from '../../model/types.js';
import { badArgument } from '../types.js';

export function refusalText(key: string, result: Pick<SetVariableResult, 'attributeStatus' | 'attributeStatusInfo'>): string {
  const info = result.attributeStatusInfo;
  const why = info?.additionalInfo ?? info?.reasonCode;
  switch (result.attributeStatus) {
    case 'UnknownComponent':
    case 'UnknownVariable':
      return `unknown key '${key}': 'config <filter>' lists the keys`;
    case 'NotSupportedAttributeType':
      return `'${key}' cannot be written that way${why ? `: ${why}` : ''}`;
    default:
      return `'${key}' rejected${why ? `: ${why}` : ''}`;
  }
}

/** Write `key` as the console; returns the result when Accepted or RebootRequired. */
export function writeKey(station: Station, key: string, value: string): SetVariableResult {
  const result = station.model.setByKey(key, value, 'console');
  if (result.attributeStatus !== 'Accepted' && result.attributeStatus !== 'RebootRequired') throw badArgument(refusalText(key, result));
  return result;
}

/** Read `key`'s value (undefined when WriteOnly or unknown). */
export function readKey(station: Station, key: string): string | undefined {
  const result = station.model.getByKey(key);
  return result.attributeStatus === 'Accepted' ? result.attributeValue : undefined;
}
