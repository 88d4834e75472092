/**
 * Writing device-model values from the console with the validation the CSMS
 * gets (SetVariables), turning a refusal into BAD_ARGUMENT with the reason.
 */
import type { Station } from '../../station.js';
import type { SetVariableResult } from '../../model/types.js';
import { isSecuritySetting } from '../service-login.js';
import { badArgument, ConsoleError, type SessionState } from '../types.js';

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

/** Write `key` as the console; returns the result when Accepted or RebootRequired. A security setting needs the service login. */
export function writeKey(station: Station, session: SessionState, key: string, value: string): SetVariableResult {
  const def = station.model.definition(key);
  const writable = def?.attributes.some((a) => a.mutability !== 'ReadOnly') ?? false;
  if (def && writable && isSecuritySetting(def.component.name, def.variable.name) && !session.service) {
    throw new ConsoleError('DENIED', `'${key}' is a security setting: 'login service <password>' first`);
  }
  const result = station.model.setByKey(key, value, 'console');
  if (result.attributeStatus !== 'Accepted' && result.attributeStatus !== 'RebootRequired') throw badArgument(refusalText(key, result));
  return result;
}

/** Read `key`'s value (undefined when WriteOnly or unknown). */
export function readKey(station: Station, key: string): string | undefined {
  const result = station.model.getByKey(key);
  return result.attributeStatus === 'Accepted' ? result.attributeValue : undefined;
}
