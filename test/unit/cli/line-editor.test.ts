import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../../src/cli/line-editor.js';

function editor(echo = true) {
  const out: string[] = [];
  let on = echo;
  const ed = new LineEditor({ write: (raw) => out.push(raw), prompt: () => 'ng9:CS1> ', echo: () => on });
  return { ed, out: () => out.join(''), clear: () => (out.length = 0), setEcho: (v: boolean) => (on = v) };
}

describe('serial console line editor', () => {
  it('echoes what is typed; Backspace (DEL and Ctrl-H) removes the last character on the line and on the screen', () => {
    const t = editor();
    expect(t.ed.feed('statx\x7fus')).toEqual([]);
    expect(t.ed.feed('\r\n')).toEqual(['status']);
    expect(t.out()).toBe('statx\b \bus\r\n');
    t.clear();
    expect(t.ed.feed('netx\bwork\r')).toEqual(['network']);
    expect(t.out()).toBe('netx\b \bwork\r\n');
  });

  it('Ctrl-U clears the line, Ctrl-C drops it and shows a fresh prompt', () => {
    const t = editor();
    expect(t.ed.feed('reboot\x15log\r')).toEqual(['log']);
    expect(t.out()).toBe(`reboot${'\b \b'.repeat(6)}log\r\n`);
    t.clear();
    expect(t.ed.feed('erase all\x03')).toEqual([]);
    expect(t.out()).toBe('erase all^C\r\nng9:CS1> ');
    expect(t.ed.feed('\r')).toEqual(['']);
  });

  it('the up and down arrows walk the history (ESC [ A / ESC [ B, also split across reads)', () => {
    const t = editor();
    t.ed.feed('status\rnetwork\r');
    t.clear();
    t.ed.feed('\x1b[A');
    expect(t.out()).toBe('network');
    t.ed.feed('\x1b');
    t.ed.feed('[A');
    expect(t.ed.feed('\r')).toEqual(['status']);
    t.ed.feed('p1\x1b[A\x1b[B');
    expect(t.ed.feed('\r')).toEqual(['p1']);
    // left / right and other sequences are swallowed, never typed into the line
    expect(t.ed.feed('log\x1b[D\x1b[C\x1b[3~\r')).toEqual(['log']);
  });

  it('with echo off nothing is written back, and lines are the same lines', () => {
    const t = editor(false);
    expect(t.ed.feed('json on\r\nstatx\x7fus\n')).toEqual(['json on', 'status']);
    t.ed.showPrompt();
    expect(t.out()).toBe('');
  });

  it('an asynchronous line does not mangle the line being typed', () => {
    const t = editor();
    t.ed.feed('netw');
    t.clear();
    t.ed.interject('<< [2,"1","Reset",{}]');
    expect(t.out()).toBe('\r\x1b[K<< [2,"1","Reset",{}]\r\nng9:CS1> netw');
    expect(t.ed.feed('ork\r')).toEqual(['network']);
  });
});
