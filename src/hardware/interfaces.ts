/**
 * What the engine needs from the charger's hardware. Real drivers and the
 * simulated ones in ./sim implement these; the engine sees nothing else.
 */
import type { Listeners } from '../station/listeners.js';

/** Control pilot view of the vehicle side of one connector. */
export interface CableSensor {
  readonly plugged: boolean;
  readonly changed: Listeners<boolean>;
  /** EV asks for energy (pilot state C) or pauses (state B while plugged). */
  readonly evReady: boolean;
  readonly evReadyChanged: Listeners<boolean>;
}

/** Parking bay occupancy sensor (TxStartPoint ParkingBayOccupancy). */
export interface ParkingSensor {
  readonly occupied: boolean;
  readonly occupiedChanged: Listeners<boolean>;
}

export interface Contactor {
  readonly closed: boolean;
  close(): Promise<void>;
  open(): Promise<void>;
}

export interface CableLock {
  readonly locked: boolean;
  /** Resolves false when the lock did not engage/release (G05 lock failure). */
  engage(): Promise<boolean>;
  release(): Promise<boolean>;
}

export interface MeterReading {
  energyWh: number;
  powerW: number;
  currentA: [number, number, number];
  voltageV: [number, number, number];
}

export interface EnergyMeter {
  read(): MeterReading;
}

/** The PWM current the EVSE offers the EV (the limit it may draw), and on how many phases. */
export interface CurrentOffer {
  readonly offeredA: number;
  readonly offeredPhases: number;
  /** `phases` below the EVSE's own only where it can switch (EvseHardware.phaseSwitching). */
  offer(amps: number, phases?: number): void;
}

export interface EvseHardware {
  readonly id: number;
  readonly cable: CableSensor;
  readonly contactor: Contactor;
  readonly lock: CableLock;
  readonly meter: EnergyMeter;
  readonly current: CurrentOffer;
  readonly parking: ParkingSensor;
  readonly phases: number;
  /** A 3-phase EVSE that can limit itself to one phase (a contactor for L2 and L3). */
  readonly phaseSwitching: boolean;
  readonly maxCurrentA: number;
}

export interface TokenPresented {
  idToken: string;
  type: 'ISO14443' | 'ISO15693' | 'Central' | 'KeyCode' | 'Local';
  evseId?: number;
}

export interface NfcReader {
  /** False when configured but not detected (release notes: an error state). */
  readonly detected: boolean;
  readonly presented: Listeners<TokenPresented>;
  readonly detectedChanged: Listeners<boolean>;
}

/** One screen of the charger's display (I01–I06: tariff and cost, and the transaction). */
export interface DisplayMessage {
  text: string;
  /** What it is about: tariff, cost, transaction, … */
  kind: string;
  evseId?: number;
  /** RFC 5646 language of the text, when the CSMS gave one. */
  language?: string;
}

export interface Display {
  show(message: DisplayMessage): void;
}

export type ModemPower = 'off' | 'starting' | 'on';
/** The SIM as the modem reports it (AT+CPIN?): blocked = needs the PUK after 3 wrong PINs. */
export type SimState = 'ready' | 'pinRequired' | 'notInserted' | 'blocked';
export type NetworkRegistration = 'notRegistered' | 'searching' | 'registered' | 'denied';

/** What the modem attaches with: the network profile's APN (OCPP 2.0.1 APNType, without the PIN). */
export interface ModemAttach {
  apn: string;
  userName?: string;
  password?: string;
  authentication: 'CHAP' | 'NONE' | 'PAP' | 'AUTO';
  preferredNetwork?: string;
  useOnlyPreferredNetwork?: boolean;
}

/** The mobile modem behind network interface Wireless0. */
export interface Modem {
  readonly power: ModemPower;
  readonly registration: NetworkRegistration;
  /** Power up; resolves once the modem answers (power 'on'). */
  powerOn(): Promise<void>;
  /** Power down (drops any registration). */
  powerOff(): void;
  simState(): SimState;
  /** One PIN try (AT+CPIN=<pin>): true when the SIM took it. Each false costs one of the SIM's 3 tries. */
  enterPin(pin: string): Promise<boolean>;
  /** The SIM's ICCID (readable once inserted) and IMSI (once unlocked). */
  identity(): { iccid?: string; imsi?: string };
  /** One registration attempt on the mobile network. */
  register(attach: ModemAttach): Promise<'registered' | 'denied'>;
  /** The network dropped a registration the modem had. */
  readonly registrationLost: Listeners<void>;
}

export interface Hardware {
  readonly evses: readonly EvseHardware[];
  readonly nfc: NfcReader;
  /** The screen, if the charger has one. */
  readonly display?: Display;
  /** The mobile modem (Wireless0); absent on a charger without one. */
  readonly modem?: Modem;
  /** Present when the hardware is simulated: the console's simulation commands drive it. */
  readonly sim?: import('./sim/sim-hardware.js').SimHardware;
}
