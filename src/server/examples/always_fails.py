"""Logs a line, then raises an error: shows how a failed run looks (status failed, the error as result)."""
import sys


def run(message: str = 'boom', delay: float = 0.5):
    print('About to fail on purpose...')
    print(f'warning: the next step raises ValueError({message!r})', file=sys.stderr)
    import time
    time.sleep(delay)
    raise ValueError(message)
