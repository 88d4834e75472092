/**
 * A01 SecurityCtrlr.BasicAuthPassword: besides its length (16..40, the
 * device model), only printable characters. A NUL or a line break would be
 * Accepted and then break every connect with a 401 (issue 14), so it is
 * refused at the write, from the CSMS and from the console alike.
 */
import type { DeviceModel } from '../model/device-model.js';

export const BASIC_AUTH_PASSWORD = 'SecurityCtrlr.BasicAuthPassword';

export function basicAuthPasswordProblem(value: string): { reasonCode: string; additionalInfo: string } | undefined {
  const bad = [...value].find((c) => c < ' ' || c === '\x7f');
  if (bad === undefined) return undefined;
  return { reasonCode: 'InvalidValue', additionalInfo: `the password may not hold control characters (0x${bad.charCodeAt(0).toString(16).padStart(2, '0')})` };
}

export function guardBasicAuthPassword(model: Pick<DeviceModel, 'addValidator'>): void {
  model.addValidator(BASIC_AUTH_PASSWORD, (value, source) => (source === 'station' ? undefined : basicAuthPasswordProblem(value)));
}

/**
 * A01: the password never shows in a trace or event: a SetVariables of
 * BasicAuthPassword (2.0.1) or a ChangeConfiguration of AuthorizationKey
 * (1.6) is passed on with the value as `***`. Other frames are returned as they are.
 */
export function redactPasswordFrame(raw: string): string {
  if (!raw.includes('BasicAuthPassword') && !raw.includes('AuthorizationKey')) return raw;
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return raw.replace(/("(?:attributeValue|value)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"***"');
  }
  if (!Array.isArray(frame) || frame[0] !== 2 || typeof frame[3] !== 'object' || frame[3] === null) return raw;
  const payload = frame[3] as { setVariableData?: Array<{ variable?: { name?: string }; attributeValue?: string }>; key?: string; value?: string };
  if (frame[2] === 'SetVariables' && Array.isArray(payload.setVariableData)) {
    for (const d of payload.setVariableData) if (d?.variable?.name === 'BasicAuthPassword' && 'attributeValue' in d) d.attributeValue = '***';
  } else if (frame[2] === 'ChangeConfiguration' && payload.key === 'AuthorizationKey') {
    payload.value = '***';
  } else {
    return raw;
  }
  return JSON.stringify(frame);
}
