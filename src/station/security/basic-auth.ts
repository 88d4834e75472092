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
