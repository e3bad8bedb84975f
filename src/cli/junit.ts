// The JUnit XML report of a notte-test run (read by CI systems): a testsuite per function, a
// testcase per set, a failure with its violations and the diff since the last pass, the run's log
// lines as the testcase's output.
import type { TestOutcome } from '../contracts/setRunner';
import { failureDetails, oneLineReason } from './report';

const MAX_LOG_LINES = 2000;

export function junitXml(outcomes: readonly TestOutcome[], totalMs: number): string {
  const suites = new Map<string, TestOutcome[]>();
  for (const outcome of outcomes) suites.set(outcome.test.functionLabel, [...(suites.get(outcome.test.functionLabel) ?? []), outcome]);
  const failures = (list: readonly TestOutcome[]) => list.filter((o) => !o.verdict.passed).length;
  const time = (list: readonly TestOutcome[]) => seconds(list.reduce((sum, o) => sum + (o.durationMs ?? 0), 0));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="notte-test" tests="${outcomes.length}" failures="${failures(outcomes)}" time="${seconds(totalMs)}">`];
  for (const [name, list] of suites) {
    lines.push(`  <testsuite name="${attr(name)}" tests="${list.length}" failures="${failures(list)}" errors="0" skipped="0" time="${time(list)}">`);
    for (const outcome of list) lines.push(...testcase(outcome));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(outcome: TestOutcome): string[] {
  const { test, verdict } = outcome;
  const open = `    <testcase classname="${attr(test.functionLabel)}" name="${attr(test.setName || test.id)}" time="${seconds(outcome.durationMs ?? 0)}"`;
  const body: string[] = [];
  if (!verdict.passed) {
    const type = verdict.failures[0]?.check ?? 'contract';
    body.push(`      <failure message="${attr(oneLineReason(outcome))}" type="${type}">${text(failureDetails(outcome))}</failure>`);
  }
  if (outcome.logs.length) {
    const shown = outcome.logs.slice(0, MAX_LOG_LINES);
    const more = outcome.logs.length > MAX_LOG_LINES ? `\n… ${outcome.logs.length - MAX_LOG_LINES} more lines` : '';
    body.push(`      <system-out>${text(shown.join('\n') + more)}</system-out>`);
  }
  return body.length ? [`${open}>`, ...body, '    </testcase>'] : [`${open}/>`];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// Characters XML 1.0 cannot hold at all (most control characters, lone surrogates): dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
