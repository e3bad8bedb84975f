"""Visits a page (pretend: no network) and reports its progress step by step, then returns a summary."""
import time


def run(url: str = 'https://example.com', steps: int = 5, delay: float = 0.6) -> dict:
    started = time.time()
    print(f'Opening {url}')
    for step in range(1, steps + 1):
        time.sleep(delay)
        print(f'Step {step}/{steps}: {int(step * 100 / steps)}% done')
    elapsed = round(time.time() - started, 2)
    print('All steps done')
    return {'url': url, 'steps': steps, 'elapsed_seconds': elapsed, 'title': 'Example Domain'}
