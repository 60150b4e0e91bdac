#!/usr/bin/env python3
"""Generate src/lang/python/stdlib-imports.json: for every standard-library module, the other modules that
importing it loads at import time, measured with ``python -X importtime`` in a fresh interpreter.

Usage:
    python3 scripts/gen-python-stdlib-imports.py [--python PATH] [--out PATH] [--jobs N]

Why a clean virtual environment: a real installation's site-packages may hold ``.pth`` files that
import modules at start-up (for example a certifi hook that imports ``tempfile``, which loads
``threading``). Those are properties of one machine, not of CPython, and would both pollute the
start-up set and hide what a module loads itself. The script therefore creates a throw-away venv
(without pip, without system site-packages) and measures with its interpreter. ``startup`` is what a
bare ``python -c pass`` of that interpreter has in ``sys.modules``; every module's list excludes it.

Only module names are recorded (sorted) to keep the JSON small. Private modules (leading underscore)
are recorded as loads (``_thread`` matters for gevent) but are not measured as import roots, except a
few that patchers care about.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import venv

# Submodules worth measuring on their own (public ones that users import directly). Packages' public
# submodules are also enumerated below with pkgutil (one level deep), which covers most of these.
EXTRA_ROOTS = ["_thread", "_threading_local", "_socket", "_ssl"]
# Private modules kept in the lists: the ones patchers replace or that carry threads/sockets.
KEEP_PRIVATE = {"_thread", "_threading_local", "_socket", "_ssl", "_asyncio", "_posixsubprocess", "_queue", "_signal"}
# Never recorded as a load: aliases of the main script and site hooks.
DROP = {"__main__", "__mp_main__", "sitecustomize", "usercustomize"}
# Packages whose submodules are enumerated (one level); everything else is measured as a top-level name.
SKIP_ROOTS = {
    "antigravity",  # opens a web browser
    "this",  # prints
    "idlelib", "turtledemo", "tkinter", "turtle",  # GUI; tkinter may be absent
    "lib2to3",  # deprecated, writes grammar pickles
    "__main__", "__phello__", "_testcapi", "_testinternalcapi", "_testbuffer", "_testimportmultiple",
    "_testmultiphase", "_xxtestfuzz", "_xxsubinterpreters", "_ctypes_test", "test",
    "ensurepip", "venv", "pydoc_data",
}
SKIP_SUBMODULES_OF = {"test", "idlelib", "lib2to3", "tkinter", "turtledemo", "ensurepip"}


def make_clean_python(base: str, tmp: str) -> str:
    """A venv without pip and without system site-packages: start-up as CPython ships it."""
    target = os.path.join(tmp, "venv")
    subprocess.run([base, "-m", "venv", "--without-pip", target], check=True)
    return os.path.join(target, "bin", "python")


def run(python: str, code: str, importtime: bool) -> tuple[int, str, str]:
    args = [python]
    if importtime:
        args += ["-X", "importtime"]
    args += ["-c", code]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env, cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        return 124, "", ""
    return p.returncode, p.stdout, p.stderr


def loaded_set(python: str, stmt: str) -> set[str] | None:
    """Module names in sys.modules after running `stmt` (None when the import fails)."""
    code = stmt + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    rc, out, _err = run(python, code, importtime=False)
    if rc != 0:
        return None
    return {line.strip() for line in out.splitlines() if line.strip()}


def importtime_names(stderr: str) -> list[str]:
    """Module names from `-X importtime` output, in the order imports finished."""
    names = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name and name != "imported package":
            names.append(name)
    return names


def enumerate_roots(python: str) -> list[str]:
    code = (
        "import sys, json, pkgutil, importlib\n"
        "names = sorted(sys.stdlib_module_names)\n"
        "print(json.dumps(names))\n"
    )
    rc, out, err = run(python, code, importtime=False)
    if rc != 0:
        raise SystemExit(err)
    top = [n for n in json.loads(out) if n not in SKIP_ROOTS]
    roots = [n for n in top if not n.startswith("_")] + [n for n in EXTRA_ROOTS if n in top or n.startswith("_")]
    # One level of public submodules of packages (logging.handlers, concurrent.futures, asyncio.*).
    code = (
        "import sys, json, pkgutil, importlib\n"
        f"skip = {sorted(SKIP_SUBMODULES_OF)!r}\n"
        "out = []\n"
        f"for name in {sorted(n for n in top if not n.startswith('_'))!r}:\n"
        "    if name in skip: continue\n"
        "    try:\n"
        "        spec = importlib.util.find_spec(name)\n"
        "    except Exception:\n"
        "        continue\n"
        "    if spec is None or not spec.submodule_search_locations: continue\n"
        "    for info in pkgutil.iter_modules(spec.submodule_search_locations):\n"
        "        if info.name.startswith('_') or info.name in ('__main__', 'tests', 'test'): continue\n"
        "        out.append(name + '.' + info.name)\n"
        "        if info.ispkg and name in ('concurrent', 'email', 'xml', 'urllib', 'http', 'multiprocessing'):\n"
        "            sub = importlib.util.find_spec(name + '.' + info.name)\n"
        "            for i2 in pkgutil.iter_modules(sub.submodule_search_locations):\n"
        "                if not i2.name.startswith('_') and i2.name != '__main__':\n"
        "                    out.append(name + '.' + info.name + '.' + i2.name)\n"
        "print(json.dumps(sorted(out)))\n"
    )
    import importlib.util  # noqa: F401  (documents that the child uses it)

    rc, out, err = run(python, "import importlib.util\n" + code, importtime=False)
    if rc != 0:
        raise SystemExit(err)
    subs = json.loads(out)
    return sorted(set(roots) | set(subs))


def measure(python: str, startup: set[str], name: str) -> tuple[str, list[str] | None]:
    rc, _out, err = run(python, f"import {name}", importtime=True)
    if rc != 0:
        return name, None
    names = set(importtime_names(err))
    # `-X importtime` reports each module once, when its import finishes; it does not list modules
    # that were already in sys.modules (the start-up set), which is exactly what we want to drop.
    # It also prints a line for an import that then fails (subprocess tries `msvcrt` on Linux), so
    # keep only what is in sys.modules afterwards.
    after = loaded_set(python, f"import {name}")
    if after is None:
        return name, None
    loads = (names & after) - startup - {name} - DROP
    # Private C accelerators (_functools, _sre …) are noise for patch order; keep the few that matter.
    loads = {n for n in loads if not n.startswith("_") or n in KEEP_PRIVATE}
    return name, sorted(loads)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="base interpreter (a clean venv is made from it)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "lang", "python", "stdlib-imports.json"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        python = make_clean_python(args.python, tmp)
        rc, version, _ = run(python, "import sys; print('%d.%d.%d' % sys.version_info[:3])", importtime=False)
        version = version.strip()
        startup = loaded_set(python, "pass") or set()
        startup.discard("__main__")
        roots = enumerate_roots(python)
        rc, names_json, _ = run(python, "import sys, json; print(json.dumps(sorted(sys.stdlib_module_names)))", importtime=False)
        stdlib_names = json.loads(names_json)
        modules: dict[str, list[str]] = {}
        failed: list[str] = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for name, loads in pool.map(lambda n: measure(python, startup, n), roots):
                if loads is None:
                    failed.append(name)
                else:
                    modules[name] = loads

    doc = {
        "python": version,
        "generated": datetime.date.today().isoformat(),
        "method": "python -X importtime -c 'import <module>' in a fresh interpreter of a clean venv "
        "(no site-packages .pth files); each list excludes the start-up set; "
        "see scripts/gen-python-stdlib-imports.py",
        "platform": sys.platform,
        "startup": sorted(startup),
        "names": stdlib_names,
        "unimportable": sorted(failed),
        "modules": dict(sorted(modules.items())),
    }
    out = os.path.abspath(args.out)
    with open(out, "w", encoding="utf-8") as f:
        # One line per key and per module: small, and diffs stay readable when regenerated.
        f.write("{\n")
        for key in ("python", "generated", "method", "platform", "startup", "names", "unimportable"):
            f.write(f"{json.dumps(key)}: {json.dumps(doc[key])},\n")
        f.write('"modules": {\n')
        items = list(doc["modules"].items())
        for i, (name, loads) in enumerate(items):
            f.write(f"{json.dumps(name)}: {json.dumps(loads)}{',' if i < len(items) - 1 else ''}\n")
        f.write("}\n}\n")
    print(f"python {version}: {len(modules)} modules, {len(failed)} unimportable -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
