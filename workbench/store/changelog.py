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
from typing import Any

from sqlite_utils import Database

from workbench.domain.changes import ChangeSet, RowChange
from workbench.store import migrations

__all__ = ["ChangeSet", "RowChange", "apply_backward", "apply_forward", "collect", "conflicts", "install"]

# table → columns captured on UPDATE only (documents: metadata); None = all columns, all operations
UPDATE_ONLY = {"documents": ("id", "title", "publisher", "author", "url", "published", "language", "direction",
                             "derived")}
# derived tables: the search index; the operation log holds the captured changes themselves
# exchange_sent: what this file wrote to the desk's shared folder — a fact about the folder, never undone
NOT_CAPTURED = {"history", "oplog", "_sqlite_migrations", "settings", "exchange_sent"} | migrations.DERIVED_TABLES


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


_NOUNS = {"claims": "claim", "sources": "source", "evidence": "evidence", "passages": "passage",
          "entities": "entity", "documents": "document", "appearances": "appearance of a claim",
          "attribution": "attribution of a claim", "claim_tags": "tag of a claim", "ratings": "rating",
          "source_aliases": "source alias", "entity_aliases": "entity alias", "segments": "segment",
          "segment_marks": "segment mark", "evidence_files": "evidence file"}


def describe(table: str, row: dict[str, Any]) -> str:
    """A row named for a person: "the source “Ministry of Health”", "the claim 3f2a…"."""
    noun = _NOUNS.get(table, f"row of {table}")
    for key in ("name", "title", "text", "exact", "label", "alias"):
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            short = " ".join(value.split())
            return f"the {noun} “{short[:60]}{'…' if len(short) > 60 else ''}”"
    ident = row.get("id")
    return f"the {noun} {str(ident)[:8]}" if ident is not None else f"a {noun}"


def _current(db: Database, table: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The row as it is now, on the captured columns (in the captured form), or None when it is gone."""
    cols = [c for c in _columns(db, table) if c[0] in row]
    pk = _pk(db, table)
    if any(k not in row for k in pk):
        return None
    where, params = _where(pk, row)
    found = db.execute(f"SELECT {_json_expr(cols, 'T')} FROM main.[{table}] AS T WHERE {where}", params).fetchone()
    return json.loads(found[0]) if found else None


def _differs(now: dict[str, Any] | None, expected: dict[str, Any]) -> bool:
    return now is None or any(now.get(k) != v for k, v in expected.items() if k in now)


def conflicts(db: Database, changeset: ChangeSet, backward: bool) -> list[str]:
    """What no longer matches the captured rows, so replaying ``changeset`` would overwrite someone's later edit
    or fail (empty: safe to replay). ``backward``: undo (rows must be as left after the change); else redo (rows
    must be as they were before it). Checked change by change in replay order, against the rows as the earlier
    changes of the same replay leave them, so call it inside the replay's transaction, before replaying."""
    problems: list[str] = []
    order = reversed(changeset.changes) if backward else iter(changeset.changes)
    # rows this replay will itself have changed, by (table, key): later changes are checked against those states
    replayed: dict[tuple[str, str], dict[str, Any] | None] = {}
    for c in order:
        must_be, will_be = (c.new, c.old) if backward else (c.old, c.new)  # None: the row must be / will be absent
        probe = must_be or will_be or {}
        key = (c.table, json.dumps([probe.get(k) for k in _pk(db, c.table)], default=str))
        now = replayed[key] if key in replayed else _current(db, c.table, probe)
        if must_be is None:
            if now is not None:
                problems.append(f"{describe(c.table, probe)} exists again")
        elif _differs(now, must_be):
            problems.append(f"{describe(c.table, must_be)} was {'deleted' if now is None else 'changed'} after it")
        replayed[key] = None if will_be is None else {**(now or {}), **will_be}
    gone = [(key, c) for c in changeset.changes for key in [(c.table, _key_of(db, c.table, c.new or c.old or {}))]
            if replayed.get(key, 0) is None]
    problems += _still_referenced(db, gone, replayed)
    return list(dict.fromkeys(problems))


# references the schema does not declare as foreign keys (the app keeps them)
SOFT_REFERENCES = (("entities", "source_id", "sources"),)


def _key_of(db: Database, table: str, row: dict[str, Any]) -> str:
    return json.dumps([row.get(k) for k in _pk(db, table)], default=str)


def _references(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Parent table → (child table, column) of every declared foreign key and every soft reference."""
    refs: dict[str, list[tuple[str, str]]] = {}
    for table in db.table_names():
        if table in NOT_CAPTURED or table.startswith(("sqlite_", "_")):
            continue
        for fk in db.execute(f"PRAGMA main.foreign_key_list([{table}])").fetchall():
            refs.setdefault(fk[2], []).append((table, fk[3]))
    for child, column, parent in SOFT_REFERENCES:
        if child in db.table_names():
            refs.setdefault(parent, []).append((child, column))
    return refs


def _still_referenced(db: Database, gone: list[tuple[tuple[str, str], RowChange]],
                      replayed: dict[tuple[str, str], dict[str, Any] | None]) -> list[str]:
    """Rows the replay would remove that a row it leaves in place still refers to (it would be left pointing
    at nothing)."""
    if not gone:
        return []
    refs = _references(db)
    problems = []
    for (table, _key), c in gone:
        row = c.new or c.old or {}
        if "id" not in row:
            continue
        for child, column in refs.get(table, ()):
            cols = _columns(db, child)
            for (found,) in db.execute(f"SELECT {_json_expr(cols, 'T')} FROM main.[{child}] AS T "
                                       f"WHERE T.[{column}] = ?", [row["id"]]).fetchall():
                other = json.loads(found)
                child_key = (child, _key_of(db, child, other))
                if child_key in replayed:  # the replay changes that row too: judge it as the replay leaves it
                    after = replayed[child_key]
                    if after is None or after.get(column) != row["id"]:
                        continue
                problems.append(f"{describe(child, other)} refers to {describe(table, row)}, added or changed "
                                "after it")
    return problems
