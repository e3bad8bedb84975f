// What a bench section hands back: rows of the table and notes printed under it.
export interface Row {
  /** What is measured. */
  measure: string;
  /** This project's figure: "median (min–max) unit", or "not measured: why". */
  ours: string;
  /** The alternative measured in the same repetitions, when there is one. */
  alternative?: string;
  /** ours / alternative, per repetition: median (min–max). */
  ratio?: string;
  target?: string;
  met?: 'yes' | 'no' | '—';
}

export interface Section {
  title: string;
  rows: Row[];
  notes: string[];
}

export interface BenchContext {
  root: string;
  tmp: string;
  reps: number;
  log(line: string): void;
}
