"""Reading and writing whole tables, for the project bundle (``ops.bundle``): column types, keys, foreign
keys, and rows inserted as they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workbench.store import migrations

# the search index is rebuilt, not bundled; what went to / came from a desk's shared folder is this file's own
INTERNAL = {"_sqlite_migrations", "oplog", "exchange_sets", "exchange_sent"} | migrations.DERIVED_TABLES
# settings keys describing derived data (the search index) or this copy's own set-up (its shared folder): never
# bundled
DERIVED_SETTINGS = ("search_", "exchange.")


def _skipped(table: str) -> bool:
    return table in INTERNAL or table.startswith("sqlite_")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # TEXT, INTEGER, BLOB, REAL (declared type, upper case)
    required: bool  # NOT NULL without a default (or a primary key column other than an INTEGER PRIMARY KEY)
    pk: int
    notnull: bool = False  # NOT NULL (with or without a default): an explicit null is refused


def schema(db: Database) -> dict[str, list[Column]]:
    """The project's tables (without internal ones) and their columns."""
    out = {}
    for table in sorted(db.table_names()):
        if _skipped(table):
            continue
        cols = []
        rows = db.execute(f"PRAGMA main.table_info([{table}])").fetchall()
        integer_pk = sum(1 for r in rows if r[5]) == 1 and any(r[5] and (r[2] or "").upper() == "INTEGER"
                                                               for r in rows)
        for _cid, name, type_, notnull, default, pk in rows:
            type_ = (type_ or "").upper()
            auto = bool(pk) and integer_pk
            cols.append(Column(name, type_, ((bool(notnull) and default is None) or bool(pk)) and not auto, pk,
                               bool(notnull)))
        out[table] = cols
    return out


def foreign_keys(db: Database) -> dict[str, list[tuple[str, str, str]]]:
    """table → [(column, referenced table, referenced column)]."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for table in schema(db):
        out[table] = [(r[3], r[2], r[4]) for r in db.execute(f"PRAGMA main.foreign_key_list([{table}])")]
    return out


def schema_version() -> int:
    return migrations.SCHEMA_VERSION


def read_all(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in the order they were written (rowid), so that an import writes them in the same order
    (lists ordered by creation time then rowid come out alike); history included, derived tables and settings
    left out; blobs as bytes."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in schema(db):
        cur = db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
        cols = [c[0] for c in cur.description]
        tables[table] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    if "settings" in tables:
        tables["settings"] = [r for r in tables["settings"] if not str(r["key"]).startswith(DERIVED_SETTINGS)]
    return tables


def mark_search_index_stale(db: Database) -> None:
    """After rows were added behind the search index's back, ask for a rebuild (when the project has one)."""
    db.execute("UPDATE settings SET value = 'stale' WHERE key = 'search_index'")


def defer_foreign_keys(db: Database) -> None:
    """Check foreign keys at commit instead of at each insert (inside a transaction)."""
    db.execute("PRAGMA defer_foreign_keys = ON")


def find(db: Database, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    where = " AND ".join(f"[{k}] = ?" for k in key)
    cur = db.execute(f"SELECT * FROM [{table}] WHERE {where}", list(key.values()))
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None


def insert(db: Database, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(f"[{k}]" for k in row)
    db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))


def delete(db: Database, table: str, key: dict[str, Any]) -> None:
    db.execute(f"DELETE FROM [{table}] WHERE {' AND '.join(f'[{k}] = ?' for k in key)}", list(key.values()))


def delete_all(db: Database, table: str) -> None:
    db.execute(f"DELETE FROM [{table}]")


def max_value(db: Database, table: str, column: str) -> int:
    return int(db.execute(f"SELECT coalesce(max([{column}]), -1) FROM [{table}]").fetchone()[0])


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])


def foreign_key_problems(db: Database) -> list[str]:
    return [f"a row of {table} (row {rowid}) points to a missing {parent}"
            for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()]
