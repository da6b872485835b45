"""What workbench.store changes in how sqlite-utils is imported: nothing it does, only when it does it."""

from __future__ import annotations

import re
from pathlib import Path

import sqlite_utils
import sqlite_utils.db

import workbench.store as store


def test_the_virtual_table_pattern_is_compiled_on_first_use_and_reads_as_sqlite_utils_wrote_it(
        tmp_path: Path) -> None:
    lazy = sqlite_utils.db._virtual_table_using_re
    assert isinstance(lazy, store._PatternOnFirstUse)
    assert re.compile is not None and re.compile.__module__ == "re"  # the stand-in is gone after the import
    pattern, flags = lazy._args
    assert store.SLOW_PATTERN_MARK in pattern and flags & re.VERBOSE and flags & re.IGNORECASE
    db = sqlite_utils.Database(tmp_path / "fts.db", execute_plugins=False)
    db.execute("CREATE VIRTUAL TABLE [notes index] USING FTS5 (body)")
    db["plain"].insert({"id": 1})
    assert db["notes index"].virtual_table_using == "FTS5"  # sqlite-utils' own use, through the stand-in
    assert db["plain"].virtual_table_using is None
    eager = re.compile(pattern, flags)
    for schema in ('CREATE VIRTUAL TABLE "a""b" USING fts4(x)',
                   "create virtual table if not exists ünïcode using rtree", "CREATE TABLE t (x)"):
        a, b = lazy.match(schema), eager.match(schema)
        assert (a and a.groupdict()) == (b and b.groupdict())
    db.close()


def test_a_pattern_without_the_mark_is_compiled_at_once() -> None:
    assert isinstance(sqlite_utils.db._quote_fts_re, re.Pattern)
