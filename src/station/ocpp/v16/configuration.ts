/**
 * OCPP 1.6 ChangeConfiguration and GetConfiguration over the device model,
 * through the 1.6 key map (model/keys.ts), with the validation SetVariables
 * has. Release notes 6.0.0:
 *  - a boolean key takes only (case-insensitive) true and false; anything
 *    else is Rejected (it used to be read as false);
 *  - the network keys (ProtocolName, SecurityProfile, BackOffice-*, APN-*,
 *    ...) "are not functioning anymore": ChangeConfiguration NotSupported,
 *    GetConfiguration lists them as unknownKey.
 * GetConfiguration reports booleans as 1.6 does, lowercase `true`/`false`:
 * the release-notes capitalization (True/False) is about 2.0.1 GetVariables.
 */
import type { DeviceModel } from '../../model/device-model.js';
import { OCPP16_KEYS, lookupOcpp16, REMOVED_OCPP16_KEYS } from '../../model/keys.js';

export type ChangeConfigurationStatus = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

export interface ConfigurationKey {
  key: string;
  readonly: boolean;
  value?: string;
}

/** GetConfiguration.conf value: CiString500 in the spec, 1000 in the JSON schema; the schema bounds what goes out. */
const VALUE_MAX_LENGTH = 1000;

const removed = (key: string): boolean => REMOVED_OCPP16_KEYS.some((k) => k.toLowerCase() === key.trim().toLowerCase());

export function changeConfiguration(model: DeviceModel, key: string, value: string): { status: ChangeConfigurationStatus; why?: string } {
  if (removed(key)) return { status: 'NotSupported', why: `${key} was removed in firmware 6.0.0 (network profiles replace it)` };
  const known = lookupOcpp16(key);
  if (!known) return { status: 'NotSupported', why: `unknown key ${key}` };
  const def = model.definition(known.key);
  if (!def) return { status: 'NotSupported', why: `${known.key} is not in this station's device model` };
  const result = model.setByKey(known.key, value, 'csms');
  switch (result.attributeStatus) {
    case 'Accepted':
      return { status: 'Accepted' };
    case 'RebootRequired':
      return { status: 'RebootRequired' };
    case 'UnknownComponent':
    case 'UnknownVariable':
    case 'NotSupportedAttributeType':
      return { status: 'NotSupported', why: result.attributeStatus };
    default:
      return { status: 'Rejected', why: result.attributeStatusInfo?.additionalInfo ?? result.attributeStatusInfo?.reasonCode };
  }
}

export function getConfiguration(model: DeviceModel, keys: readonly string[] | undefined): { configurationKey: ConfigurationKey[]; unknownKey?: string[] } {
  const configurationKey: ConfigurationKey[] = [];
  const unknownKey: string[] = [];
  const wanted = keys?.length ? keys : Object.keys(OCPP16_KEYS);
  const seen = new Set<string>();
  for (const asked of wanted) {
    const known = removed(asked) ? undefined : lookupOcpp16(asked);
    const entry = known && readKey(model, known.key);
    if (!entry) {
      // Listing everything: keys this model does not have are simply not there.
      if (keys?.length) unknownKey.push(asked);
      continue;
    }
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    configurationKey.push(entry);
  }
  return unknownKey.length ? { configurationKey, unknownKey } : { configurationKey };
}

function readKey(model: DeviceModel, key16: string): ConfigurationKey | undefined {
  const def = model.definition(key16);
  if (!def) return undefined;
  const actual = def.attributes.find((a) => a.type === 'Actual') ?? def.attributes[0];
  const entry: ConfigurationKey = { key: key16, readonly: actual?.mutability === 'ReadOnly' };
  // A write-only key (AuthorizationKey) is listed without its value.
  if (actual?.mutability === 'WriteOnly') return entry;
  const got = model.getByKey(key16);
  if (got.attributeStatus !== 'Accepted') return entry;
  const value = got.attributeValue ?? '';
  entry.value = (def.dataType === 'boolean' ? value.toLowerCase() : value).slice(0, VALUE_MAX_LENGTH);
  return entry;
}
