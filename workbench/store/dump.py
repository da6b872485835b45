"""A canonical, comparable dump of a project's content (for tests, bundles and undo checks)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from workbench.store import migrations

SKIPPED = {"history", "oplog", "_sqlite_migrations"} | migrations.DERIVED_TABLES  # the search index is derived


def dump(db: Database, *, include_history: bool = False, raw_blobs: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows as dicts, sorted by primary key; blobs as hex (or as bytes with ``raw_blobs``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in sorted(db.table_names()):
        if (table in SKIPPED and not (include_history and table == "history")) or table.startswith("sqlite_"):
            continue
        t = db.table(table)
        pks = t.pks if t.pks != ["rowid"] else ["rowid"]
        rows = []
        cols = [c.name for c in t.columns]
        for row in db.execute(f"SELECT * FROM [{table}] ORDER BY {', '.join(f'[{k}]' for k in pks)}").fetchall():
            rows.append({c: (v if raw_blobs or not isinstance(v, bytes) else v.hex())
                         for c, v in zip(cols, row, strict=True)})
        out[table] = rows
    return out
