/**
 * Strips telnet protocol bytes (RFC 854) from what a P1-to-network converter
 * sends: option negotiation (IAC WILL/WONT/DO/DONT <opt>), sub-negotiation
 * (IAC SB ... IAC SE) and other IAC commands; IAC IAC is a literal 0xFF.
 * Stateful, so a sequence split across TCP segments is still removed.
 */
const IAC = 0xff;
const SE = 0xf0;
const SB = 0xfa;
const WILL = 0xfb;
const DONT = 0xfe;

type State = 'data' | 'iac' | 'option' | 'sub' | 'sub-iac';

export class TelnetFilter {
  private state: State = 'data';

  filter(chunk: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) {
      switch (this.state) {
        case 'data':
          if (byte === IAC) this.state = 'iac';
          else out[n++] = byte;
          break;
        case 'iac':
          if (byte === IAC) {
            out[n++] = IAC;
            this.state = 'data';
          } else if (byte >= WILL && byte <= DONT) this.state = 'option';
          else if (byte === SB) this.state = 'sub';
          else this.state = 'data';
          break;
        case 'option':
          this.state = 'data';
          break;
        case 'sub':
          if (byte === IAC) this.state = 'sub-iac';
          break;
        case 'sub-iac':
          this.state = byte === SE ? 'data' : 'sub';
          break;
      }
    }
    return out.subarray(0, n);
  }
}
