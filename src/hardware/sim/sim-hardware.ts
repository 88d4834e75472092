import type { Clock } from '../../station/clock.js';
import type { Hardware } from '../interfaces.js';
import { SimDisplay } from './sim-display.js';
import { SimEvse } from './sim-evse.js';
import { SimModem } from './sim-modem.js';
import { SimNfcReader } from './sim-nfc.js';
import { SimP1Meter } from './sim-p1.js';

export class SimHardware implements Hardware {
  readonly evses: SimEvse[];
  readonly nfc = new SimNfcReader();
  readonly display = new SimDisplay();
  readonly modem: SimModem;
  /** A household DSMR meter; it serves telegrams only once told to (serveTcp / servePath). */
  readonly p1: SimP1Meter;
  readonly sim = this;

  /** `phaseSwitching`: the 3-phase EVSEs can limit themselves to one phase (the default). */
  constructor(clock: Clock, evseCount: number, options: { phaseSwitching?: boolean } = {}) {
    this.p1 = new SimP1Meter(clock);
    this.modem = new SimModem(clock);
    this.evses = Array.from({ length: evseCount }, (_, i) => new SimEvse(i + 1, clock, 3, 32, options.phaseSwitching ?? true));
  }

  /** Forget every listener: a hibernating station's blocks (Station.hibernate); its woken self listens anew. */
  forgetListeners(): void {
    for (const evse of this.evses) for (const list of [evse.changed, evse.evReadyChanged, evse.occupiedChanged]) list.clear();
    this.nfc.presented.clear();
    this.nfc.detectedChanged.clear();
    this.modem.registrationLost.clear();
  }

  evse(id: number): SimEvse | undefined {
    return this.evses[id - 1];
  }
}
