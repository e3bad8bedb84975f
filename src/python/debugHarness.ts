// The program a `notte` debug session runs under debugpy: it imports the function file and calls
// run(**variables) with the local runner's own code (src/python/functionCall.ts), then prints the
// result the way the Output channel shows it. The outcome goes to a file the extension reads when the session ends.
//
//   python <harness> <function file> <session file>
//   session file: {"variables": {...}, "resultFile": "...", "banner": "...", "env": {...}}, mode 0600, deleted once read.

import { FUNCTION_CALL_SOURCE } from './functionCall';

export const DEBUG_HARNESS_SOURCE = String.raw`
import importlib.util, json, os, sys, traceback

${FUNCTION_CALL_SOURCE}
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

def _main():
    path, session_path = sys.argv[1], sys.argv[2]
    with open(session_path, encoding='utf-8') as handle:
        session = json.load(handle)
    os.remove(session_path)
    # NOTTE_API_URL and NOTTE_API_KEY for the SDK: from the private session file, never the debug configuration.
    os.environ.update({str(k): str(v) for k, v in (session.get('env') or {}).items()})
    print(session.get('banner', ''), flush=True)
    raised = None
    try:
        outcome = {'ok': True, 'result': _result_json(_call_function(path, session.get('variables') or {}))}
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
        # Stopped at only when the author's code raised it (a frame of the function's file in it): a wrong
        # variable, a missing run() or a result that is not JSON is the harness's to tell, not a place to stop.
        mine = os.path.abspath(path)
        frames = []
        while tb is not None:
            frames.append(os.path.abspath(tb.tb_frame.f_code.co_filename))
            tb = tb.tb_next
        raised = error if mine in frames and not isinstance(error, KeyboardInterrupt) else None
    _write_outcome(session['resultFile'], outcome)
    if outcome['ok']:
        print('Result:\n' + _shown(outcome['result']), flush=True)
        return None
    print('The function failed: ' + outcome['error'], file=sys.stderr, flush=True)
    return raised

raised = _main()
if raised is not None:
    # Raised again, uncaught, so that debugpy's "Uncaught Exceptions" (on by default) stops at the
    # function's raising line with its frames to read, as a plain script's would. The traceback was
    # printed above without the harness's frames: Python's own print at exit is not wanted twice.
    sys.excepthook = lambda *_: None
    raise raised
`;
