import type { Clock, Timer } from '../../station/clock.js';
import { Listeners } from '../../station/listeners.js';
import type { Modem, ModemAttach, ModemPower, NetworkRegistration, SimState } from '../interfaces.js';

/** How long the simulated modem takes to boot, and to find the network. */
export const SIM_MODEM_STARTUP_MS = 5_000;
export const SIM_MODEM_REGISTER_MS = 3_000;
const SIM_TRIES = 3;

/**
 * A simulated mobile modem with its SIM card. Delays run on the station
 * clock. The SIM keeps its PIN and its tries across power cycles, as a card
 * does; each power-up locks it again.
 */
export class SimModem implements Modem {
  readonly registrationLost = new Listeners<void>();
  power: ModemPower = 'off';
  registration: NetworkRegistration = 'notRegistered';
  /** The card in the slot; PIN null = no PIN lock. */
  readonly card = { inserted: true, pin: null as string | null, triesLeft: SIM_TRIES, unlocked: false };
  /** The network answers registrations with this (`modem registration deny|ok`). */
  networkAnswer: 'registered' | 'denied' = 'registered';
  /** Every PIN entered since the card went in (tests: one try only after a refusal). */
  readonly pinsEntered: string[] = [];
  /** Every APN a registration was attempted with. */
  readonly attaches: ModemAttach[] = [];
  readonly iccid = '8931440400012345678';
  readonly imsi = '204080123456789';
  private timer?: Timer;
  private waiting?: () => void;

  constructor(private readonly clock: Clock) {}

  powerOn(): Promise<void> {
    if (this.power === 'on') return Promise.resolve();
    this.cancel();
    this.power = 'starting';
    this.card.unlocked = false;
    return this.after(SIM_MODEM_STARTUP_MS, () => {
      this.power = 'on';
    });
  }

  powerOff(): void {
    this.cancel();
    this.power = 'off';
    this.registration = 'notRegistered';
    this.card.unlocked = false;
  }

  simState(): SimState {
    if (!this.card.inserted) return 'notInserted';
    if (this.card.triesLeft === 0) return 'blocked';
    return this.card.pin !== null && !this.card.unlocked ? 'pinRequired' : 'ready';
  }

  async enterPin(pin: string): Promise<boolean> {
    if (this.power !== 'on' || this.simState() !== 'pinRequired') return false;
    this.pinsEntered.push(pin);
    if (pin === this.card.pin) {
      this.card.unlocked = true;
      this.card.triesLeft = SIM_TRIES;
      return true;
    }
    this.card.triesLeft--;
    return false;
  }

  identity(): { iccid?: string; imsi?: string } {
    if (this.power !== 'on' || !this.card.inserted) return {};
    return this.simState() === 'ready' ? { iccid: this.iccid, imsi: this.imsi } : { iccid: this.iccid };
  }

  register(attach: ModemAttach): Promise<'registered' | 'denied'> {
    if (this.power !== 'on' || this.simState() !== 'ready') return Promise.resolve('denied');
    this.attaches.push({ ...attach });
    this.registration = 'searching';
    let outcome: 'registered' | 'denied' = 'denied';
    return this.after(SIM_MODEM_REGISTER_MS, () => {
      outcome = this.networkAnswer;
      this.registration = outcome;
    }).then(() => outcome);
  }

  // --- simulation controls (console `modem sim …`, `modem registration …`) ---

  /** Take the SIM out / put a card in (PIN null: no PIN lock). */
  setCard(inserted: boolean, pin: string | null = this.card.pin): void {
    this.card.inserted = inserted;
    this.card.pin = pin;
    this.card.triesLeft = SIM_TRIES;
    this.card.unlocked = false;
    this.pinsEntered.length = 0;
    if (!inserted) this.drop();
  }

  /** The network refuses (or takes again) registrations; a registration it refuses now is dropped. */
  setNetworkAnswer(answer: 'registered' | 'denied'): void {
    this.networkAnswer = answer;
    if (answer === 'denied') this.drop();
  }

  private drop(): void {
    if (this.registration !== 'registered') return;
    this.registration = 'denied';
    this.registrationLost.emit();
  }

  private after(ms: number, then: () => void): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.timer = this.clock.setTimeout(() => {
        this.timer = this.waiting = undefined;
        then();
        resolve();
      }, ms);
    });
  }

  /** Power-off mid-way: what was waiting resolves (its caller sees the modem off). */
  private cancel(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
