"""Bench: prints time.time_ns() at a steady rate, so a reader can measure each line's delay."""
import time


def run(count: int = 2000, interval_ms: float = 2.0):
    step = interval_ms / 1000.0
    due = time.monotonic()
    for i in range(count):
        print(f"tick {i} {time.time_ns()}")
        due += step
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    return f"{count} ticks"
