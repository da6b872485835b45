"""The only code that touches SQLite (through sqlite-utils).

Two things sqlite-utils does at import that this application does not need at every start:

* it imports ``dateutil.parser`` for its date recipes, which this application never calls (about a twentieth of
  a second). It is registered here as a lazy module (the standard ``importlib.util.LazyLoader`` recipe): it
  loads on first attribute use, which never happens in a normal session;
* it compiles the pattern that reads a virtual table's ``CREATE VIRTUAL TABLE … USING`` (``Table.
  virtual_table_using``): a character class of every non-ASCII character, case-insensitive, 13-18 ms to compile
  on this machine, used only by full-text-search helpers (``enable_fts``: the published archive). It is made
  when first used instead (``_PatternOnFirstUse``), by a ``re.compile`` that stands in for the real one only
  while ``sqlite_utils`` is imported here and only for that pattern (found by its text; if a later sqlite-utils
  changes the text, it is compiled at import as before).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from typing import Any

SLOW_PATTERN_MARK = r"CREATE\s+VIRTUAL\s+TABLE"


class _PatternOnFirstUse:
    """A ``re.Pattern`` compiled when one of its attributes is first used (``match``, ``search``…)."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._pattern: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._pattern is None:
            self._pattern = re.compile(*self._args)
        return getattr(self._pattern, name)


def _import_sqlite_utils() -> None:
    if "sqlite_utils.db" in sys.modules:
        return
    compile_now = re.compile

    def compile_slow_pattern_later(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and SLOW_PATTERN_MARK in pattern:
            return _PatternOnFirstUse(pattern, int(flags))
        return compile_now(pattern, flags)

    re.compile = compile_slow_pattern_later  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401 (imported for its patterns)
    finally:
        re.compile = compile_now


def _lazy_module(name: str) -> None:
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


_lazy_module("dateutil.parser")
_import_sqlite_utils()
