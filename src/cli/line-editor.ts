/**
 * The line discipline of the charger's serial console, as a person at
 * picocom or screen expects it: typed characters are echoed, Backspace
 * (DEL or Ctrl-H) and Ctrl-U edit the line, Ctrl-C drops it, the up and down
 * arrows walk the history, Enter hands the line over. With echo off (a
 * machine at the other end, `echo off` or `json on`) nothing is echoed and
 * no prompt is drawn; the editing keys still work, so a line is the same
 * line either way.
 */
const BS = '\b \b';
const ERASE_LINE = '\r\x1b[K';

export interface LineEditorOptions {
  /** Raw bytes to the terminal. */
  write(raw: string): void;
  prompt(): string;
  /** Whether the terminal wants echo and a prompt now. */
  echo(): boolean;
  historySize?: number;
}

export class LineEditor {
  private buffer = '';
  private escape = '';
  private lastWasCr = false;
  private readonly history: string[] = [];
  /** Index into history while walking it with the arrows; history.length = the line being typed. */
  private walk = 0;
  private draft = '';

  constructor(private readonly options: LineEditorOptions) {}

  /** Feed received characters; returns the lines completed by them. */
  feed(chunk: string): string[] {
    const lines: string[] = [];
    for (const c of chunk) {
      if (this.escape) {
        this.escapeChar(c);
        continue;
      }
      if (c === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = c === '\r';
      if (c === '\r' || c === '\n') lines.push(this.enter());
      else if (c === '\x7f' || c === '\b') this.backspace();
      else if (c === '\x15') this.replace('');
      else if (c === '\x03') this.cancel();
      else if (c === '\x1b') this.escape = c;
      else if (c >= ' ' || c === '\t') this.insert(c === '\t' ? ' ' : c);
      // other control characters are dropped
    }
    return lines;
  }

  /** Draw the prompt and what is typed so far (after a reply, at connect). */
  showPrompt(): void {
    if (this.options.echo()) this.options.write(`${this.options.prompt()}${this.buffer}`);
  }

  /** Print an asynchronous line without mangling the line being typed. */
  interject(line: string): void {
    if (!this.options.echo()) {
      this.options.write(`${line}\r\n`);
      return;
    }
    this.options.write(`${ERASE_LINE}${line}\r\n`);
    this.showPrompt();
  }

  private echo(raw: string): void {
    if (this.options.echo()) this.options.write(raw);
  }

  private insert(c: string): void {
    this.buffer += c;
    this.echo(c);
  }

  private backspace(): void {
    if (!this.buffer) return;
    this.buffer = [...this.buffer].slice(0, -1).join('');
    this.echo(BS);
  }

  private replace(text: string): void {
    this.echo(BS.repeat([...this.buffer].length) + text);
    this.buffer = text;
  }

  private cancel(): void {
    this.echo('^C\r\n');
    this.buffer = '';
    this.walk = this.history.length;
    this.showPrompt();
  }

  private enter(): string {
    const line = this.buffer;
    this.echo('\r\n');
    this.buffer = '';
    if (line.trim() && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > (this.options.historySize ?? 50)) this.history.shift();
    }
    this.walk = this.history.length;
    return line;
  }

  /** ESC [ A / ESC [ B (or ESC O A/B): history; other sequences are swallowed. */
  private escapeChar(c: string): void {
    this.escape += c;
    if (this.escape.length === 2) {
      if (c !== '[' && c !== 'O') this.escape = '';
      return;
    }
    if (c >= '@' && c <= '~') {
      const key = this.escape.at(-1);
      this.escape = '';
      if (key === 'A') this.historyStep(-1);
      else if (key === 'B') this.historyStep(1);
    } else if (this.escape.length > 8) {
      this.escape = '';
    }
  }

  private historyStep(step: number): void {
    const to = this.walk + step;
    if (to < 0 || to > this.history.length) return;
    if (this.walk === this.history.length) this.draft = this.buffer;
    this.walk = to;
    this.replace(to === this.history.length ? this.draft : this.history[to]!);
  }
}
