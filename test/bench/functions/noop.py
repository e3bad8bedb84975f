"""Bench: does nothing, to measure what a run costs on top of starting Python."""


def run():
    return "ok"
