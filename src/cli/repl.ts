/**
 * The console REPL on node:readline. On a terminal: prompt, history, tab
 * completion of command words, colours, asynchronous lines printed above the
 * prompt, a reply longer than the screen through the pager (pager.ts). When stdin is not a TTY: plain lines in, plain replies out (no
 * prompt, no colour), each line answered before the next is sent.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pagerFor, runPager } from './pager.js';
import { colours } from './render.js';

/** What the REPL talks to: the embedded station or a charger over serial, in text mode. */
export interface ReplBackend {
  /** Command phrases for tab completion (from the station's `help`). */
  readonly phrases: string[];
  /** Send one typed line; every reply line goes to `print`; resolves true when it ended in OK. */
  send(line: string, print: (line: string) => void): Promise<boolean>;
  /** Lines that arrive outside a reply (trace, events). */
  onAsync(fn: (line: string) => void): () => void;
  /** Give up on the line under way (Ctrl-C while waiting for its reply). */
  cancel?(): void;
  close(): Promise<void>;
}

export interface ReplOptions {
  prompt: string;
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean; rows?: number };
  /** Terminal mode: prompt, editing, history, completion. */
  interactive: boolean;
  colour: boolean;
  historyFile?: string;
  historySize?: number;
}

export interface ReplResult {
  lines: number;
  errors: number;
}

/**
 * Tab completion over command phrases (`network set`, `reasons start` ...):
 * completes the word being typed, one word at a time.
 */
export function completeLine(phrases: readonly string[], line: string): [string[], string] {
  const typed = line.replace(/^\s+/, '').replace(/\s+/g, ' ').toLowerCase();
  const depth = typed.split(' ').length;
  const hits = new Set<string>();
  for (const phrase of phrases) {
    if (!phrase.startsWith(typed)) continue;
    const words = phrase.split(' ');
    if (words.length < depth) continue;
    hits.add(words.slice(0, depth).join(' '));
  }
  return [[...hits].sort(), line];
}

/**
 * Command phrases from `help` data, whatever its exact shape: strings or
 * records with `words` / `command` / `name` / `usage`, at any depth. A usage
 * such as `reasons start|stop <mask>` gives `reasons start` and `reasons stop`.
 */
export function commandPhrases(data: unknown): string[] {
  const out = new Set<string>();
  const fromUsage = (usage: string) => {
    let prefixes = [''];
    for (const token of usage.trim().split(/\s+/)) {
      if (!/^[A-Za-z0-9][\w.|-]*$/.test(token)) break;
      const alternatives = token.toLowerCase().split('|').filter(Boolean);
      if (prefixes.length * alternatives.length > 64) break;
      prefixes = prefixes.flatMap((p) => alternatives.map((a) => (p ? `${p} ${a}` : a)));
      for (const p of prefixes) out.add(p);
    }
  };
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || value === undefined) return;
    if (typeof value === 'string') return fromUsage(value);
    if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
    if (typeof value !== 'object') return;
    const rec = value as Record<string, unknown>;
    let named = false;
    if (Array.isArray(rec.words) && rec.words.every((w) => typeof w === 'string')) {
      fromUsage((rec.words as string[]).join(' '));
      named = true;
    }
    for (const key of ['words', 'command', 'name', 'usage', 'line']) {
      if (typeof rec[key] === 'string') {
        fromUsage(rec[key] as string);
        named = true;
      }
    }
    if (!named) for (const v of Object.values(rec)) if (typeof v === 'object') visit(v, depth + 1);
  };
  visit(data, 0);
  return [...out].sort();
}

function loadHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse();
  } catch {
    return [];
  }
}

/**
 * A history line with its secrets masked: the service password of
 * `login service` / `login password`, a `password` word's value (network
 * APN), and the value of a `config set` / `od set` of a password or PIN.
 */
export function maskSecrets(line: string): string {
  return line
    .replace(/^(\s*login\s+(?:service|password)\s+).+$/i, '$1***')
    .replace(/(\bpassword\s+)("[^"]*"|\S+)/gi, '$1***')
    .replace(/^(\s*(?:config|od)\s+set\s+\S*(?:password|pin)\S*\s+).+$/i, '$1***');
}

function saveHistory(file: string, history: string[], size: number): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${history.slice(0, size).map(maskSecrets).reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // history is a convenience: never fail the REPL for it
  }
}

/** Run the REPL until end of input, `exit` / `quit`, or Ctrl-C on an empty line. */
export async function runRepl(backend: ReplBackend, options: ReplOptions): Promise<ReplResult> {
  const { input, output, interactive } = options;
  const c = colours(options.colour);
  const historySize = options.historySize ?? 1000;
  const rl = readline.createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    prompt: interactive ? c.cyan(options.prompt) : '',
    completer: interactive ? (line: string) => completeLine(backend.phrases, line) : undefined,
    history: interactive ? loadHistory(options.historyFile) : [],
    historySize,
    removeHistoryDuplicates: true,
  });
  // Start consuming now: piped lines that arrive before the loop are kept.
  const lines = rl[Symbol.asyncIterator]();
  if (interactive && options.historyFile) {
    const file = options.historyFile;
    rl.on('history', (history: string[]) => saveHistory(file, history, historySize));
  }
  rl.on('SIGINT', () => {
    if (!idle && backend.cancel) {
      // Ctrl-C while a reply is awaited cancels that request, not the session.
      backend.cancel();
    } else if (rl.line) {
      // Ctrl-C on a typed line drops it, as in a shell.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
    } else {
      output.write('\n');
      rl.close();
    }
  });

  const style = (line: string) => {
    if (!options.colour) return line;
    if (line === 'OK') return c.green(line);
    if (line.startsWith('ERR ')) return c.red(line);
    return line;
  };
  let idle = false;
  const offAsync = backend.onAsync((text) => {
    if (interactive && idle) {
      readline.clearLine(output, 0);
      readline.cursorTo(output, 0);
      output.write(`${text}\n`);
      rl.prompt(true);
    } else {
      output.write(`${text}\n`);
    }
  });

  const showReply = async (text: string) => {
    const pager = pagerFor(text, output);
    if (!pager) {
      output.write(`${text}\n`);
      return;
    }
    // The pager has the terminal to itself: readline stops reading and leaves raw mode until it quits.
    const tty = input as Readable & { setRawMode?: (raw: boolean) => void };
    rl.pause();
    tty.setRawMode?.(false);
    const shown = await runPager(pager, text);
    tty.setRawMode?.(true);
    rl.resume();
    if (!shown) output.write(`${text}\n`);
  };

  const result: ReplResult = { lines: 0, errors: 0 };
  try {
    if (interactive) rl.prompt();
    idle = true;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      idle = false;
      const line = next.value.trim();
      if (/^(exit|quit)$/i.test(line)) break;
      if (line !== '') {
        result.lines++;
        // On a terminal the reply is shown whole, paged when longer than the screen; piped, line by line.
        const reply: string[] = [];
        const print = interactive ? (text: string) => reply.push(style(text)) : (text: string) => output.write(`${style(text)}\n`);
        let ok: boolean;
        try {
          ok = await backend.send(line, print);
        } catch (err) {
          // The target failed this line (a timeout, a pulled cable, Ctrl-C): say so, the session goes on.
          const e = err as { code?: string; message?: string };
          print(`ERR ${e.code ?? 'INTERNAL'} ${e.message ?? String(err)}`);
          ok = false;
        }
        if (reply.length) await showReply(reply.join('\n'));
        if (!ok) result.errors++;
      }
      if (interactive) rl.prompt();
      idle = true;
    }
  } finally {
    offAsync();
    rl.close();
  }
  return result;
}
