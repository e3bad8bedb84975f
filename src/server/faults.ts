// Test-only faults, switched on with `--faults` (or `faults: true`), set through `POST /__faults`:
//   {"status429": N, "status500": N, "status529": N, "malformed": N, "reset": N,
//    "cutStreamAfter": N, "delayMs": N, "retryAfter": S}
// The next N requests (every route but /health and /__faults) answer 429 (with Retry-After and
// X-RateLimit-*), 500, 529, a 200 whose JSON body is cut off, or a connection reset, in that order of
// precedence. `cutStreamAfter`: the next streamed start is cut after N events while its run goes on.
// `delayMs` delays every answer until reset. `DELETE /__faults` clears everything; `GET` shows the state.
import type { ValidationIssue } from '../api/types';
import { issue } from './http';

export interface FaultState {
  status429: number;
  status500: number;
  status529: number;
  malformed: number;
  reset: number;
  cutStreamAfter: number | null;
  delayMs: number;
  retryAfter: number;
}

export type FaultAction = { kind: 'status'; status: 429 | 500 | 529 } | { kind: 'malformed' } | { kind: 'reset' } | undefined;

const COUNTERS = ['status429', 'status500', 'status529', 'malformed', 'reset'] as const;

export class Faults {
  state: FaultState = Faults.initial();

  static initial(): FaultState {
    return { status429: 0, status500: 0, status529: 0, malformed: 0, reset: 0, cutStreamAfter: null, delayMs: 0, retryAfter: 1 };
  }

  /** Applies a control body; answers the issues when a field is not a whole number ≥ 0. */
  configure(body: Record<string, unknown>): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const next = { ...this.state };
    for (const [name, value] of Object.entries(body)) {
      if (!Object.hasOwn(next, name)) {
        issues.push(issue(['body', name], 'Unknown fault', 'extra_forbidden'));
        continue;
      }
      if (name === 'cutStreamAfter' && value === null) {
        next.cutStreamAfter = null;
        continue;
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        issues.push(issue(['body', name], 'Input should be a whole number of at least 0', 'int_type'));
        continue;
      }
      (next as Record<string, number | null>)[name] = value;
    }
    if (issues.length === 0) this.state = next;
    return issues;
  }

  reset(): void {
    this.state = Faults.initial();
  }

  /** The fault the next request gets, counting it down. */
  take(): FaultAction {
    for (const name of COUNTERS) {
      if (this.state[name] > 0) {
        this.state[name]--;
        if (name === 'malformed') return { kind: 'malformed' };
        if (name === 'reset') return { kind: 'reset' };
        return { kind: 'status', status: name === 'status429' ? 429 : name === 'status500' ? 500 : 529 };
      }
    }
    return undefined;
  }

  /** The cut for the next streamed start, used once. */
  takeStreamCut(): number | undefined {
    const n = this.state.cutStreamAfter;
    this.state.cutStreamAfter = null;
    return n ?? undefined;
  }
}
