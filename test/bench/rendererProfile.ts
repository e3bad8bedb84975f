// Where the workbench's main thread spends its time while lines stream into the Output channel: a
// V8 CPU profile of the page (Chrome DevTools Protocol), split into the idle and streaming windows the
// extension host reports, and sorted into the workbench's own activities by the functions on the stack.
// The responsiveness row says whether the editor stalled; this says whose work the stall was.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

export interface ProbeWindow {
  kind: 'idle' | 'streaming' | 'floor';
  from: number;
  to: number;
}

/**
 * The workbench's activities, each recognised by one function on the stack (names VS Code keeps in its
 * minified build because they are methods). The first match from the top of the stack wins.
 */
const ACTIVITIES: { label: string; frames: string[] }[] = [
  { label: 'tokenizing the log language (TextMate results applied in the workbench)', frames: ['$setTokensAndStates', 'setTokensAndStates'] },
  { label: 'detecting links in the Output text', frames: ['computeLinksNow', 'computeLinks'] },
  { label: 'appending the text to the Output model and parsing its log entries', frames: ['doAppendContent', 'parseLogEntries', 'acceptChunk', 'doUpdate'] },
  { label: 'rendering editors', frames: ['_onRenderScheduled'] },
  { label: 'showing and hiding widgets (mostly the command palette the bench opens and closes)', frames: ['showQuickPick', 'show', 'hide'] },
];

export interface Breakdown {
  /** Main-thread time that was not idle, per second of window. */
  busyPerSecond: number;
  /** ms per second of window for each activity, and the rest. */
  activities: Map<string, number>;
}

export async function startProfiling(cdp: CdpSession): Promise<number> {
  await cdp.send('Profiler.enable');
  // A sample every 4 ms instead of Chromium's default 1 ms: enough to attribute stalls of hundreds of
  // ms, at a quarter of the profiler's own cost to the page being measured.
  await cdp.send('Profiler.setSamplingInterval', { interval: 4000 });
  await cdp.send('Profiler.start');
  return Date.now();
}

export async function stopProfiling(cdp: CdpSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  return profile;
}

/**
 * Splits the samples into the windows. `startedAtWall` is Date.now() when profiling began; the
 * profile's own clock is monotonic microseconds from its startTime, so a sample's wall time is
 * startedAtWall + (its time - startTime) / 1000 (within a few ms).
 */
export function breakdown(profile: CpuProfile, startedAtWall: number, windows: ProbeWindow[], kind: ProbeWindow['kind']): Breakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inKind = windows.filter((w) => w.kind === kind);
  const windowMs = inKind.reduce((sum, w) => sum + (w.to - w.from), 0);
  const activities = new Map<string, number>();
  let busy = 0;
  let clock = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    clock += profile.timeDeltas[i] ?? 0;
    const durationMs = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const wall = startedAtWall + (clock - profile.startTime) / 1000;
    if (!inKind.some((w) => wall >= w.from && wall <= w.to)) continue;
    const leaf = byId.get(profile.samples[i]);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    busy += durationMs;
    const activity = activityOf(profile.samples[i], byId, parent);
    activities.set(activity, (activities.get(activity) ?? 0) + durationMs);
  }
  const perSecond = (ms: number) => (windowMs > 0 ? (ms * 1000) / windowMs : 0);
  return {
    busyPerSecond: perSecond(busy),
    activities: new Map([...activities].map(([label, ms]) => [label, perSecond(ms)])),
  };
}

function activityOf(sample: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): string {
  const leaf = byId.get(sample)?.callFrame.functionName;
  if (leaf === '(garbage collector)') return 'garbage collection';
  if (leaf === '(program)') return 'the browser itself (layout, style, paint: "(program)")';
  for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
    const name = byId.get(id)?.callFrame.functionName ?? '';
    const activity = ACTIVITIES.find((a) => a.frames.includes(name));
    if (activity) return activity.label;
  }
  return 'other workbench work';
}
