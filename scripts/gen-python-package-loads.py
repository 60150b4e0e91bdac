#!/usr/bin/env python3
"""Generate src/lang/python/package-loads.json: for third-party Python packages installed on this machine
(Debian python3-* packages on the system interpreter), what importing each one loads at import time, and which
names of patched standard-library modules it copies, measured with ``python -X importtime`` in a fresh
interpreter.

Usage:
    python3 scripts/gen-python-package-loads.py [--python PATH] [--site DIR ...] [--out PATH] [--jobs N] [--only NAME ...]

Install the packages first, for example on Debian 12:
    apt-get install --no-install-recommends python3-oslo.log python3-kombu python3-celery ...
(the list this repository used is ROOTS below; a package that is not installed is listed as "unimportable").

Method (the same as scripts/gen-python-stdlib-imports.py, plus the site directories):
- A throw-away venv is made from the base interpreter, without pip and without system site-packages, so no
  site-packages ``.pth`` file runs at start-up (on this kind of machine a certifi hook imports ``tempfile``,
  which loads ``threading``; that is a property of one machine, not of any package).
- The base interpreter's site directories (``site.getsitepackages()``, or ``--site``) are appended to
  ``sys.path`` by the measured program itself, so their ``.pth`` files are not processed either.
- ``startup`` is what a bare ``python -c pass`` of that venv has in ``sys.modules``; every list excludes it.
- For each root, ``import <root>`` runs in a fresh interpreter; the loads are the modules ``-X importtime``
  reports for that statement that are in ``sys.modules`` afterwards (a failed optional import is not a load).
- Only what matters for patch order is kept, to keep the JSON small: the standard-library modules in
  KEEP_STDLIB (the targets of the Python patcher catalog, src/catalog/python-patchers.ts, plus the thread and
  process machinery), the dotted non-stdlib modules in KEEP_DOTTED (catalog targets), and the top-level name of
  every other third-party package loaded (so chains such as requests -> urllib3 resolve). The test
  test/lang/python/package-loads.test.ts checks that KEEP_STDLIB and KEEP_DOTTED cover the catalog.
- Every third-party top-level package that a root loads is measured as a root too (closure), except SKIP. One
  level of public submodules of the ROOTS packages is measured too (except NO_SUBMODULES): a submodule's entry
  is how the linter knows that `from oslo_log import log` imports a module (and what it loads), not a name.
- Captures: after the import, every non-stdlib module in ``sys.modules`` is scanned for module-level names
  whose value IS one of the patched attributes in CAPTURE_NAMES (``from ssl import SSLContext``), or a class
  that subclasses one of those classes. Recorded per root, over everything the root loaded.
- Django reads its settings at import time: every measurement runs with DJANGO_SETTINGS_MODULE naming a minimal
  settings module (see DJANGO_SETTINGS), never recorded as a load.
- ``--only NAME`` measures NAME (and its submodules) instead of ROOTS; the test runs the script that way on a
  package it writes, to check that the output is what src/lang/python/third-party-imports.ts reads.
- Provenance per root: the Debian package that owns the root's files (``dpkg -S``) and its version
  (``dpkg-query``), and the distribution name and version from ``importlib.metadata``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv  # noqa: F401  (the base interpreter must have it: `python -m venv`)

# The frameworks users combine with gevent/eventlet (issue 13), the packages the catalog's agents instrument,
# and the rest of what src/lang/python/third-party-imports.ts used to list by hand.
ROOTS = [
    # OpenStack libraries
    "oslo_log", "oslo_config", "oslo_concurrency", "oslo_messaging", "oslo_service", "oslo_db", "oslo_utils",
    # task queues and messaging
    "kombu", "celery", "amqp", "pika",
    # databases and caches
    "sqlalchemy", "psycopg", "psycopg2", "redis", "pymysql", "MySQLdb", "pymongo", "elasticsearch",
    # cloud SDKs, RPC
    "botocore", "boto3", "grpc",
    # web frameworks and servers
    "django", "django.db.backends.mysql", "django.db.backends.mysql.base", "flask", "werkzeug", "fastapi",
    "starlette", "tornado", "gunicorn",
    # HTTP clients
    "requests", "urllib3", "httpx", "httpcore", "aiohttp", "httplib2",
    # async frameworks
    "trio", "anyio",
    # scientific stack
    "numpy", "numpy.distutils", "pandas", "scipy", "sklearn", "torch", "matplotlib", "matplotlib.pyplot", "pylab",
]
# Never measured: the patchers themselves (what they load is the patch, not a load before it). Their modules
# are not scanned for captures either (eventlet.green.* keeps the original socket/ssl/threading on purpose).
SKIP = {"eventlet", "gevent"}
# Roots whose public submodules (one level, `pkgutil.iter_modules`) are measured too: `from oslo_log import log`
# loads what oslo_log/log.py imports, while oslo_log/__init__.py may import nothing. Not for the scientific stack
# (hundreds of submodules that load what their parent loads, and seconds per import).
NO_SUBMODULES = {"numpy", "pandas", "scipy", "sklearn", "torch", "matplotlib", "pylab"}
SUBMODULE_SKIP = {"tests", "test", "__main__"}
# Standard-library modules kept in the lists: every stdlib target, loadTarget and directLoadTarget of the
# Python catalog, plus the thread/process machinery.
KEEP_STDLIB = {
    "_thread", "_threading_local", "builtins", "distutils", "http.client", "logging", "os", "queue", "select",
    "selectors", "signal", "socket", "sqlite3", "ssl", "subprocess", "sys", "threading", "time",
    "urllib.request",
    "asyncio", "concurrent.futures", "multiprocessing",
}
# Non-stdlib dotted modules kept (catalog targets that are submodules).
KEEP_DOTTED = {"grpc._cython.cygrpc", "matplotlib.pyplot", "matplotlib.pylab", "mysql.connector", "gi.repository"}
# Patched attributes whose copies are recorded (gevent's patched names in the catalog, GEVENT_NAMES).
CAPTURE_NAMES = {
    "socket": ["socket", "SocketType", "create_connection", "fromfd", "socketpair", "getaddrinfo", "gethostbyname",
               "gethostbyname_ex", "gethostbyaddr", "getnameinfo", "getfqdn"],
    "ssl": ["SSLContext", "SSLSocket", "wrap_socket", "get_server_certificate"],
    "threading": ["Lock", "Event", "local", "_start_new_thread", "_allocate_lock", "_get_ident", "_sleep", "_DummyThread"],
    "_thread": ["allocate_lock", "allocate", "get_ident", "exit", "LockType", "stack_size", "start_new_thread", "_local"],
    "_threading_local": ["local"],
    "time": ["sleep"],
    "select": ["select", "poll", "epoll", "kqueue", "kevent", "devpoll"],
    "selectors": ["DefaultSelector", "EpollSelector", "KqueueSelector", "DevpollSelector", "PollSelector", "SelectSelector"],
    "os": ["fork", "forkpty", "waitpid"],
    "subprocess": ["Popen", "call", "check_call", "check_output", "run"],
    "signal": ["signal", "getsignal"],
    "queue": ["SimpleQueue"],
}
# Django's modules read settings at import time: they are measured with DJANGO_SETTINGS_MODULE naming a minimal
# settings module (SECRET_KEY only, nothing installed), which is itself never recorded.
DJANGO_SETTINGS = "patch_order_measure_settings"
DJANGO_SETTINGS_TEXT = 'SECRET_KEY = "measure-only"\n'
DROP = {"__main__", "__mp_main__", "sitecustomize", "usercustomize", DJANGO_SETTINGS}
# The measuring directory (holds the venv and the settings module); set by main().
WORKDIR = tempfile.gettempdir()
END = "@@patch-order-end-of-import@@"

# Runs in the measured interpreter after `import <root>`: which non-stdlib modules hold a copy of a patched
# attribute (or subclass a patched class). Prints JSON {module: {target: [names]}} on stdout.
CAPTURE_CODE = r"""
_mods = dict(_snapshot)
_std = set(sys.stdlib_module_names)
_wanted = %(names)r
_skip = %(skip)r
_objs = {}
for _t, _ns in _wanted.items():
    _m = _mods.get(_t)
    if _m is None:
        continue
    for _n in _ns:
        if hasattr(_m, _n):
            _objs.setdefault(id(getattr(_m, _n)), (getattr(_m, _n), []))[1].append((_t, _n))
_out = {}
for _name, _m in sorted(_mods.items()):
    # `__original_module_socket`, `__patched_module_*`: eventlet's copies of modules (eventlet.patcher)
    if _m is None or _name.split('.')[0] in _std or _name.split('.')[0] in _skip or _name.startswith('__') or _name in _start:
        continue
    try:
        _vars = dict(vars(_m))
    except TypeError:
        continue
    for _k, _v in _vars.items():
        _hits = []
        _o = _objs.get(id(_v))
        if _o is not None and _o[0] is _v:
            _hits += _o[1]
        elif isinstance(_v, type) and getattr(_v, '__module__', None) == _name:
            for _base in _v.__mro__[1:]:
                _o = _objs.get(id(_base))
                if _o is not None and _o[0] is _base:
                    _hits += _o[1]
        for _t, _n in _hits:
            _out.setdefault(_name, {}).setdefault(_t, set()).add(_n)
print(json.dumps({m: {t: sorted(ns) for t, ns in d.items()} for m, d in _out.items()}))
"""


def make_clean_python(base: str, tmp: str) -> str:
    """A venv without pip and without system site-packages: start-up as the interpreter ships it."""
    target = os.path.join(tmp, "venv")
    subprocess.run([base, "-m", "venv", "--without-pip", target], check=True)
    return os.path.join(target, "bin", "python")


def run(python: str, code: str, importtime: bool, timeout: int = 180) -> tuple[int, str, str]:
    args = [python]
    if importtime:
        args += ["-X", "importtime"]
    args += ["-c", code]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["MPLBACKEND"] = "Agg"  # matplotlib.pyplot must not look for a display
    env["DJANGO_SETTINGS_MODULE"] = DJANGO_SETTINGS
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env, cwd=WORKDIR)
    except subprocess.TimeoutExpired:
        return 124, "", "timeout"
    return p.returncode, p.stdout, p.stderr


def importtime_names(stderr: str) -> list[str]:
    """Module names from `-X importtime` output up to the end marker, in the order imports finished."""
    names = []
    for line in stderr.splitlines():
        if line.strip() == END:
            break
        if not line.startswith("import time:") or "|" not in line:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name and name != "imported package":
            names.append(name)
    return names


def site_prelude(sites: list[str]) -> str:
    # `-c` puts the working directory first on sys.path: that is where the Django settings module is.
    return f"import sys\nsys.path.extend({sites!r})\n"


def enumerate_submodules(python: str, sites: list[str], roots: list[str]) -> list[str]:
    """One level of public submodules of each root that is a package."""
    code = (
        site_prelude(sites)
        + "import importlib.util, pkgutil, json\n"
        + "out = []\n"
        + f"for name in {roots!r}:\n"
        + "    try:\n"
        + "        spec = importlib.util.find_spec(name)\n"
        + "    except Exception:\n"
        + "        continue\n"
        + "    if spec is None or not spec.submodule_search_locations: continue\n"
        + "    for info in pkgutil.iter_modules(spec.submodule_search_locations):\n"
        + f"        if info.name.startswith('_') or info.name in {sorted(SUBMODULE_SKIP)!r}: continue\n"
        + "        out.append(name + '.' + info.name)\n"
        + "print(json.dumps(sorted(set(out))))\n"
    )
    rc, out, err = run(python, code, importtime=False)
    if rc != 0:
        raise SystemExit(err)
    return json.loads(out)


def measure(python: str, sites: list[str], startup: set[str], stdlib: set[str], name: str):
    """(name, loads, third-party top-level names loaded, captures, error)."""
    code = (
        site_prelude(sites)
        + f"_start = set(sys.modules)\nimport {name}\n"
        + f"_snapshot = list(sys.modules.items())\nsys.stderr.write({END!r} + '\\n')\nsys.stderr.flush()\n"
        + "import json\n"
        + "print(json.dumps(sorted(m for m, _ in _snapshot)))\n"
        + CAPTURE_CODE % {"names": CAPTURE_NAMES, "skip": sorted(SKIP)}
    )
    rc, out, err = run(python, code, importtime=True)
    if rc != 0:
        lines = [l for l in err.splitlines() if l.strip() and not l.startswith("import time:")]
        return name, None, None, None, (lines[-1] if lines else f"exit {rc}")[:120]
    out_lines = out.strip().splitlines()
    after = set(json.loads(out_lines[-2]))
    captures = json.loads(out_lines[-1])
    loaded = (set(importtime_names(err)) & after) - startup - DROP - {name}
    top = name.split(".")[0]
    keep: set[str] = set()
    third: set[str] = set()
    for m in loaded:
        head = m.split(".")[0]
        if head in stdlib:
            if m in KEEP_STDLIB:
                keep.add(m)
        elif m in KEEP_DOTTED:
            keep.add(m)
        elif head != top and not head.startswith("_"):
            keep.add(head)
            third.add(head)
        # the root's own submodules are not recorded
    merged: dict[str, set[str]] = {}
    for _mod, by_target in captures.items():
        for t, ns in by_target.items():
            merged.setdefault(t, set()).update(ns)
    return name, sorted(keep), sorted(third), {t: sorted(ns) for t, ns in sorted(merged.items())}, None


def provenance(python: str, sites: list[str], names: list[str]) -> dict[str, dict[str, str]]:
    """Debian package and version, and distribution name and version, of each root's top-level package."""
    code = (
        site_prelude(sites)
        + "import importlib.util, importlib.metadata, json\n"
        + "dists = importlib.metadata.packages_distributions()\n"
        + "out = {}\n"
        + f"for name in {sorted({n.split('.')[0] for n in names})!r}:\n"
        + "    try:\n"
        + "        spec = importlib.util.find_spec(name)\n"
        + "    except Exception:\n"
        + "        spec = None\n"
        + "    if spec is None: continue\n"
        + "    path = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin\n"
        # packages_distributions() needs top_level.txt or RECORD; an old egg-info may have neither: try the name
        + "    d = (dists.get(name) or [name])[0]\n"
        + "    v = None\n"
        + "    if d:\n"
        + "        try: v = importlib.metadata.version(d)\n"
        + "        except Exception: d = v = None\n"
        + "    out[name] = {'path': path, 'dist': d, 'distVersion': v}\n"
        + "print(json.dumps(out))\n"
    )
    rc, out, err = run(python, code, importtime=False)
    if rc != 0:
        raise SystemExit(err)
    found = json.loads(out)
    dpkg = shutil.which("dpkg")
    result: dict[str, dict[str, str]] = {}
    for name, info in found.items():
        entry: dict[str, str] = {}
        if dpkg and info["path"]:
            p = subprocess.run([dpkg, "-S", info["path"]], capture_output=True, text=True)
            if p.returncode == 0 and p.stdout:
                owners = p.stdout.splitlines()[0].rsplit(": ", 1)[0]
                pkgs = [o.strip().split(":")[0] for o in owners.split(",")]
                entry["debian"] = ", ".join(pkgs)
                versions = []
                for pkg in pkgs:
                    q = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
                    versions.append(q.stdout.strip() if q.returncode == 0 else "?")
                entry["version"] = ", ".join(versions)
        if info.get("dist"):
            entry["dist"] = info["dist"]
        if info.get("distVersion"):
            entry["distVersion"] = info["distVersion"]
        result[name] = entry
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default="/usr/bin/python3", help="base interpreter, Debian's system Python by default (a clean venv is made from it)")
    ap.add_argument("--site", action="append", help="site directory to measure (default: the base's site.getsitepackages())")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "lang", "python", "package-loads.json"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append", help="measure these import names instead of ROOTS (tests)")
    args = ap.parse_args()

    sites = args.site
    if not sites:
        rc, out, err = run(args.python, "import site, json; print(json.dumps(site.getsitepackages()))", importtime=False)
        if rc != 0:
            raise SystemExit(err)
        sites = [s for s in json.loads(out) if os.path.isdir(s)]

    global WORKDIR
    with tempfile.TemporaryDirectory() as tmp:
        WORKDIR = tmp
        with open(os.path.join(tmp, DJANGO_SETTINGS + ".py"), "w", encoding="utf-8") as f:
            f.write(DJANGO_SETTINGS_TEXT)
        python = make_clean_python(args.python, tmp)
        _rc, version, _ = run(python, "import sys; print('%d.%d.%d' % sys.version_info[:3])", importtime=False)
        version = version.strip()
        _rc, out, _ = run(python, "import sys; print('\\n'.join(sorted(sys.modules)))", importtime=False)
        startup = {l.strip() for l in out.splitlines() if l.strip()} - {"__main__"}
        _rc, out, _ = run(python, "import sys, json; print(json.dumps(sorted(sys.stdlib_module_names)))", importtime=False)
        stdlib = set(json.loads(out))

        packages: dict[str, dict] = {}
        failed: dict[str, str] = {}
        todo = [r for r in (args.only or ROOTS) if r.split(".")[0] not in SKIP]
        with_subs = sorted({r for r in todo if "." not in r and r not in NO_SUBMODULES})
        todo += [m for m in enumerate_submodules(python, sites, with_subs) if m not in todo]
        seen = set(todo)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            while todo:
                batch, todo = todo, []
                for name, loads, third, caps, error in pool.map(lambda n: measure(python, sites, startup, stdlib, n), batch):
                    if loads is None:
                        failed[name] = error
                        continue
                    packages[name] = {"loads": loads, **({"captures": caps} if caps else {})}
                    for dep in third:
                        if dep not in seen and dep not in SKIP:
                            seen.add(dep)
                            todo.append(dep)
        prov = provenance(python, sites, list(packages) + list(failed))
        for name, entry in packages.items():
            info = prov.get(name.split(".")[0], {})
            packages[name] = {**info, **entry}

    doc = {
        "python": version,
        "generated": datetime.date.today().isoformat(),
        "method": "python -X importtime -c 'import <package>' in a fresh interpreter of a clean venv made from the "
        "system Python, the system site directories appended to sys.path (no .pth files run); each list excludes "
        "the start-up set and keeps the modules in `keep` plus the top-level names of other third-party packages; "
        "captures are module-level names whose value is a patched attribute (or subclasses one); "
        "DJANGO_SETTINGS_MODULE names a minimal settings module (SECRET_KEY only); "
        "see scripts/gen-python-package-loads.py",
        "platform": sys.platform,
        "startup": sorted(startup),
        "keep": sorted(KEEP_STDLIB | KEEP_DOTTED),
        "captureNames": CAPTURE_NAMES,
        "skipped": sorted(SKIP),
        "unimportable": dict(sorted(failed.items())),
        "packages": dict(sorted(packages.items())),
    }
    out = os.path.abspath(args.out)
    with open(out, "w", encoding="utf-8") as f:
        # One line per key and per package: small, and diffs stay readable when regenerated.
        f.write("{\n")
        for key in ("python", "generated", "method", "platform", "startup", "keep", "captureNames", "skipped", "unimportable"):
            f.write(f"{json.dumps(key)}: {json.dumps(doc[key])},\n")
        f.write('"packages": {\n')
        items = list(doc["packages"].items())
        for i, (name, entry) in enumerate(items):
            f.write(f"{json.dumps(name)}: {json.dumps(entry)}{',' if i < len(items) - 1 else ''}\n")
        f.write("}\n}\n")
    print(f"python {version}: {len(packages)} packages, {len(failed)} unimportable -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
