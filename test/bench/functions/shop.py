"""Bench: a set's run as the contracts see it: one log line and a small result to check."""


def run(n: int = 0):
    print(f'found item {n}')
    return {'n': n, 'items': [{'name': f'item {n}', 'price': n + 0.5}]}
