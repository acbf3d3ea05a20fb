/** Small helpers shared by the benchmarks: timing, order statistics, the results table. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export const now = (): number => performance.now();

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
export const p95 = (values: readonly number[]): number => quantile(values, 0.95);

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
}

export const machine: Machine = { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, node: process.version };

export interface Result {
  metric: string;
  value: number;
  unit: string;
  /** What the value is compared with, in words (the other tool's figure, or the target). */
  comparison: string;
  /** value / comparison value (undefined when there is no numeric comparison). */
  ratio: number | null;
  /** Target, in words, and whether it is met. */
  target?: string;
  met?: boolean;
  machine: Machine;
}

export class Results {
  readonly rows: Result[] = [];

  add(row: Omit<Result, 'machine'>): void {
    const full = { ...row, machine };
    this.rows.push(full);
    console.error(`  ${row.metric}: ${format(row.value, row.unit)}${row.comparison ? `  vs ${row.comparison}` : ''}`);
  }

  table(): string {
    const header = ['metric', 'value', 'comparison', 'ratio', 'target'];
    const body = this.rows.map((r) => [
      r.metric,
      format(r.value, r.unit),
      r.comparison,
      r.ratio === null ? '' : `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}x`,
      r.target ? `${r.target} ${r.met === undefined ? '' : r.met ? 'MET' : 'MISSED'}` : '',
    ]);
    const rows = [header, ...body];
    const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    const line = (row: string[]) => '| ' + row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ') + ' |';
    return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
  }
}

export function format(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

export const ms = (value: number): string => format(value, 'ms');

/**
 * CPU time the hypervisor gave to other machines ("steal", /proc/stat), as a share of all CPU time since `since`:
 * on a shared virtual machine it shows up as slow outliers in every latency figure. Undefined off Linux.
 */
export function cpuTimes(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

export function stealShare(since: number[] | undefined): number | undefined {
  const now = cpuTimes();
  if (!since || !now) return undefined;
  const delta = now.map((value, i) => value - (since[i] ?? 0));
  const total = delta.slice(0, 8).reduce((sum, value) => sum + value, 0); // user..steal (guest time is inside user)
  const idle = (delta[3] ?? 0) + (delta[4] ?? 0);
  const busy = total - idle;
  return busy > 0 ? (delta[7] ?? 0) / busy : 0;
}

/** Forces a full collection when run with --expose-gc. */
export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
