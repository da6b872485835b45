"""Rows, logs and conflicts for merging two desks' projects (``ops.merge``): what a side holds and knows, and
the writes a merge makes (rows by primary key, recorded conflicts, log entries seen)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from workbench.domain.changes import RowChange
from workbench.domain.merging import LogItem
from workbench.domain.model import utc_now
from workbench.store import bundle as store_bundle

# tables never merged row by row: append-only or local to one file (see ops.merge for history and settings)
NOT_MERGED = frozenset({"history", "settings", "merged_ops", "exchange_sets", "exchange_sent"})
# what a merge records about itself: a log entry changing only these has nothing of the desk's work to pass on
BOOKKEEPING = frozenset({"merged_ops", "exchange_sets", "exchange_sent"})


def log_items(db: Database) -> list[LogItem]:
    """This project's own operation log, oldest first, one item per recorded transaction."""
    out = []
    for uuid_, state, changes in db.execute("SELECT uuid, state, changes FROM oplog ORDER BY seq"):
        out.append(LogItem(uuid_, state, tuple(RowChange(t, op, old, new) for t, op, old, new in json.loads(changes))))
    return out


def known(db: Database) -> dict[str, str]:
    """UUID → state of every log entry this project knows: its own, and those of other projects it merged."""
    found = {u: s for u, s in db.execute("SELECT uuid, state FROM merged_ops")}
    found.update({u: s for u, s in db.execute("SELECT uuid, state FROM oplog")})
    return found


def merged_from_elsewhere(db: Database) -> dict[str, str]:
    """UUID → state of the entries this project merged from others (not its own)."""
    return {u: s for u, s in db.execute("SELECT uuid, state FROM merged_ops")}


def own_uuids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT uuid FROM oplog")}


def remember(db: Database, entries: dict[str, str], member: str, merge_id: str) -> None:
    """Record the log entries of another project now merged here (UUID → its state there)."""
    now = utc_now()
    db.conn.executemany(
        "INSERT INTO merged_ops (uuid, state, member, merge_id, at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(uuid) DO UPDATE SET state = excluded.state, merge_id = excluded.merge_id, at = excluded.at "
        "WHERE merged_ops.state <> excluded.state",
        [(u, s, member, merge_id, now) for u, s in entries.items()])


def rows_by_key(db: Database, table: str, pk: list[str], skip: frozenset[str] = frozenset()) -> dict[str,
                                                                                                    dict[str, Any]]:
    """Every row of ``table`` by its key, without the columns in ``skip`` (a document's text and original bytes:
    they never change, and a merge compares metadata only)."""
    from workbench.domain.merging import row_key

    cols = [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])") if r[1] not in skip]
    cur = db.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]")
    return {row_key(r, pk): r for r in (dict(zip(cols, row, strict=True)) for row in cur.fetchall())}


def update(db: Database, table: str, key: dict[str, Any], values: dict[str, Any]) -> None:
    sets = ", ".join(f"[{k}] = ?" for k in values)
    where = " AND ".join(f"[{k}] = ?" for k in key)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*values.values(), *key.values()])


def references(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Parent table → (child table, column) of the declared foreign keys and the app's soft references."""
    from workbench.store.changelog import SOFT_REFERENCES

    refs: dict[str, list[tuple[str, str]]] = {}
    for child, fks in store_bundle.foreign_keys(db).items():
        for col, parent, _c in fks:
            refs.setdefault(parent, []).append((child, col))
    for child, col, parent in SOFT_REFERENCES:
        refs.setdefault(parent, []).append((child, col))
    return refs


def referenced(db: Database, table: str, row: dict[str, Any],
               refs: dict[str, list[tuple[str, str]]] | None = None) -> bool:
    """Whether a row of another table still refers to ``row`` (declared foreign keys and the app's soft ones)."""
    if "id" not in row:
        return False
    refs = references(db) if refs is None else refs
    return any(db.execute(f"SELECT 1 FROM [{child}] WHERE [{col}] = ? LIMIT 1", [row["id"]]).fetchone()
               for child, col in refs.get(table, ()))


def dangling(db: Database) -> list[tuple[str, dict[str, Any], str, Any]]:
    """Rows that refer to a row that is not there: (table, the row, the parent table, the missing key), found by
    SQLite's foreign key check."""
    out = []
    for table, rowid, parent, fk in db.execute("PRAGMA foreign_key_check").fetchall():
        cur = db.execute(f"SELECT * FROM [{table}] WHERE rowid = ?", [rowid])
        row = cur.fetchone()
        if row is None:
            continue
        found = dict(zip([c[0] for c in cur.description], row, strict=True))
        column = next((r[3] for r in db.execute(f"PRAGMA main.foreign_key_list([{table}])") if r[0] == fk), None)
        out.append((table, found, parent, found.get(column) if column else None))
    return out


# ----- conflicts ---------------------------------------------------------------------------------------------

CONFLICT_COLUMNS = ("id", "merge_id", "other", "tbl", "row_key", "field", "kind", "ours", "theirs", "base", "label",
                    "created_at", "resolved_at", "resolution", "resolved_by")


def conflict(db: Database, conflict_id: str) -> dict[str, Any] | None:
    cur = db.execute(f"SELECT {', '.join(CONFLICT_COLUMNS)} FROM merge_conflicts WHERE id = ?", [conflict_id])
    row = cur.fetchone()
    return dict(zip(CONFLICT_COLUMNS, row, strict=True)) if row else None


def conflicts(db: Database, *, open_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE resolved_at = ''" if open_only else ""
    cur = db.execute(f"SELECT {', '.join(CONFLICT_COLUMNS)} FROM merge_conflicts {where} ORDER BY created_at, tbl, "
                     "row_key, field")
    return [dict(zip(CONFLICT_COLUMNS, r, strict=True)) for r in cur.fetchall()]


def add_conflict(db: Database, row: dict[str, Any]) -> bool:
    """Record a conflict unless one with its id is there already (merging again adds nothing); True if added."""
    cur = db.execute(f"INSERT OR IGNORE INTO merge_conflicts ({', '.join(row)}) VALUES "
                     f"({', '.join('?' for _ in row)})", list(row.values()))
    return cur.rowcount > 0


def set_resolution(db: Database, conflict_id: str, resolution: str, who: str, at: str) -> None:
    db.execute("UPDATE merge_conflicts SET resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
               [resolution, who, at, conflict_id])


def counts(db: Database) -> dict[str, int]:
    return {"open": int(db.execute("SELECT count(*) FROM merge_conflicts WHERE resolved_at = ''").fetchone()[0]),
            "resolved": int(db.execute("SELECT count(*) FROM merge_conflicts WHERE resolved_at <> ''").fetchone()[0])}


def row_for_label(db: Database, table: str, key: list[Any]) -> dict[str, Any]:
    """Enough of a row to name it in the review (its id, and a claim's text or a source's name)."""
    row: dict[str, Any] = {"id": key[0]} if len(key) == 1 else {}
    name_col = {"claims": "text", "sources": "name", "entities": "name", "documents": "title"}.get(table)
    if name_col and len(key) == 1:
        hit = db.execute(f"SELECT [{name_col}] FROM [{table}] WHERE id = ?", [key[0]]).fetchone()
        if hit:
            row[name_col] = hit[0]
    return row


def source_names(db: Database) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """(id, name) of every source, and each source's aliases."""
    aliases: dict[str, list[str]] = {}
    for sid, alias in db.execute("SELECT source_id, alias FROM source_aliases"):
        aliases.setdefault(sid, []).append(alias)
    return [(r[0], r[1]) for r in db.execute("SELECT id, name FROM sources ORDER BY rowid")], aliases


def fold_source(db: Database, keep_id: str, drop_id: str, new_aliases: list[str]) -> None:
    """Point everything that names ``drop_id`` at ``keep_id``, give it ``new_aliases``, delete ``drop_id``."""
    for table, column in (("claims", "claimant_id"), ("evidence", "source_id"), ("attribution", "source_id"),
                          ("entities", "source_id")):
        db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE [{column}] = ?", [keep_id, drop_id])
    for alias in new_aliases:
        db.execute("INSERT OR IGNORE INTO source_aliases (source_id, alias) VALUES (?, ?)", [keep_id, alias])
    db.execute("DELETE FROM source_aliases WHERE source_id = ?", [drop_id])
    db.execute("DELETE FROM sources WHERE id = ?", [drop_id])


def row_for_key(db: Database, table: str, key: list[Any]) -> dict[str, Any] | None:
    """A row by its primary key values (in key order), or None."""
    pk = [r[1] for r in sorted((r for r in db.execute(f"PRAGMA main.table_info([{table}])") if r[5]),
                               key=lambda r: r[5])]
    if not pk or len(pk) != len(key):
        return None
    return store_bundle.find(db, table, dict(zip(pk, key, strict=True)))


def insert_or_say_why(db: Database, table: str, row: dict[str, Any]) -> str | None:
    """Insert ``row``; the constraint it breaks, if it does (then nothing was inserted)."""
    import sqlite3

    try:
        store_bundle.insert(db, table, row)
    except sqlite3.IntegrityError as exc:
        return str(exc)
    return None
