import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.js';
import { commandPhrases, completeLine, maskSecrets, type ReplBackend, runRepl } from '../../../src/cli/repl.js';

const PHRASES = ['help', 'network', 'network priority', 'network remove', 'network set', 'reasons', 'reasons start', 'reasons stop', 'json on', 'json off', 'json'];

describe('tab completion', () => {
  it('completes the word being typed, one word at a time', () => {
    expect(completeLine(PHRASES, 'net')).toEqual([['network'], 'net']);
    expect(completeLine(PHRASES, 'network ')[0]).toEqual(['network priority', 'network remove', 'network set']);
    expect(completeLine(PHRASES, 'network p')[0]).toEqual(['network priority']);
    expect(completeLine(PHRASES, 'NETWORK S')[0]).toEqual(['network set']);
    expect(completeLine(PHRASES, 'xyz')[0]).toEqual([]);
  });

  it('reads command phrases from help data', () => {
    const help = {
      commands: [
        { command: 'network set', usage: 'network set <slot 0..3> <Wired0|Wireless0> <url>', summary: 'write a profile' },
        { command: 'reasons', usage: 'reasons start|stop <mask|NAME[,NAME]>', summary: 'tx points' },
        { command: 'json', usage: 'json on|off', summary: 'machine mode' },
        { command: 'date', usage: 'date [yyyy-mm-dd hh:mm:ss]', summary: 'clock' },
      ],
    };
    const phrases = commandPhrases(help);
    expect(phrases).toEqual(expect.arrayContaining(['network', 'network set', 'reasons', 'reasons start', 'reasons stop', 'json on', 'json off', 'date']));
    expect(phrases.some((p) => p.includes('<') || p.includes('['))).toBe(false);
    expect(commandPhrases({ commands: [{ words: ['p1', 'dump'] }] })).toEqual(['p1', 'p1 dump']);
  });
});

function fakeBackend(answers: Record<string, string[]>): ReplBackend & { sent: string[]; emit(line: string): void } {
  const listeners = new Set<(line: string) => void>();
  const sent: string[] = [];
  return {
    phrases: ['help'],
    sent,
    emit: (line) => listeners.forEach((fn) => fn(line)),
    async send(line, print) {
      sent.push(line);
      await new Promise((r) => setTimeout(r, 5));
      const reply = answers[line] ?? [`ERR UNKNOWN_COMMAND unknown command '${line}'`];
      reply.forEach(print);
      return reply[reply.length - 1] === 'OK';
    },
    onAsync(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {},
  };
}

describe('REPL with piped input', () => {
  it('answers each line in order: no prompt, no colour, counts the errors', async () => {
    const backend = fakeBackend({ network: ['slot 1 Wired0', 'OK'], reasons: ['start 0x18', 'OK'] });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d));
    input.end('network\n\n  reasons  \nbogus\n');
    const result = await runRepl(backend, { prompt: 'ng9:X> ', input, output, interactive: false, colour: false });
    expect(backend.sent).toEqual(['network', 'reasons', 'bogus']);
    expect(text).toBe("slot 1 Wired0\nOK\nstart 0x18\nOK\nERR UNKNOWN_COMMAND unknown command 'bogus'\n");
    expect(result).toEqual({ lines: 3, errors: 1 });
  });

  it('stops at exit and prints asynchronous lines', async () => {
    const backend = fakeBackend({ status: ['OK'] });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d));
    const done = runRepl(backend, { prompt: '> ', input, output, interactive: false, colour: false });
    backend.emit('>> [2,"1","Heartbeat",{}]');
    input.write('status\nexit\nstatus\n');
    const result = await done;
    expect(result.lines).toBe(1);
    expect(text).toContain('>> [2,"1","Heartbeat",{}]\n');
  });

  it('a line the target fails (timeout, pulled cable) prints an ERR line and the session goes on', async () => {
    const backend = fakeBackend({ status: ['OK'] });
    const send = backend.send.bind(backend);
    backend.send = async (line, print) => {
      if (line === 'slow') throw Object.assign(new Error("no reply within 10 s to 'slow'"), { code: 'TIMEOUT' });
      return send(line, print);
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d));
    input.end('slow\nstatus\n');
    const result = await runRepl(backend, { prompt: '> ', input, output, interactive: false, colour: false });
    expect(text).toBe("ERR TIMEOUT no reply within 10 s to 'slow'\nOK\n");
    expect(result).toEqual({ lines: 2, errors: 1 });
  });
});

describe('history file', () => {
  it('masks secrets: service password, APN password, password and PIN variables', () => {
    expect(maskSecrets('login service s3cret')).toBe('login service ***');
    expect(maskSecrets('login password n3w-pass')).toBe('login password ***');
    expect(maskSecrets('network set 2 Wireless0 wss://x sp 2 apn internet user bob password "p w"')).toBe('network set 2 Wireless0 wss://x sp 2 apn internet user bob password ***');
    expect(maskSecrets('config set SecurityCtrlr.BasicAuthPassword 0123456789abcdef')).toBe('config set SecurityCtrlr.BasicAuthPassword ***');
    expect(maskSecrets('network')).toBe('network');
    expect(maskSecrets('config set HeartbeatInterval 60')).toBe('config set HeartbeatInterval 60');
  });
});

describe('REPL on a terminal', () => {
  const pagerBefore = process.env.NG9_PAGER;
  afterEach(() => {
    if (pagerBefore === undefined) delete process.env.NG9_PAGER;
    else process.env.NG9_PAGER = pagerBefore;
  });

  /** A terminal of `rows` lines: the REPL's prompt and echo go to it, and the pager's output to `paged`. */
  function terminal(rows: number) {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { isTTY: true, rows, columns: 80 });
    let text = '';
    output.on('data', (d) => (text += d));
    return { input, output, text: () => text };
  }

  it('a reply longer than the screen goes through the pager; a short one is printed', async () => {
    const paged = join(mkdtempSync(join(tmpdir(), 'ng9-pager-')), 'paged.txt');
    process.env.NG9_PAGER = `cat > '${paged}'`;
    const long = Array.from({ length: 30 }, (_, i) => `OCPPCommCtrlr.Key${i}  ${i}`);
    const backend = fakeBackend({ config: [...long, 'OK'], status: ['registration Accepted', 'OK'] });
    const t = terminal(10);
    const done = runRepl(backend, { prompt: '> ', input: t.input, output: t.output, interactive: true, colour: false });
    t.input.write('config\r');
    await waitFor(() => t.text().includes('> ') && t.text().lastIndexOf('> ') > t.text().indexOf('config'), 'the prompt after the paged reply');
    t.input.write('status\r');
    await waitFor(() => t.text().includes('registration Accepted'), 'the status reply');
    t.input.end();
    const result = await done;
    expect(result).toEqual({ lines: 2, errors: 0 });
    expect(readFileSync(paged, 'utf8')).toBe(`${long.join('\n')}\nOK\n`);
    expect(t.text()).not.toContain('OCPPCommCtrlr.Key0');
    expect(t.text()).toContain('registration Accepted\nOK\n');
  });

  it('with NG9_PAGER=off a long reply is printed as it is', async () => {
    process.env.NG9_PAGER = 'off';
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const backend = fakeBackend({ config: [...long, 'OK'] });
    const t = terminal(10);
    const done = runRepl(backend, { prompt: '> ', input: t.input, output: t.output, interactive: true, colour: false });
    t.input.write('config\r');
    await waitFor(() => t.text().includes('line 29'), 'the reply');
    t.input.end();
    await done;
    expect(t.text()).toContain(`${long.join('\n')}\nOK\n`);
  });
});
