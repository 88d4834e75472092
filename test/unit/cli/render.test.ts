import { describe, expect, it } from 'vitest';
import { fitWidths, formatCell, renderData, renderErrorLine, renderJson, renderJsonError, renderPairs, renderTable } from '../../../src/cli/render.js';

const plain = { tty: false };
const ANSI = /\x1b\[/;

describe('formatCell', () => {
  it('renders scalars, empty values, lists and small records on one line', () => {
    expect(formatCell(null)).toBe('-');
    expect(formatCell(undefined)).toBe('-');
    expect(formatCell('Wired0')).toBe('Wired0');
    expect(formatCell(3)).toBe('3');
    expect(formatCell(false)).toBe('false');
    expect(formatCell([1, 2])).toBe('1, 2');
    expect(formatCell([])).toBe('-');
    expect(formatCell({ connected: true, url: null })).toBe('connected=true url=-');
    expect(formatCell({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
  });
});

describe('renderData', () => {
  it('says OK for a reply without data', async () => {
    expect(await renderData(null, plain)).toBe('OK');
  });

  it('renders a record as aligned key/value lines', async () => {
    const out = await renderData({ firmware: '6.0.0', bootloader: '1.2.0', serialNumber: 'NG9-0001' }, plain);
    expect(out.split('\n')).toEqual(['firmware      6.0.0', 'bootloader    1.2.0', 'serialNumber  NG9-0001']);
  });

  it('renders a list of records as a table without colour codes when not a TTY', async () => {
    const out = await renderData(
      [
        { slot: 1, interface: 'Wired0', url: 'ws://a' },
        { slot: 2, interface: 'Wireless0', url: 'wss://b', apn: 'internet' },
      ],
      plain,
    );
    expect(out).not.toMatch(ANSI);
    const lines = out.split('\n');
    expect(lines[1]).toMatch(/slot.*interface.*url.*apn/);
    expect(lines.find((l) => l.includes('Wireless0'))).toMatch(/2.*Wireless0.*wss:\/\/b.*internet/);
    // one line per row: header, 2 rows, 2 borders
    expect(lines).toHaveLength(5);
  });

  it('colours the header on a TTY', async () => {
    expect(await renderTable([{ a: 1 }], { tty: true })).toMatch(ANSI);
  });

  it('renders a record holding one list as that list', async () => {
    expect(await renderData({ lines: ['a:INFO:x:one', 'b:INFO:x:two'] }, plain)).toBe('a:INFO:x:one\nb:INFO:x:two');
    expect(await renderData({ profiles: [] }, plain)).toBe('(none)');
  });

  it('renders nested lists and records under their titles', async () => {
    const out = await renderData({ stationId: 'NG9-0001', evses: [{ evseId: 1, status: 'Available' }], start: { mask: 24, names: ['A', 'B'] } }, plain);
    const lines = out.split('\n');
    expect(lines[0]).toBe('stationId  NG9-0001');
    expect(lines).toContain('evses:');
    expect(out).toMatch(/│ 1 +│ Available │/);
    expect(out).toContain('start:\n  mask   24\n  names  A, B');
  });

  it('renders text-only replies as their lines', async () => {
    expect(await renderData({ text: ['one', 'two'] }, plain)).toBe('one\ntwo');
  });
});

describe('table width', () => {
  it('leaves tables that fit alone and narrows the widest column otherwise', () => {
    expect(fitWidths([['a', 'b']], 80)).toBeUndefined();
    const { widths } = fitWidths([['id', 'x'.repeat(100)]], 60)!;
    expect(widths.reduce((a, b) => a + b, 0) + widths.length + 1).toBeLessThanOrEqual(60);
    expect(widths[0]).toBe(4);
  });

  it('never cuts the key: on 80 columns `config` keeps every variable name whole, wraps the values, leaves columns out only when it must', async () => {
    const rows = [
      { key: 'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]', value: '10', mutability: 'ReadWrite', type: 'integer', description: 'seconds between two attempts of a transaction message' },
      { key: 'SecurityCtrlr.BasicAuthPassword', value: '(write only)', mutability: 'WriteOnly', type: 'passwordString', description: 'HTTP Basic password for security profiles 1 and 2' },
    ];
    const out = await renderTable(rows, { tty: true, width: 80 });
    const plainOut = out.replace(/\x1b\[[0-9;]*m/g, '');
    for (const line of plainOut.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(plainOut).toContain('OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]');
    expect(plainOut).toContain('SecurityCtrlr.BasicAuthPassword');
    expect(plainOut).not.toContain('…');
    const narrow = (await renderTable(rows, { tty: true, width: 70 })).replace(/\x1b\[[0-9;]*m/g, '');
    expect(narrow).toContain('OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]');
    expect(narrow).toMatch(/not shown to fit the terminal: .*description/);
  });
});

describe('errors and JSON', () => {
  it('prints one error line with the code', () => {
    expect(renderErrorLine({ code: 'BAD_ARGUMENT', message: "'x' is not a boolean" })).toBe("Error: 'x' is not a boolean (BAD_ARGUMENT)");
    expect(renderErrorLine({ code: '', message: 'cannot open /dev/ttyUSB9' })).toBe('Error: cannot open /dev/ttyUSB9');
  });

  it('prints JSON data and JSON errors', () => {
    expect(JSON.parse(renderJson({ a: 1 }))).toEqual({ a: 1 });
    expect(renderJson(undefined)).toBe('null');
    expect(JSON.parse(renderJsonError({ code: 'DENIED', message: 'no' }))).toEqual({ ok: false, error: { code: 'DENIED', message: 'no' } });
  });

  it('aligns pairs', () => {
    expect(renderPairs([['a', 1], ['long', 'x']], '  ')).toBe('  a     1\n  long  x');
  });
});

describe('pager', async () => {
  const { pagerFor } = await import('../../../src/cli/pager.js');
  const long = Array.from({ length: 138 }, (_, i) => `line ${i}`).join('\n');
  it('pages output longer than the terminal, on a terminal only, with $PAGER or less -FRX', () => {
    expect(pagerFor(long, { isTTY: true, rows: 40 }, {})).toBe('less -FRX');
    expect(pagerFor(long, { isTTY: true, rows: 40 }, { PAGER: 'more' })).toBe('more');
    expect(pagerFor(long, { isTTY: false, rows: 40 }, {})).toBeUndefined();
    expect(pagerFor('short', { isTTY: true, rows: 40 }, {})).toBeUndefined();
    expect(pagerFor(long, { isTTY: true, rows: 40 }, { NG9_PAGER: 'off' })).toBeUndefined();
  });
});
