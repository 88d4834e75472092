/**
 * How `ng9 fw upload` shows its progress: on a terminal a bar with bytes,
 * rate and ETA behind ora's spinner (stderr); otherwise a plain line every
 * 10 %; with --json nothing but the cable messages.
 */
import type { UploadProgress } from './fw-upload.js';

export interface ProgressView {
  update(progress: UploadProgress): void;
  /** A message that must be seen (cable pulled, back). */
  say(line: string): void;
  stop(): void;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `[#####-----]  48%  123.0/256.0 KiB  11.2 KiB/s  ETA 0:12`; the rate counts this run's bytes only. */
export function progressLine(p: UploadProgress, seconds: number, bar?: number): string {
  const fraction = p.size ? p.acked / p.size : 1;
  const rate = seconds > 0 ? (p.acked - p.resumedFrom) / seconds : 0;
  const eta = rate > 0 ? (p.size - p.acked) / rate : Number.POSITIVE_INFINITY;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const parts = [percent, `${kib(p.acked)}/${kib(p.size)}`, `${kib(rate)}/s`, `ETA ${clock(eta)}`];
  if (bar) {
    const full = Math.round(fraction * bar);
    parts.unshift(`[${'█'.repeat(full)}${'░'.repeat(bar - full)}]`);
  }
  return parts.join('  ');
}

export async function progressView(mode: 'tty' | 'lines' | 'quiet', label: string, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<ProgressView> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (mode === 'tty') {
    const { default: ora } = await import('ora');
    const spinner = ora({ text: label, stream: process.stderr, discardStdin: false }).start();
    return {
      update: (p) => {
        const line = progressLine(p, seconds(), 24);
        // one terminal line: the label gives way first
        const room = (process.stderr.columns || 80) - line.length - 4;
        spinner.text = room > 8 ? `${label.length > room ? `…${label.slice(-(room - 1))}` : label}  ${line}` : line;
      },
      say: (line) => {
        spinner.stopAndPersist({ symbol: '⚠', text: line });
        spinner.start();
      },
      stop: () => spinner.stop(),
    };
  }
  let shown = -1;
  return {
    update: (p) => {
      if (mode === 'quiet') return;
      const tenth = Math.floor((p.size ? p.acked / p.size : 1) * 10);
      if (tenth <= shown) return;
      shown = tenth;
      write(`${label}  ${progressLine(p, seconds())}`);
    },
    say: write,
    stop: () => undefined,
  };
}
