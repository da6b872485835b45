"""Dataclass methods compiled once, not at every start.

``@dataclass`` writes the source of each class's methods (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
the frozen ``__setattr__``…) and compiles it with ``exec`` when the class is defined. The window's start defines
about 70 dataclasses (the domain model, the store, sqlite-utils): compiling their ~370 methods took ~29 ms of a
start of ~350 ms (issue 15: first paint within 2x a bare Qt window's).

``install(path)`` gives the ``dataclasses`` module an ``exec`` of its own (a module global, found before the
builtin; nothing else changes) that looks each source text up in a cache of code objects read from ``path``
(one ``marshal`` file, like Python's own ``.pyc`` files and Jinja's template cache) and compiles only what is
missing; new entries are written back when the process ends. The code executed is byte for byte what
``compile`` makes of the same text, so classes behave exactly as without the cache. The file records the
interpreter's bytecode magic number and version: another Python ignores it. A missing, damaged or foreign file
is ignored (and replaced at exit); a file that cannot be written is skipped. Only the entry points call
``install`` (``workbench.app``: the window and the command line), never a library import, so tests and child
processes compile as Python always does.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import importlib.util
import marshal
import os
import sys
import types
from pathlib import Path
from typing import Any

MAX_BYTES = 8 * 1024 * 1024  # a larger file is not ours (the app's own is ~0.5 MB)
MAX_ENTRIES = 20_000

_compile_exec = builtins.exec
_state: dict[str, Any] = {"path": None, "codes": {}, "new": 0, "hits": 0, "misses": 0}


def _header() -> tuple[bytes, str]:
    return (importlib.util.MAGIC_NUMBER, sys.version)


def _read(path: Path) -> dict[str, types.CodeType]:
    """The cache in ``path``: {source text: code}; empty when missing, damaged or made by another Python."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError:
        return {}
    if len(data) > MAX_BYTES:
        return {}
    try:
        loaded = marshal.loads(data)  # marshal.load(file) reads in small pieces: ~15x slower
    except (ValueError, EOFError, TypeError):
        return {}
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[:2] == _header()
            and isinstance(loaded[2], dict) and len(loaded[2]) <= MAX_ENTRIES):
        return {}
    return {k: v for k, v in loaded[2].items() if isinstance(k, str) and isinstance(v, types.CodeType)}


def _cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    if not isinstance(source, str):
        _compile_exec(source, globals, locals)
        return
    codes = _state["codes"]
    code = codes.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")  # what exec(source) would compile
        if len(codes) < MAX_ENTRIES:
            codes[source] = code
            _state["new"] += 1
        _state["misses"] += 1
    else:
        _state["hits"] += 1
    _compile_exec(code, globals, locals)


def install(path: Path) -> None:
    """Read the cache at ``path`` and route ``dataclasses``' compiling through it; write it back at exit."""
    if _state["path"] is not None:
        return
    _state["path"] = Path(path)
    _state["codes"] = _read(Path(path))
    dataclasses.exec = _cached_exec  # type: ignore[attr-defined]
    atexit.register(save)


def uninstall() -> None:
    """Back to compiling every time (tests)."""
    if getattr(dataclasses, "exec", None) is _cached_exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    atexit.unregister(save)
    _state.update(path=None, codes={}, new=0, hits=0, misses=0)


def stats() -> dict[str, int]:
    """Hits and misses since ``install`` (the README's figures; tests)."""
    return {"hits": _state["hits"], "misses": _state["misses"], "entries": len(_state["codes"])}


def save() -> bool:
    """Write the cache when this process compiled something new; False when nothing was written."""
    path = _state["path"]
    if path is None or not _state["new"]:
        return False
    data = marshal.dumps((*_header(), dict(_state["codes"])))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)  # a cache: no fsync (a torn file after a power cut is ignored next time)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    _state["new"] = 0
    return True
