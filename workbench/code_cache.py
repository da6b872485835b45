"""Code compiled once, not at every start: the dataclasses' methods and PySide6's own start-up modules.

Two things compile Python source at every start of the window, although the source never changes:

* ``@dataclass`` writes the source of each class's methods (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
  the frozen ``__setattr__``…) and compiles it with ``exec`` when the class is defined. The window's start
  defines about 70 dataclasses (the domain model, the store, sqlite-utils): ~370 methods, ~29 ms of a start of
  ~350 ms (issue 15: first paint within 2x a bare Qt window's);
* PySide6's import compiles the source of its ``shibokensupport`` modules (the signature support, kept as text
  inside the shiboken library) with ``compile``: 14 modules, 17-25 ms of every start.

``install(path)`` gives the ``dataclasses`` module an ``exec`` of its own (a module global, found before the
builtin; nothing else changes) that looks each source text up in a cache of code objects read from ``path``
(one ``marshal`` file, like Python's own ``.pyc`` files and Jinja's template cache) and compiles only what is
missing; new entries are written back when the process ends. ``compiling()`` does the same for the builtin
``compile`` while PySide6 is imported (``workbench.app.make_application``), for calls that make code from a
text (keyed by the text, the file name, the mode and the ``__future__`` flags in effect). The code executed is
byte for byte what ``compile`` makes of the same text in the same place, so everything behaves exactly as
without the cache. The file records the
interpreter's bytecode magic number and version and the cache's own format: another Python or another format
ignores it. A missing, damaged or foreign file is ignored (and replaced at exit); a file that cannot be written
is skipped. Only the entry points call ``install`` (``workbench.app``: the window and the command line), never
a library import, so tests and child processes compile as Python always does.
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import contextlib
import dataclasses
import functools
import importlib.util
import marshal
import operator
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = 2  # 2: the dataclasses' methods compiled without this module's own __future__ flags; compile() entries
MAX_BYTES = 8 * 1024 * 1024  # a larger file is not ours (the app's own is ~0.8 MB)
MAX_ENTRIES = 20_000
# the __future__ flags a caller's compile() inherits (compile's default): part of the cache key
FUTURE_FLAGS = functools.reduce(operator.or_, (getattr(__future__, name).compiler_flag
                                               for name in __future__.all_feature_names))

_compile_exec = builtins.exec
_compile = builtins.compile
_state: dict[str, Any] = {"path": None, "codes": {}, "new": 0, "hits": 0, "misses": 0}

# a dataclass method's source | (filename, mode, source, flags) of a compile() call
Key = str | tuple[str, str, str | bytes, int]


def _header() -> tuple[bytes, str, int]:
    return (importlib.util.MAGIC_NUMBER, sys.version, FORMAT)


def _is_key(key: object) -> bool:
    return isinstance(key, str) or (isinstance(key, tuple) and len(key) == 4 and isinstance(key[0], str)
                                     and isinstance(key[1], str) and isinstance(key[2], str | bytes)
                                     and isinstance(key[3], int))


def _read(path: Path) -> dict[Key, types.CodeType]:
    """The cache in ``path``: {key: code}; empty when missing, damaged or made by another Python or format."""
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
    if not (isinstance(loaded, tuple) and len(loaded) == 4 and loaded[:3] == _header()
            and isinstance(loaded[3], dict) and len(loaded[3]) <= MAX_ENTRIES):
        return {}
    return {k: v for k, v in loaded[3].items() if _is_key(k) and isinstance(v, types.CodeType)}


def _lookup(key: Key, source: str | bytes, filename: str, mode: str, flags: int = 0) -> types.CodeType:
    codes = _state["codes"]
    code = codes.get(key)
    if code is None:
        # dont_inherit: the caller's __future__ flags (in ``flags``), not this module's own
        code = _compile(source, filename, mode, flags, dont_inherit=True)
        if len(codes) < MAX_ENTRIES:
            codes[key] = code
            _state["new"] += 1
        _state["misses"] += 1
    else:
        _state["hits"] += 1
    return code  # type: ignore[no-any-return]


def _cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    if not isinstance(source, str):
        _compile_exec(source, globals, locals)
        return
    _compile_exec(_lookup(source, source, "<string>", "exec"), globals, locals)  # what exec(source) compiles


def _cached_compile(source: Any, filename: Any, mode: Any, flags: int = 0, dont_inherit: bool = False,
                    optimize: int = -1, **kwargs: Any) -> Any:
    if not dont_inherit:  # compile as the caller would have: with the caller's own __future__ flags
        flags |= sys._getframe(1).f_code.co_flags & FUTURE_FLAGS
    if (isinstance(source, str | bytes) and isinstance(filename, str) and mode in ("exec", "eval", "single")
            and not flags & ~FUTURE_FLAGS and optimize == -1 and not kwargs):  # code, not a tree (ast flags)
        return _lookup((filename, mode, source, flags), source, filename, mode, flags)
    return _compile(source, filename, mode, flags, True, optimize, **kwargs)


def install(path: Path) -> None:
    """Read the cache at ``path`` and route ``dataclasses``' compiling through it; write it back at exit."""
    if _state["path"] is not None:
        return
    _state["path"] = Path(path)
    _state["codes"] = _read(Path(path))
    dataclasses.exec = _cached_exec  # type: ignore[attr-defined]
    atexit.register(save)


@contextlib.contextmanager
def compiling() -> Iterator[None]:
    """The builtin ``compile`` goes through the cache inside this block (after ``install``; else unchanged). For
    a span of the start when nothing else runs (the import of PySide6), not for a whole process."""
    if _state["path"] is None or builtins.compile is not _compile:
        yield
        return
    builtins.compile = _cached_compile
    try:
        yield
    finally:
        builtins.compile = _compile


def uninstall() -> None:
    """Back to compiling every time (tests)."""
    if getattr(dataclasses, "exec", None) is _cached_exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    builtins.compile = _compile
    atexit.unregister(save)
    _state.update(path=None, codes={}, new=0, hits=0, misses=0)


def stats() -> dict[str, int]:
    """Hits and misses since ``install``, the entries, and how many of them are ``compile()`` calls' (the
    README's figures; tests)."""
    codes = _state["codes"]
    return {"hits": _state["hits"], "misses": _state["misses"], "entries": len(codes),
            "compiled": sum(isinstance(key, tuple) for key in codes)}


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
