/**
 * A composite schedule as a small text chart of limit over time: plain
 * characters, one string per line, for the console (no colours, no terminal).
 */
import type { CompositeSchedule } from './types.js';

export interface ChartOptions {
  width?: number;
  height?: number;
}

/** `90s`, `15m`, `2h`, `1d`, `1h30m`: a short offset label. */
export function formatOffset(seconds: number): string {
  if (seconds === 0) return '0';
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h${formatOffset(seconds % 3600)}`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${seconds}s`;
}

function formatLimit(limit: number): string {
  return limit >= 1000 ? String(Math.round(limit)) : limit.toFixed(1);
}

/**
 * Columns split the duration evenly; a column shows the lowest limit within it
 * (so a short dip stays visible). Rows go from the highest limit down to 0.
 */
export function scheduleChart(schedule: CompositeSchedule, options: ChartOptions = {}): string[] {
  const width = options.width ?? 48;
  const height = options.height ?? 8;
  const periods = schedule.chargingSchedulePeriod;
  const span = Math.max(schedule.duration, 1);
  const columns: number[] = [];
  for (let c = 0; c < width; c++) {
    const from = (c * span) / width;
    const to = ((c + 1) * span) / width;
    let low = Infinity;
    periods.forEach((p, i) => {
      const end = periods[i + 1]?.startPeriod ?? Infinity;
      if (p.startPeriod < to && end > from) low = Math.min(low, p.limit);
    });
    columns.push(low === Infinity ? 0 : low);
  }
  const top = Math.max(...columns, 0);
  const labels = Array.from({ length: height }, (_, r) => formatLimit((top * (height - r)) / height));
  const labelWidth = Math.max(...labels.map((l) => l.length), formatLimit(0).length);
  const lines = [`${' '.repeat(labelWidth)}  ${schedule.chargingRateUnit}`];
  for (let r = 0; r < height; r++) {
    const threshold = (top * (height - r - 0.5)) / height;
    const bar = columns.map((v) => (top > 0 && v >= threshold ? '#' : ' ')).join('');
    lines.push(`${labels[r]!.padStart(labelWidth)} |${bar}`.trimEnd());
  }
  lines.push(`${formatLimit(0).padStart(labelWidth)} +${'-'.repeat(width)}`);
  lines.push(axisLabels(span, width, labelWidth + 2));
  return lines;
}

/** Offsets under the chart: start, end, then the quarters that fit without touching another label. */
function axisLabels(span: number, width: number, indent: number): string {
  const row = Array<string>(indent + width + 8).fill(' ');
  for (const q of [0, 4, 2, 1, 3]) {
    const label = `+${formatOffset(Math.round((span * q) / 4))}`;
    const col = Math.max(0, indent + Math.round((width * q) / 4) - (q === 4 ? label.length - 1 : q === 0 ? 0 : Math.floor(label.length / 2)));
    const cells = row.slice(Math.max(0, col - 1), col + label.length + 1);
    if (cells.some((ch) => ch !== ' ')) continue;
    for (let i = 0; i < label.length; i++) row[col + i] = label[i]!;
  }
  return row.join('').trimEnd();
}
