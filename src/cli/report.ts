// How notte-test tells an outcome: one line per set on the terminal, and the whole story (each
// failure, each violation, what changed since the last pass) for the JUnit report.
import { seconds } from '../contracts/contractCheck';
import { describeDiff } from '../contracts/jsonDiff';
import type { TestOutcome } from '../contracts/setRunner';
import { testTitle } from '../contracts/setTests';
import { asSentence } from '../shared/format';

/** "✓ prices / smoke (1.2s)" or "✗ prices / smoke: the reason". */
export function outcomeLine(outcome: TestOutcome): string {
  const title = testTitle(outcome.test);
  if (outcome.verdict.passed) return `✓ ${title} (${seconds(outcome.durationMs ?? 0)}s)`;
  return `✗ ${title}: ${oneLineReason(outcome)}`;
}

/** Every failure in one line, and the first changes since the last pass. */
export function oneLineReason(outcome: TestOutcome): string {
  const reasons = outcome.verdict.failures.map((f) => f.message).join('; ');
  const changes = outcome.diff ? `; since the last pass: ${describeDiff(outcome.diff, 3).join(', ')}` : '';
  return reasons + changes;
}

/** The failure's full text: each failure, each schema violation on its own line, then the diff. */
export function failureDetails(outcome: TestOutcome): string {
  const lines: string[] = [];
  for (const failure of outcome.verdict.failures) {
    lines.push(failure.violations ? 'The result does not match the schema:' : asSentence(failure.message));
    for (const v of failure.violations ?? []) lines.push(`  ${v.path} ${v.message}`);
  }
  if (outcome.diff) lines.push('Since the last passing result:', ...describeDiff(outcome.diff, 50).map((line) => `  ${line}`));
  if (outcome.runId) lines.push(`Run: ${outcome.runId} (${outcome.status})`);
  return lines.join('\n');
}

/**
 * Tells each outcome once every test before it is told, so the output keeps the sets' order
 * while runs end in any order.
 */
export function inOrder(order: readonly TestOutcome['test'][], tell: (outcome: TestOutcome) => void): (outcome: TestOutcome) => void {
  const ready = new Map<number, TestOutcome>();
  let next = 0;
  return (outcome) => {
    ready.set(order.indexOf(outcome.test), outcome);
    while (ready.has(next)) tell(ready.get(next++)!);
  };
}
