"""Reads one streamed run the way the official Python SDK does: requests with stream=True,
iter_lines(), strip "data: ", json.loads. Prints one JSON line: the log events counted and the
time from sending the request to the end of the stream (interpreter start-up excluded).

usage: python3 sse_reader.py START_URL KEY FUNCTION_ID [VARIABLES_JSON] [--latency] [--warmup]

With --warmup the stream is read once untimed first (as the API module's reader does in that row).

With --latency, log lines whose text ends in "tick <i> <monotonic_ns>" give each line's delay
(arrival time.monotonic_ns() minus the time written in the line), in ms.
"""
import json
import re
import sys
import time

import requests

TICK = re.compile(rb"tick \d+ (\d+)")


def read(url: str, key: str, function_id: str, variables: dict, latency: bool) -> dict:
    headers = {
        "Authorization": f"Bearer {key}",
        "x-notte-api-key": key,
        "x-notte-request-origin": "bench-python",
        "Content-Type": "application/json",
    }
    body = {"function_id": function_id, "variables": variables, "stream": True}
    logs = 0
    delays = []
    result = None
    started = time.perf_counter()
    with requests.post(url, json=body, headers=headers, stream=True, timeout=300) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith(b"data: "):
                continue
            try:
                event = json.loads(line[6:])
            except ValueError:
                continue
            kind = event.get("type")
            if kind == "log":
                logs += 1
                if latency:
                    arrival = time.monotonic_ns()
                    match = TICK.search(event["message"].encode())
                    if match:
                        delays.append((arrival - int(match.group(1))) / 1e6)
            elif kind == "result":
                result = json.loads(event["message"])
    elapsed_ms = (time.perf_counter() - started) * 1000
    out = {"logs": logs, "ms": elapsed_ms, "status": (result or {}).get("status")}
    if latency:
        out["delays"] = delays
    return out


def main() -> None:
    url, key, function_id = sys.argv[1], sys.argv[2], sys.argv[3]
    variables = json.loads(sys.argv[4]) if len(sys.argv) > 4 and not sys.argv[4].startswith("--") else {}
    latency = "--latency" in sys.argv
    if "--warmup" in sys.argv:
        read(url, key, function_id, variables, latency)
    print(json.dumps(read(url, key, function_id, variables, latency)))


if __name__ == "__main__":
    main()
