/**
 * Who may change what on the console (issue 14). The service login unlocks
 * the destructive commands and every setting that decides which backoffice
 * the charger talks to and how it proves itself (SECURITY_SETTINGS); reading
 * stays open. Wrong passwords lock the login for a while, longer each time,
 * on the station's clock: the first FREE_ATTEMPTS are free, then 2, 4, 8 …
 * seconds up to MAX_LOCK_S, during which even the right password is refused.
 * The password is kept as a scrypt hash in the store.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';

/** Store meta key of the service password (a scrypt hash; a plain value from before 6.0.0 ng9 is still read). */
export const SERVICE_PASSWORD_KEY = 'service.password';
/** The password of a fresh station; owners change it (`login password <new>`). */
export const DEFAULT_SERVICE_PASSWORD = 'ng9service';
export const FREE_ATTEMPTS = 3;
export const MAX_LOCK_S = 300;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 64;

/** Components and variables whose writes need the service login. */
const SECURITY_COMPONENTS = new Set(['securityctrlr']);
const SECURITY_VARIABLES = new Set(['ocppcommctrlr.networkconfigurationpriority', 'ocppcommctrlr.networkprofileconnectionattempts', 'ocppcommctrlr.offlinethreshold']);

export function isSecuritySetting(component: string, variable: string): boolean {
  return SECURITY_COMPONENTS.has(component.toLowerCase()) || SECURITY_VARIABLES.has(`${component}.${variable}`.toLowerCase());
}

export interface ServiceLoginHost {
  readonly clock: Clock;
  readonly log: Logger;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** A security event for the CSMS (best effort). */
  securityEvent(type: string, techInfo: string): void;
}

export type LoginOutcome = { ok: true } | { ok: false; lockedForS?: number; why: string };

export function hashPassword(password: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

function matches(stored: string, password: string): boolean {
  const m = /^scrypt\$([0-9a-f]+)\$([0-9a-f]+)$/.exec(stored);
  if (!m) return stored === password;
  const expected = Buffer.from(m[2]!, 'hex');
  const got = scryptSync(password, Buffer.from(m[1]!, 'hex'), expected.length);
  return timingSafeEqual(expected, got);
}

export class ServiceLogin {
  private failures = 0;
  private lockedUntil = 0;

  constructor(private readonly host: ServiceLoginHost) {}

  attempt(password: string): LoginOutcome {
    const now = this.host.clock.now();
    if (now < this.lockedUntil) {
      const s = Math.ceil((this.lockedUntil - now) / 1000);
      this.host.log.warn('console', `service login refused: locked for ${s} s more`);
      return { ok: false, lockedForS: s, why: `service login locked for ${s} s after ${this.failures} wrong passwords` };
    }
    if (matches(this.host.getMeta(SERVICE_PASSWORD_KEY) ?? DEFAULT_SERVICE_PASSWORD, password)) {
      this.failures = 0;
      this.host.log.info('console', 'service login');
      return { ok: true };
    }
    this.failures++;
    const lockS = this.failures < FREE_ATTEMPTS ? 0 : Math.min(MAX_LOCK_S, 2 ** (this.failures - FREE_ATTEMPTS + 1));
    this.lockedUntil = now + lockS * 1000;
    this.host.log.warn('console', `service login refused: wrong password (${this.failures} in a row${lockS ? `, locked for ${lockS} s` : ''})`);
    if (lockS) this.host.securityEvent('InvalidServicePassword', `${this.failures} wrong service passwords on the local console, locked for ${lockS} s`);
    return { ok: false, why: lockS ? `wrong service password; locked for ${lockS} s` : 'wrong service password' };
  }

  /** Change the service password (only while logged in: the caller checks). */
  change(password: string): string | undefined {
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) return `the service password must be ${MIN_PASSWORD}..${MAX_PASSWORD} characters`;
    if (/[\x00-\x20\x7f]/.test(password)) return 'the service password may not hold spaces or control characters';
    if (password === DEFAULT_SERVICE_PASSWORD) return 'choose another password than the default';
    this.host.setMeta(SERVICE_PASSWORD_KEY, hashPassword(password));
    this.host.log.info('console', 'service password changed');
    return undefined;
  }
}
