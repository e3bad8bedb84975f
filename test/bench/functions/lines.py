"""Bench: prints many log lines as fast as Python can (the producer of the streaming rows)."""


def run(count: int = 100000):
    for i in range(count):
        print(f"step {i} of {count}: visited https://example.com/items/{i} and read its title")
    return f"printed {count} lines"
