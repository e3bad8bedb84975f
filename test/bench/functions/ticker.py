"""Bench: prints time.monotonic_ns() at a steady rate, so a reader on the same machine can measure
each line's delay against the same clock (CLOCK_MONOTONIC, also Node's process.hrtime)."""
import time


def run(count: int = 2000, interval_ms: float = 2.0):
    step = interval_ms / 1000.0
    due = time.monotonic()
    for i in range(count):
        print(f"tick {i} {time.monotonic_ns()}")
        due += step
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    return f"{count} ticks"
