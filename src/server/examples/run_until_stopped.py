"""Logs a heartbeat every second until it is stopped (or the run timeout ends it)."""
import time


def run(interval: float = 1.0, label: str = 'heartbeat'):
    beat = 0
    while True:
        beat += 1
        print(f'{label} {beat}')
        time.sleep(interval)
