// The two small Python programs the server runs with `python3 -c`. They live here as strings so the
// server works the same from the esbuild bundle (dist/) and from tsc's output (out/).

import { FUNCTION_CALL_SOURCE } from './functionCall';

/**
 * Reads a JSON list of file paths on stdin and prints one JSON object mapping each path to what
 * Python's own `ast` module says about it: the module docstring and the parameters of `run(...)`
 * (`type` and `default` as `ast.unparse` writes them, or null).
 */
export const INSPECTOR_SOURCE = String.raw`
import sys
# Run with -c: the working folder ('') comes first on sys.path, where a file named ast.py or json.py may be.
if sys.path and sys.path[0] in ('', '.'):
    del sys.path[0]
import ast, json

SOURCE = {}

def text(node):
    if node is None:
        return None
    if hasattr(ast, 'unparse'):
        return ast.unparse(node)
    # Python 3.8 has no ast.unparse: the source text of the node is the closest.
    return ast.get_source_segment(SOURCE['text'], node)

def inspect_file(path):
    try:
        with open(path, 'rb') as handle:
            raw = handle.read()
        SOURCE['text'] = raw.decode('utf-8', 'replace')
        tree = ast.parse(raw, filename=path)
    except SyntaxError as error:
        return {'ok': False, 'description': None, 'variables': [], 'error': 'SyntaxError: %s (line %s)' % (error.msg, error.lineno)}
    except Exception as error:
        return {'ok': False, 'description': None, 'variables': [], 'error': '%s: %s' % (type(error).__name__, error)}
    description = ast.get_docstring(tree)
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == 'run':
            found = node
    if found is None:
        return {'ok': False, 'description': description, 'variables': [], 'error': 'The file has no top-level run(...) function.'}
    args = found.args
    positional = list(args.posonlyargs) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    variables = []
    for arg, default in zip(positional, defaults):
        variables.append({'name': arg.arg, 'type': text(arg.annotation), 'default': text(default)})
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        variables.append({'name': arg.arg, 'type': text(arg.annotation), 'default': text(default)})
    return {'ok': True, 'description': description, 'variables': variables, 'error': None}

paths = json.loads(sys.stdin.read() or '[]')
sys.stdout.write(json.dumps({path: inspect_file(path) for path in paths}))
`;

/** Marker byte starting a line the harness tags with a level: RS, then O (stdout), W (stderr) or E (error). */
export const LEVEL_MARK = 0x1e;

/**
 * Runs one function: `python3 -u -c HARNESS <file> <result-file> <run-id>`, variables as JSON on stdin.
 * stderr is joined to stdout (one pipe keeps the order of all lines); lines the program writes through
 * sys.stderr are tagged so the server can give them their level. The outcome goes to the result file,
 * so nothing the function prints can be mistaken for it.
 */
export const HARNESS_SOURCE = String.raw`
# Run with -c, Python puts '' (the working folder: the functions folder) first on sys.path, so a
# function file named json.py would be the json of this harness and of every run. It goes before any
# import; the function's own folder comes back at the end of sys.path (_call_function).
import sys
if sys.path and sys.path[0] in ('', '.'):
    del sys.path[0]

# Only what every run needs: asyncio, inspect and traceback cost a run's start more than Python's own
# start-up, and are imported when a function returns an awaitable or fails.
import importlib.util, json, os, threading

_path, _result_path = sys.argv[1], sys.argv[2]
_raw = sys.stdin.buffer.read()
_variables = json.loads(_raw.decode('utf-8')) if _raw.strip() else {}
try:
    sys.stdin.close()
except Exception:
    pass
sys.stdin = open(os.devnull, 'r')
os.dup2(1, 2)
_lock = threading.Lock()

def _end_with_parent(parent=os.getppid()):
    # A run outlives nothing: when what started it (the server, the editor, notte-test) is gone, killed
    # outright so that it could not stop its runs, the run's process group ends, and no function goes on
    # running unseen. (A parent that ends leaves its children to another: the parent id changes.)
    import signal, time
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            try:
                os.killpg(os.getpgid(0), signal.SIGKILL)
            except Exception:
                os._exit(1)

threading.Thread(target=_end_with_parent, name='notte-parent-watch', daemon=True).start()

def _write_all(data):
    view = memoryview(data)
    while len(view):
        written = os.write(1, view)
        view = view[written:]

class _Binary:
    def __init__(self, owner):
        self._owner = owner
    def write(self, data):
        self._owner.write(bytes(data).decode('utf-8', 'surrogateescape'))
        return len(data)
    def flush(self):
        pass
    def writable(self):
        return True

def _encode(text):
    try:
        return text.encode('utf-8', 'surrogateescape')
    except UnicodeEncodeError:
        return text.encode('utf-8', 'replace')

class _Lines:
    """A text stream that writes whole lines to fd 1 at once; lines of stderr carry a level mark."""
    encoding = 'utf-8'
    errors = 'surrogateescape'
    closed = False
    def __init__(self, tag, fd):
        self._tag = tag
        self._fd = fd
        self._parts = []
        self.buffer = _Binary(self)
    def write(self, text):
        if type(text) is not str:
            if not isinstance(text, str):
                raise TypeError('write() argument must be str, not %s' % type(text).__name__)
            text = str(text)
        with _lock:
            if '\n' not in text:
                if text:
                    self._parts.append(text)
                return len(text)
            if self._parts:
                self._parts.append(text)
                whole = ''.join(self._parts)
                self._parts = []
            else:
                whole = text
            head, _, tail = whole.rpartition('\n')
            if tail:
                self._parts.append(tail)
            _write_all(_encode(self._frame(head)))
        return len(text)
    def _frame(self, lines):
        # One or more complete lines (without the last newline) -> framed text ending with a newline.
        if self._tag:
            return self._tag + lines.replace('\n', '\n' + self._tag) + '\n'
        if '\x1e' in lines:
            return '\n'.join(('\x1eO' + line if line[:1] == '\x1e' else line) for line in lines.split('\n')) + '\n'
        return lines + '\n'
    def writelines(self, lines):
        for line in lines:
            self.write(line)
    def end(self):
        with _lock:
            if self._parts:
                whole = ''.join(self._parts)
                self._parts = []
                _write_all(_encode(self._frame(whole)))
    def flush(self):
        pass
    def isatty(self):
        return False
    def fileno(self):
        return self._fd
    def writable(self):
        return True
    def readable(self):
        return False
    def seekable(self):
        return False

sys.stdout = _Lines('', 1)
sys.stderr = _Lines('\x1eW', 2)
_errors = _Lines('\x1eE', 2)

${FUNCTION_CALL_SOURCE}
def _finish(outcome, code):
    for stream in (sys.stdout, sys.stderr, _errors):
        try:
            stream.end()
        except Exception:
            pass
    _write_outcome(_result_path, outcome)
    os._exit(code)

try:
    _finish({'ok': True, 'result': _result_json(_call_function(_path, _variables))}, 0)
except SystemExit as _exit:
    if _exit.code in (None, 0):
        _finish({'ok': True, 'result': None}, 0)
    _finish({'ok': False, 'error': 'SystemExit: %s' % (_exit.code,)}, 1)
except BaseException as _error:
    import traceback
    _tb = _error.__traceback__
    # The harness's own frames (run with -c, so named "<string>") are not the function's business.
    while _tb is not None and _tb.tb_frame.f_code.co_filename == '<string>':
        _tb = _tb.tb_next
    for _line in traceback.format_exception(type(_error), _error, _tb):
        _errors.write(_line)
    _message = str(_error)
    _finish({'ok': False, 'error': '%s: %s' % (type(_error).__name__, _message) if _message else type(_error).__name__}, 1)
`;
