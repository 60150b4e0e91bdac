"""Batch syntax oracle for the smoke run: reads file paths (one per line) from stdin and prints one
JSON object per line: {"path": …, "ok": true} or {"path": …, "ok": false, "error": "line:col msg"}.
Uses CPython's own compiler (compile() on the raw bytes, so the coding cookie is honoured): a file is a
real syntax error when CPython refuses to run it, which includes errors only the compiler reports
(`from __future__ import *`, `return` outside a function)."""
import json
import sys
import warnings

warnings.simplefilter("ignore")

for raw in sys.stdin:
    path = raw.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as handle:
            compile(handle.read(), path, "exec", dont_inherit=True)
        print(json.dumps({"path": path, "ok": True}))
    except SyntaxError as error:  # includes IndentationError / TabError
        print(json.dumps({"path": path, "ok": False, "error": f"{error.lineno}:{error.offset} {error.msg}"}))
    except (ValueError, UnicodeError, RecursionError, MemoryError) as error:
        print(json.dumps({"path": path, "ok": False, "error": f"{type(error).__name__}: {error}"}))
    sys.stdout.flush()
