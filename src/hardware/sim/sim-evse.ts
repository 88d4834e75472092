import type { Clock } from '../../station/clock.js';
import { Listeners } from '../../station/listeners.js';
import type { CableLock, CableSensor, Contactor, CurrentOffer, EnergyMeter, EvseHardware, MeterReading, ParkingSensor } from '../interfaces.js';

const NOMINAL_VOLTAGE = 230;

/**
 * A simulated EVSE with an EV behind it. The EV draws the lower of what the
 * EVSE offers and what it accepts itself, on its phases, while the contactor
 * is closed and it is not suspended; the meter integrates that over clock time.
 */
export class SimEvse implements EvseHardware, CableSensor, Contactor, CableLock, EnergyMeter, CurrentOffer, ParkingSensor {
  readonly changed = new Listeners<boolean>();
  readonly evReadyChanged = new Listeners<boolean>();
  readonly cable = this;
  readonly contactor = this;
  readonly lock = this;
  readonly meter = this;
  readonly current = this;
  readonly parking = this;
  readonly occupiedChanged = new Listeners<boolean>();

  plugged = false;
  occupied = false;
  closed = false;
  locked = false;
  offeredA: number;
  offeredPhases: number;
  lockFails = false;
  evMaxCurrentA = 32;
  evPhases = 3;
  evSuspended = false;
  evSoc = 20;

  private energyWh = 0;
  private lastTick: number;

  constructor(
    readonly id: number,
    private readonly clock: Clock,
    readonly phases = 3,
    readonly maxCurrentA = 32,
    readonly phaseSwitching = phases === 3,
  ) {
    this.offeredA = maxCurrentA;
    this.offeredPhases = phases;
    this.lastTick = clock.elapsed();
  }

  get evReady(): boolean {
    return this.plugged && !this.evSuspended;
  }

  plug(): void {
    if (this.plugged) return;
    this.integrate();
    this.plugged = true;
    this.changed.emit(true);
  }

  unplug(): void {
    if (!this.plugged) return;
    this.integrate();
    this.plugged = false;
    this.changed.emit(false);
  }

  setParkingOccupied(occupied: boolean): void {
    if (this.occupied === occupied) return;
    this.occupied = occupied;
    this.occupiedChanged.emit(occupied);
  }

  setEvSuspended(suspended: boolean): void {
    this.integrate();
    const before = this.evReady;
    this.evSuspended = suspended;
    if (before !== this.evReady) this.evReadyChanged.emit(this.evReady);
  }

  setEvMaxCurrent(amps: number): void {
    this.integrate();
    this.evMaxCurrentA = amps;
  }

  setEvPhases(phases: number): void {
    this.integrate();
    this.evPhases = phases;
  }

  async close(): Promise<void> {
    this.integrate();
    this.closed = true;
  }

  async open(): Promise<void> {
    this.integrate();
    this.closed = false;
  }

  async engage(): Promise<boolean> {
    if (this.lockFails) return false;
    this.locked = true;
    return true;
  }

  async release(): Promise<boolean> {
    if (this.lockFails) return false;
    this.locked = false;
    return true;
  }

  offer(amps: number, phases = this.phases): void {
    this.integrate();
    this.offeredA = Math.max(0, Math.min(amps, this.maxCurrentA));
    this.offeredPhases = this.phaseSwitching ? Math.max(1, Math.min(phases, this.phases)) : this.phases;
  }

  /** The phases the EV draws on: its own, those the EVSE has, those it offers now. */
  private drawPhases(): number {
    return Math.min(this.evPhases, this.phases, this.offeredPhases);
  }

  /** Current per phase the EV is drawing right now. */
  drawA(): number {
    if (!this.closed || !this.plugged || this.evSuspended) return 0;
    return Math.min(this.offeredA, this.evMaxCurrentA);
  }

  read(): MeterReading {
    this.integrate();
    const amps = this.drawA();
    const phases = this.drawPhases();
    const currentA: [number, number, number] = [0, 1, 2].map((p) => (p < phases ? amps : 0)) as [number, number, number];
    return {
      energyWh: Math.round(this.energyWh * 1000) / 1000,
      powerW: amps * NOMINAL_VOLTAGE * phases,
      currentA,
      voltageV: [NOMINAL_VOLTAGE, NOMINAL_VOLTAGE, NOMINAL_VOLTAGE],
    };
  }

  private integrate(): void {
    const now = this.clock.elapsed();
    const hours = (now - this.lastTick) / 3_600_000;
    this.lastTick = now;
    const phases = this.drawPhases();
    this.energyWh += this.drawA() * NOMINAL_VOLTAGE * phases * hours;
  }
}
