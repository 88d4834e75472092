import type { Clock } from '../../station/clock.js';
import type { Hardware } from '../interfaces.js';
import { SimEvse } from './sim-evse.js';
import { SimNfcReader } from './sim-nfc.js';

export class SimHardware implements Hardware {
  readonly evses: SimEvse[];
  readonly nfc = new SimNfcReader();
  readonly sim = this;

  constructor(clock: Clock, evseCount: number) {
    this.evses = Array.from({ length: evseCount }, (_, i) => new SimEvse(i + 1, clock));
  }

  evse(id: number): SimEvse | undefined {
    return this.evses[id - 1];
  }
}
