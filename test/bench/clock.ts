// Wall-clock nanoseconds with sub-millisecond resolution, comparable with Python's time.time_ns()
// on the same machine: process.hrtime anchored to Date.now() at the moment its millisecond ticks.
let offsetNs: bigint | undefined;

function calibrate(): bigint {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();
  return BigInt(now) * 1_000_000n - process.hrtime.bigint();
}

export function wallNs(): bigint {
  if (offsetNs === undefined) offsetNs = calibrate();
  return process.hrtime.bigint() + offsetNs;
}
