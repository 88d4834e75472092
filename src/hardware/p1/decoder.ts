import { TelegramFramer } from './framer.js';
import { type ParseOptions, parseTelegram } from './parser.js';
import type { Telegram } from './telegram.js';

/** Bytes in, good telegrams and reasons for bad ones out. Never throws on input. */
export class TelegramDecoder {
  private framer = new TelegramFramer();

  constructor(
    private readonly onTelegram: (telegram: Telegram) => void,
    private readonly onBad: (reason: string) => void,
    private readonly options: ParseOptions = {},
  ) {}

  push(chunk: Uint8Array): void {
    for (const frame of this.framer.push(chunk)) {
      if (frame.kind === 'bad') {
        this.onBad(frame.reason);
        continue;
      }
      const result = parseTelegram(frame.bytes, this.options);
      if (result.ok) this.onTelegram(result.telegram);
      else this.onBad(result.reason);
    }
  }

  /** Forget a telegram under way (the link dropped: what follows belongs to a new stream). */
  reset(): void {
    this.framer = new TelegramFramer();
  }
}
