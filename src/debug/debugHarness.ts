// The program a `notte` debug session runs under debugpy: it imports the function file and calls
// run(**variables) as a local run does (the file's folder on sys.path, the module named after the
// file, awaitables awaited, the result turned into JSON the same way), then prints the result the
// way the Output channel shows it. The outcome goes to a file the extension reads when the session ends.
//
//   python <harness> <function file> <session file>
//   session file: {"variables": {...}, "resultFile": "...", "banner": "..."}, deleted once read.

export const DEBUG_HARNESS_SOURCE = String.raw`
import asyncio, importlib.util, inspect, json, os, sys, traceback

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

def _shown(result):
    # The Output channel's formatResult: objects and lists indented, a string as itself.
    if result is None:
        return 'null'
    try:
        parsed = json.loads(result)
    except Exception:
        return result
    if isinstance(parsed, (dict, list)):
        return json.dumps(parsed, indent=2, ensure_ascii=False)
    if isinstance(parsed, str):
        return parsed
    return json.dumps(parsed, ensure_ascii=False)

def _call(path, variables):
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0] or 'notte_function'
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    entry = getattr(module, 'run', None)
    if not callable(entry):
        raise AttributeError('The function file has no run(...) function.')
    value = entry(**variables)
    if inspect.isawaitable(value):
        async def _await():
            return await value
        value = asyncio.run(_await())
    return value

def _write(path, outcome):
    temporary = path + '.tmp'
    with open(temporary, 'w', encoding='utf-8') as handle:
        json.dump(outcome, handle, ensure_ascii=False)
    os.replace(temporary, path)

def _main():
    path, session_path = sys.argv[1], sys.argv[2]
    with open(session_path, encoding='utf-8') as handle:
        session = json.load(handle)
    os.remove(session_path)
    print(session.get('banner', ''), flush=True)
    try:
        value = _call(path, session.get('variables') or {})
        result = None if value is None else json.dumps(value, ensure_ascii=False, default=_jsonable)
        outcome = {'ok': True, 'result': result}
    except SystemExit as error:
        if error.code in (None, 0):
            outcome = {'ok': True, 'result': None}
        else:
            outcome = {'ok': False, 'error': 'SystemExit: %s' % (error.code,), 'traceback': ''}
    except BaseException as error:
        tb = error.__traceback__
        # The harness's own frames are not the function's business.
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == os.path.abspath(__file__):
            tb = tb.tb_next
        text = ''.join(traceback.format_exception(type(error), error, tb))
        sys.stderr.write(text)
        sys.stderr.flush()
        message = str(error)
        outcome = {'ok': False, 'error': '%s: %s' % (type(error).__name__, message) if message else type(error).__name__, 'traceback': text}
    _write(session['resultFile'], outcome)
    if outcome['ok']:
        print('Result:\n' + _shown(outcome['result']), flush=True)
    else:
        print('The function failed: ' + outcome['error'], file=sys.stderr, flush=True)

_main()
`;
