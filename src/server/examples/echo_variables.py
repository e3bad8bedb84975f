"""Returns the variables it was given, with their Python types: handy to check what a client sends."""


def run(name: str, count: int = 2, ratio: float = 0.5, enabled: bool = False, tags: list[str] = ['a', 'b'], options: dict | None = None, note=None):
    values = {'name': name, 'count': count, 'ratio': ratio, 'enabled': enabled, 'tags': tags, 'options': options, 'note': note}
    for key, value in values.items():
        print(f'{key} = {value!r} ({type(value).__name__})')
    return {'variables': values, 'types': {key: type(value).__name__ for key, value in values.items()}}
