import type { Row } from './types';
// Small statistics for the bench: every figure is the median of several repetitions with its spread.

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Three significant digits, no exponent: 0.0123, 1.23, 123, 12345. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toString();
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

/** "median (min–max) unit" */
export function fmtSummary(s: Summary, unit: string): string {
  if (s.n === 0) return 'not measured';
  if (s.n === 1) return `${fmt(s.median)} ${unit} (1 run)`;
  return `${fmt(s.median)} ${unit} (${fmt(s.min)}–${fmt(s.max)})`;
}

/**
 * Ratio of two paired series measured in the same repetitions: the median of the per-repetition
 * ratios, with their min–max, so a slow moment of the machine hits both sides alike.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (b[i] > 0) ratios.push(a[i] / b[i]);
  return summarize(ratios);
}

/** A row of ours against an alternative measured in the same repetitions: both summaries and their paired ratio. */
export function comparedRow(measure: string, ours: readonly number[], alternative: readonly number[], unit: string, target?: string, met?: Row['met']): Row {
  return {
    measure,
    ours: fmtSummary(summarize(ours), unit),
    alternative: fmtSummary(summarize(alternative), unit),
    ratio: fmtRatio(pairedRatio(ours, alternative)),
    target,
    met: met ?? '—',
  };
}

/** A compared row whose target is a ratio: met when the paired ratio's median is at most `maxRatio`. */
export function ratioTargetRow(measure: string, ours: readonly number[], alternative: readonly number[], unit: string, target: string, maxRatio: number): Row {
  return comparedRow(measure, ours, alternative, unit, target, pairedRatio(ours, alternative).median <= maxRatio ? 'yes' : 'no');
}

export function fmtRatio(s: Summary): string {
  if (s.n === 0) return '—';
  if (s.n === 1) return `${fmt(s.median)}×`;
  return `${fmt(s.median)}× (${fmt(s.min)}–${fmt(s.max)})`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
