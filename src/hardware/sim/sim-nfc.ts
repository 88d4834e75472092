import { Listeners } from '../../station/listeners.js';
import type { NfcReader, TokenPresented } from '../interfaces.js';

export class SimNfcReader implements NfcReader {
  readonly presented = new Listeners<TokenPresented>();
  readonly detectedChanged = new Listeners<boolean>();
  detected = true;

  /** Present a card. Returns false when the reader is detached (nothing read). */
  swipe(idToken: string, evseId?: number): boolean {
    if (!this.detected) return false;
    this.presented.emit({ idToken, type: 'ISO14443', evseId });
    return true;
  }

  setDetected(detected: boolean): void {
    if (this.detected === detected) return;
    this.detected = detected;
    this.detectedChanged.emit(detected);
  }
}
