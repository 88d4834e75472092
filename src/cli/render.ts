/**
 * Turning a reply's `data` into what a technician reads: lists of records as
 * cli-table3 tables, a record as aligned `key  value` lines, nested lists as
 * titled tables. No colour codes unless stdout is a TTY (cli-table3 would
 * colour its header and border even in a pipe: style {head: [], border: []}).
 */
import type { ReplyError } from './target.js';

export interface RenderOptions {
  /** Colours and table styling for a terminal. */
  tty: boolean;
  /** Terminal width: wide tables wrap to fit (TTY only). */
  width?: number;
}

type Row = Record<string, unknown>;
type TableCtor = typeof import('cli-table3');

let tableCtor: TableCtor | undefined;

async function loadTable(): Promise<TableCtor> {
  tableCtor ??= ((await import('cli-table3')) as unknown as { default: TableCtor }).default;
  return tableCtor;
}

export function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

/** One value as table cell / record text. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every(isScalar)) return value.length ? value.map(formatCell).join(', ') : '-';
  if (isRecord(value) && Object.values(value).every(isScalar)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${formatCell(v)}`)
      .join(' ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A value that renders on one line (scalars, lists of scalars, flat small records). */
function isInline(value: unknown): boolean {
  if (isScalar(value)) return true;
  if (Array.isArray(value)) return value.every(isScalar) && formatCell(value).length <= 80;
  return isRecord(value) && Object.keys(value).length <= 4 && Object.values(value).every(isScalar) && formatCell(value).length <= 80;
}

/** Column names of a list of records: keys in order of first appearance. */
export function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** No line between body rows: one row per line, greppable. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** How a table fits the terminal: the width of each column kept, the first `columns` columns. */
export interface Fit {
  widths: number[];
  columns: number;
}

/** The narrowest a wrapped column gets (cell padding included); never narrower than its header. */
const MIN_COLUMN = 10;

/**
 * Column widths that fit `maxWidth` (the terminal); undefined when the
 * natural widths fit. The first column (the key: a variable name, a slot)
 * keeps its full width; the others are narrowed, widest first, and wrap;
 * when even that is too wide, columns are left out from the right.
 */
export function fitWidths(cells: string[][], maxWidth: number): Fit | undefined {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)) + 2);
  const least = cells[0]!.map((head) => Math.max(MIN_COLUMN, Math.min(head.length + 2, 20)));
  const total = () => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
  if (total() <= maxWidth) return undefined;
  for (;;) {
    while (total() > maxWidth) {
      // the widest column that may still give way (never the first)
      let widest = -1;
      for (let i = 1; i < widths.length; i++) if (widths[i]! > least[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      if (widest < 0) break;
      widths[widest]!--;
    }
    if (total() <= maxWidth || widths.length <= 2) return { widths, columns: widths.length };
    widths.pop();
  }
}

export async function renderTable(rows: Row[], options: RenderOptions, columns = columnsOf(rows)): Promise<string> {
  const Table = await loadTable();
  const body = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const fit = options.tty && options.width ? fitWidths([columns, ...body], options.width) : undefined;
  const kept = fit?.columns ?? columns.length;
  // Our own colour decision (TTY, NO_COLOR): cli-table3's would also turn colour off under CI=true.
  const cyan = colours(useColour({ isTTY: options.tty })).cyan;
  const table = new Table({
    head: columns.slice(0, kept).map(cyan),
    chars: COMPACT,
    style: { head: [], border: [] },
    // wrap inside words too: a long value is broken over lines, never cut
    ...(fit ? { colWidths: fit.widths, wordWrap: true, wrapOnWordBoundary: false } : {}),
  });
  for (const cells of body) table.push(cells.slice(0, kept));
  const left = columns.slice(kept);
  if (!left.length) return table.toString();
  return `${table.toString()}\n${wrapWords(`(not shown to fit the terminal: ${left.join(', ')} — widen it or use --json)`, options.width!)}`;
}

/** Break text into lines of at most `width` characters at spaces. */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** `key  value` lines with the values aligned. */
export function renderPairs(pairs: Array<[string, unknown]>, indent = ''): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)}  ${formatCell(v)}`).join('\n');
}

/**
 * Render any reply data: null → `OK`; a scalar → itself; a list of records →
 * a table; a record holding one list → that list; other records → aligned
 * pairs for their one-line values, then each list or nested record under its
 * own title.
 */
export async function renderData(data: unknown, options: RenderOptions, indent = ''): Promise<string> {
  if (data === null || data === undefined) return `${indent}OK`;
  if (isScalar(data)) return `${indent}${formatCell(data)}`;
  if (Array.isArray(data)) {
    if (data.length === 0) return `${indent}(none)`;
    if (data.every(isRecord)) return indentBlock(await renderTable(data as Row[], options), indent);
    if (data.every(isScalar)) return data.map((v) => `${indent}${formatCell(v)}`).join('\n');
    return (await Promise.all(data.map((v) => renderData(v, options, indent)))).join('\n');
  }
  const record = data as Row;
  const keys = Object.keys(record);
  // { text: [...] }: a reply that only has text lines.
  if (keys.length === 1 && keys[0] === 'text' && Array.isArray(record.text) && record.text.every((t) => typeof t === 'string')) {
    return (record.text as string[]).map((t) => `${indent}${t}`).join('\n');
  }
  // { lines: [...] }, { profiles: [...] }: the one list is the reply.
  if (keys.length === 1 && (Array.isArray(record[keys[0]!]) || !isInline(record[keys[0]!]))) return renderData(record[keys[0]!], options, indent);
  const parts: string[] = [];
  const inline = keys.filter((k) => isInline(record[k])).map((k) => [k, record[k]] as [string, unknown]);
  if (inline.length) parts.push(renderPairs(inline, indent));
  for (const key of keys) {
    const value = record[key];
    if (isInline(value)) continue;
    const title = options.tty ? `\x1b[1m${key}\x1b[22m` : key;
    parts.push(`${indent}${title}:\n${await renderData(value, options, `${indent}  `)}`);
  }
  return parts.join('\n');
}

function indentBlock(text: string, indent: string): string {
  return indent ? text.split('\n').map((l) => indent + l).join('\n') : text;
}

/** `--json` output: the reply's data. */
export function renderJson(data: unknown): string {
  return JSON.stringify(data ?? null, null, 2);
}

/** `--json` output of a failed request. */
export function renderJsonError(error: ReplyError): string {
  return JSON.stringify({ ok: false, error: { code: error.code, message: error.message } });
}

/** The one stderr line of a failed request. */
export function renderErrorLine(error: ReplyError): string {
  return error.code ? `Error: ${error.message} (${error.code})` : `Error: ${error.message}`;
}

/** ANSI helpers for the REPL; identity when colour is off. */
export function colours(enabled: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), cyan: wrap(36, 39), bold: wrap(1, 22), yellow: wrap(33, 39) };
}

/** Colour for this stream: a TTY, and NO_COLOR not set. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}
