// Decides which lines the Output channel shows when a function prints faster than anyone reads.
// No vscode import: unit-tested on Node.

/** Lines shown at once before folding starts, then lines per second after. */
export interface FloodBudget {
  burst: number;
  perSecond: number;
}

/**
 * The workbench pays for every line it draws (tokenizing, links, layout), however the lines are
 * batched; so past a reader's pace, lines are counted instead of drawn. A token bucket: `burst`
 * lines pass at once, then `perSecond`.
 */
export class FloodGate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly budget: FloodBudget,
    now: number = Date.now(),
  ) {
    this.tokens = budget.burst;
    this.last = now;
  }

  /** True when a line arriving at `now` may be shown. */
  admit(now: number = Date.now()): boolean {
    if (now > this.last) {
      this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.last) / 1000) * this.budget.perSecond);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

/**
 * "48,210". Not toLocaleString: its first call loads ICU's number formats, measured at 15 ms on this
 * machine, a stall of the extension host on the first fold note of the first flooding run.
 */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  const [whole, fraction] = String(Math.abs(n)).split('.');
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}
