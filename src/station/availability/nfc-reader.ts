import type { OcppHost, StationBase } from '../host.js';
import { sendProblemEvent } from './problem-event.js';

export type NfcReaderHost = Pick<StationBase, 'clock' | 'store' | 'log' | 'model' | 'events' | 'hardware'> & Pick<OcppHost, 'send' | 'registration'>;

export type NfcReaderState = 'ok' | 'notDetected' | 'notConfigured';

const ENABLED = 'TokenReader.Enabled';
const PROBLEM = 'TokenReader.Problem';

/**
 * Release notes "Add an error state when an NFC reader is not detected but
 * is configured": a configured reader (TokenReader.Enabled) that is not
 * detected sets TokenReader.Problem, logs an error and sends the CSMS a
 * NotifyEvent; when the reader is back (or no longer configured) Problem
 * clears, with a NotifyEvent cleared. What could not be told (not accepted
 * yet, link down) is told once the station is accepted and linked again.
 */
export class NfcReaderMonitor {
  private problem = false;
  /** The Problem value the CSMS has not been told yet. */
  private untold?: boolean;

  constructor(private readonly host: NfcReaderHost) {
    host.hardware.nfc.detectedChanged.on(() => this.check());
    host.model.onChange((change) => {
      if (change.component.name === 'TokenReader' && change.variable.name === 'Enabled') this.check();
    });
    host.events.on((e) => {
      if ((e.event === 'registration' && e.status === 'Accepted') || (e.event === 'link' && e.connected)) void this.tell();
    });
  }

  /** At power-up: a reader missing from the start is a fault too. */
  begin(): void {
    this.problem = false;
    this.untold = undefined;
    this.check();
  }

  /** No reader fault, and nothing left to tell. */
  get quiet(): boolean {
    return !this.problem && this.untold === undefined;
  }

  state(): NfcReaderState {
    if (!this.enabled()) return 'notConfigured';
    return this.host.hardware.nfc.detected ? 'ok' : 'notDetected';
  }

  private enabled(): boolean {
    return this.host.model.getBoolean(ENABLED);
  }

  private check(): void {
    const state = this.state();
    const problem = state === 'notDetected';
    if (problem === this.problem) return;
    this.problem = problem;
    this.host.model.setInternal(PROBLEM, problem);
    if (problem) this.host.log.error('nfc', 'NFC reader not detected but configured (TokenReader.Enabled): no card can be read');
    else this.host.log.info('nfc', state === 'ok' ? 'NFC reader detected again: fault cleared' : 'NFC reader no longer configured (TokenReader.Enabled false): fault cleared');
    // a change the CSMS was not told yet is undone: it knows the state as it is
    this.untold = this.untold === undefined ? problem : undefined;
    void this.tell();
  }

  private async tell(): Promise<void> {
    const problem = this.untold;
    if (problem === undefined || this.host.registration !== 'Accepted') return;
    this.untold = undefined;
    const techInfo = problem ? 'NFC reader not detected' : 'NFC reader fault cleared';
    try {
      await sendProblemEvent(this.host, { name: 'TokenReader' }, problem, techInfo);
    } catch (err) {
      this.host.log.warn('nfc', `NotifyEvent TokenReader Problem ${problem} not delivered: ${(err as Error).message}`);
      this.untold ??= problem;
    }
  }
}
