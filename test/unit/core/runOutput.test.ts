// The Output channel under a flood (issue 27): at most 4 appends a second, the fold decided on each
// line before any shaping, and every line in the run's full log, cleaned. A fake clock drives time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseLogLine } from '../../../src/api/logLine';
import { Clock, OutputSink, RunOutput } from '../../../src/core/runOutput';
import { RunLineShaper } from '../../../src/shared/logShape';

class FakeClock implements Clock {
  time = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time on, running each timer due on the way at its moment. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = until;
  }
}

class RecordingChannel implements OutputSink {
  readonly appends: { at: number; text: string }[] = [];
  constructor(private readonly clock: Clock) {}
  append(text: string): void {
    this.appends.push({ at: this.clock.now(), text });
  }
  show(): void {}
  dispose(): void {}
  lines(): string[] {
    return this.appends.flatMap((a) => a.text.split('\n').filter(Boolean));
  }
}

const SECRET = 'sk-secret-key-123456';
const line = (i: number) => parseLogLine(`2026-12-01 18:31:10.123 | INFO     | flood:run | \x1b[32mstep ${i}\x1b[0m with ${SECRET}`);

/** 10,000 lines a second for `seconds`, on the fake clock. */
function feed(clock: FakeClock, write: (i: number) => void, seconds: number): number {
  const count = seconds * 10_000;
  for (let i = 0; i < count; i++) {
    write(i);
    clock.advance(0.1);
  }
  return count;
}

describe('The Output channel under a flood', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-output-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends at most 4 times a second under a 10,000 lines/s feed, and shows the run to its end', async () => {
    const clock = new FakeClock();
    const channel = new RecordingChannel(clock);
    const output = new RunOutput(channel, undefined, clock);
    output.setSecrets([SECRET]);
    const log = output.startRun('flood', 'flood 18:31:10');
    log.header('started');
    const count = feed(clock, (i) => log.log(line(i)), 3);
    log.end('closed');
    await log.close();
    clock.advance(1000);
    const times = channel.appends.map((a) => a.at);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 250, `appends ${i - 1} and ${i} were ${times[i] - times[i - 1]} ms apart`);
    assert.ok(times.length >= 8 && times.length <= 4 * 4, `${times.length} appends in 4 s`);
    const shown = channel.lines();
    assert.match(shown[shown.length - 1], /\[flood 18:31:10\] ■ closed$/, 'the end line came with a later append');
    const stepsShown = shown.filter((l) => /\] step \d+ with /.test(l)).length;
    assert.strictEqual(stepsShown + log.folded, count, 'every line is shown or counted in a fold note');
    assert.ok(
      shown.some((l) => /… [\d,]+ more lines \(the last: step \d+ with ••••••\)/.test(l)),
      'a fold note, its text cleaned',
    );
    assert.ok(!shown.some((l) => l.includes(SECRET) || l.includes('\x1b')), 'no key, no escape shown');
  });

  it('decides the fold before shaping: only the lines shown are shaped', async () => {
    const clock = new FakeClock();
    const channel = new RecordingChannel(clock);
    const output = new RunOutput(channel, undefined, clock);
    const shape = RunLineShaper.prototype.shape;
    let shaped = 0;
    RunLineShaper.prototype.shape = function (this: RunLineShaper, ...args: Parameters<typeof shape>) {
      shaped++;
      return shape.apply(this, args);
    };
    try {
      const log = output.startRun('flood', 'flood 18:31:10');
      const count = feed(clock, (i) => log.log(line(i)), 3);
      await log.close();
      clock.advance(1000);
      const stepsShown = channel.lines().filter((l) => /\] step \d+ with /.test(l)).length;
      assert.strictEqual(shaped, stepsShown, 'one shaping per line shown, none for a folded one');
      assert.ok(shaped < count / 20, `${shaped} of ${count} lines shaped`);
      assert.strictEqual(log.folded, count - stepsShown);
    } finally {
      RunLineShaper.prototype.shape = shape;
    }
  });

  it('keeps every line of the run in its full log, in order, cleaned of the key and terminal escapes', async () => {
    const clock = new FakeClock();
    const output = new RunOutput(new RecordingChannel(clock), dir, clock);
    output.setSecrets([SECRET]);
    const log = output.startRun('flood', 'flood 18:31:10');
    log.header('started');
    const count = feed(clock, (i) => log.log(line(i)), 2);
    log.end('closed');
    await log.close();
    const text = fs.readFileSync(log.logFile!, 'utf8');
    assert.ok(!text.includes(SECRET) && !text.includes('\x1b'), 'cleaned');
    const steps = text.split('\n').filter((l) => / step \d+ with /.test(l));
    assert.strictEqual(steps.length, count);
    steps.forEach((l, i) => assert.ok(l.endsWith(`| step ${i} with ••••••`), `line ${i}: ${l}`));
    assert.match(text.split('\n')[0], /\[flood 18:31:10\] ▶ started$/);
  });
});

describe('The runs channel and the log channel', () => {
  it("also keeps a warning or an error that belongs to no run in the extension's log, cleaned, and never a run's own lines", async () => {
    const clock = new FakeClock();
    const kept: string[] = [];
    const output = new RunOutput(new RecordingChannel(clock), undefined, clock, {
      warn: (message) => kept.push(`warn ${message}`),
      error: (message) => kept.push(`error ${message}`),
    });
    output.setSecrets([SECRET]);
    output.line('a batch header');
    output.line(`rate limited with ${SECRET}`, 'warning');
    output.error('the run could not be recorded\x1b[31m');
    const log = output.startRun('quiet', 'quiet 18:31:10');
    log.log(line(1));
    log.end('failed');
    await log.close();
    assert.deepStrictEqual(kept, ['warn rate limited with ••••••', 'error the run could not be recorded']);
  });
});
