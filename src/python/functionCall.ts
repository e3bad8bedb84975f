// The Python that calls a function file the way every run does, shared by the local runner's harness
// (src/python/pythonScripts.ts) and the debug harness (src/python/debugHarness.ts), so that a run under
// the debugger imports, calls and answers exactly as a local run: the file's folder at the end of
// sys.path (its helper modules import, but the standard library wins over a file of the same name), the
// module named after the file (unless that is a standard or already imported module's name: it would
// replace it for everything imported after), run(**variables) called, awaitables awaited, the result
// turned into JSON the same way and written to the result file at once (never half a file).
//
// It needs `importlib.util`, `json`, `os` and `sys` imported by the program it is part of; asyncio
// and inspect are imported only when a function returns something that may be awaitable (they cost a
// run's start more than Python's own start-up).

export const FUNCTION_CALL_SOURCE = String.raw`
def _jsonable(value):
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, 'model_dump'):
        return value.model_dump()
    if hasattr(value, '__dataclass_fields__'):
        import dataclasses
        return dataclasses.asdict(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)

# A run's result is text: a string as it is (as the SDK stores a local run's, serialize_function_run_result),
# anything else as JSON.
def _result_json(value):
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=_jsonable)

# Values that are never awaitable (exact types: a subclass could define __await__).
_PLAIN = (type(None), str, int, float, bool, list, dict, tuple, set, bytes)

def _call_function(path, variables):
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.append(folder)
    name = os.path.splitext(os.path.basename(path))[0] or 'notte_function'
    if name in sys.modules or name in sys.builtin_module_names or name in getattr(sys, 'stdlib_module_names', ()):
        name = '_notte_function_' + name
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    entry = getattr(module, 'run', None)
    if not callable(entry):
        raise AttributeError('The function file has no run(...) function.')
    _check_run(entry, variables)
    value = entry(**variables)
    if type(value) not in _PLAIN:
        import inspect
        if inspect.isawaitable(value):
            import asyncio
            async def _await():
                return await value
            value = asyncio.run(_await())
    return value

# As Notte's runner reads run() before calling it (notte_core's ScriptValidator, from the file's syntax):
# its named parameters, none required missing, none unknown, with its messages. What it refuses and
# Python takes (async def run, variables only **kwargs takes) still runs here, with a warning.
def _check_run(entry, variables):
    target = entry
    for _ in range(100):  # decorators' functools.wraps, each level (the file's own def is what Notte reads)
        if not hasattr(target, '__wrapped__'):
            break
        target = target.__wrapped__
    bound = getattr(target, '__self__', None) is not None and hasattr(target, '__func__')
    target = getattr(target, '__func__', target)
    code = getattr(target, '__code__', None)
    if code is None:
        return
    if code.co_flags & 0x80:  # CO_COROUTINE
        sys.stderr.write("Notte's runner takes a plain def run(...): on Notte, an async def run fails (\"Python script must contain a 'run' function\"). Here it is awaited.\n")
    names = code.co_varnames[code.co_posonlyargcount:code.co_argcount]
    if bound and code.co_posonlyargcount == 0:
        names = names[1:]  # a method given as run: self (or cls) is bound already
    keyword_only = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    defaulted = len(getattr(target, '__defaults__', None) or ())
    kw_defaults = getattr(target, '__kwdefaults__', None) or {}
    required = set(names[:max(0, len(names) - defaulted)]) | {name for name in keyword_only if name not in kw_defaults}
    expected = set(names) | set(keyword_only)
    missing = required - set(variables)
    if missing:
        raise ValueError('Missing required parameters for run function: %s' % sorted(missing))
    unexpected = set(variables) - expected
    message = 'Unexpected variable names for run function: %s (expected variable names: %s)' % (sorted(unexpected), sorted(expected))
    if unexpected and not code.co_flags & 0x08:  # no **kwargs
        raise ValueError(message)
    if unexpected:
        sys.stderr.write("On Notte this run fails, its runner reading only run()'s named parameters: %s. Here **kwargs takes them.\n" % message)

def _write_outcome(path, outcome):
    temporary = path + '.tmp'
    # Readable by this user only: the result may hold anything the function returned.
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w', encoding='utf-8') as handle:
        # ASCII: a string the function made with a lone surrogate (no UTF-8 for it) is written escaped, not failed.
        json.dump(outcome, handle)
    os.replace(temporary, path)
`;
