"""Row-level change capture for undo and redo.

TEMP triggers (they live in the connection's temporary schema, never in the
project file) record every insert, update and delete on the captured tables
into ``temp._changes`` while a user action's transaction runs. The rows
recorded during one ``Project.write()`` form a ``ChangeSet``; undo applies it
backwards (delete what was inserted, re-insert what was deleted, restore old
values), redo forwards. History is never captured: it is append-only, and undo
and redo add their own history entries.

Blob columns are captured as hex text and decoded on replay. Documents are
captured for metadata updates only (their text and bytes never change).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workbench.store import migrations

# table → columns captured on UPDATE only (documents: metadata); None = all columns, all operations
UPDATE_ONLY = {"documents": ("id", "title", "publisher", "author", "url", "published", "language", "direction",
                             "derived")}
NOT_CAPTURED = {"history", "_sqlite_migrations", "settings"} | migrations.DERIVED_TABLES  # derived: the search index


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    op: str  # "insert" | "update" | "delete"
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    changes: tuple[RowChange, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def tables(self) -> set[str]:
        return {c.table for c in self.changes}


def _columns(db: Database, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, pk position) of each column."""
    return [(r[1], (r[2] or "").upper(), r[5]) for r in db.execute(f"PRAGMA main.table_info([{table}])")]


def _json_expr(cols: list[tuple[str, str, int]], alias: str) -> str:
    parts = []
    for name, type_, _pk in cols:
        value = f"hex({alias}.[{name}])" if type_ == "BLOB" else f"{alias}.[{name}]"
        parts.append(f"'{name}', {value}")
    return f"json_object({', '.join(parts)})"


def install(db: Database) -> None:
    """Create the temp change table and triggers for every captured table (idempotent)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _changes (seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, "
               "old TEXT, new TEXT)")
    for table in db.table_names():
        if table in NOT_CAPTURED or table.startswith(("sqlite_", "_")):
            continue
        cols = _columns(db, table)
        only = UPDATE_ONLY.get(table)
        if only:
            cols = [c for c in cols if c[0] in only]
        ops = ("UPDATE",) if only else ("INSERT", "UPDATE", "DELETE")
        for op in ops:
            old = _json_expr(cols, "OLD") if op != "INSERT" else "NULL"
            new = _json_expr(cols, "NEW") if op != "DELETE" else "NULL"
            db.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS [_capture_{table}_{op.lower()}] AFTER {op} ON main.[{table}] "
                f"BEGIN INSERT INTO _changes (tbl, op, old, new) VALUES ('{table}', '{op.lower()}', "
                f"{old}, {new}); END"
            )


def reset(db: Database) -> None:
    db.execute("DELETE FROM temp._changes")


def collect(db: Database) -> ChangeSet:
    rows = db.execute("SELECT tbl, op, old, new FROM temp._changes ORDER BY seq").fetchall()
    changes = []
    for tbl, op, old, new in rows:
        o = json.loads(old) if old else None
        n = json.loads(new) if new else None
        if op == "update" and o == n:
            continue
        changes.append(RowChange(tbl, op, o, n))
    return ChangeSet(tuple(changes))


def _decode(db: Database, table: str, row: dict[str, Any]) -> dict[str, Any]:
    blobs = {name for name, type_, _ in _columns(db, table) if type_ == "BLOB"}
    return {k: (bytes.fromhex(v) if k in blobs and v is not None else v) for k, v in row.items()}


def _pk(db: Database, table: str) -> list[str]:
    cols = sorted((c for c in _columns(db, table) if c[2]), key=lambda c: c[2])
    return [c[0] for c in cols] or ["rowid"]


def _where(pk: list[str], row: dict[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"[{k}] = ?" for k in pk), [row[k] for k in pk]


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    row = _decode(db, table, row)
    cols = ", ".join(f"[{k}]" for k in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values()))


def _update(db: Database, table: str, row: dict[str, Any], key_row: dict[str, Any]) -> None:
    row = _decode(db, table, row)
    pk = _pk(db, table)
    where, params = _where(pk, key_row)
    sets = ", ".join(f"[{k}] = ?" for k in row)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*row.values(), *params])


def _delete(db: Database, table: str, row: dict[str, Any]) -> None:
    where, params = _where(_pk(db, table), row)
    db.execute(f"DELETE FROM [{table}] WHERE {where}", params)


def apply_backward(db: Database, changeset: ChangeSet) -> None:
    """Undo: revert each change, last first (call inside a transaction)."""
    for c in reversed(changeset.changes):
        if c.op == "insert" and c.new is not None:
            _delete(db, c.table, c.new)
        elif c.op == "delete" and c.old is not None:
            _insert(db, c.table, c.old)
        elif c.op == "update" and c.old is not None and c.new is not None:
            _update(db, c.table, c.old, c.new)


def apply_forward(db: Database, changeset: ChangeSet) -> None:
    """Redo: re-apply each change, first first (call inside a transaction)."""
    for c in changeset.changes:
        if c.op == "insert" and c.new is not None:
            _insert(db, c.table, c.new)
        elif c.op == "delete" and c.old is not None:
            _delete(db, c.table, c.old)
        elif c.op == "update" and c.old is not None and c.new is not None:
            _update(db, c.table, c.new, c.old)
