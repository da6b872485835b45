"""What this project file exchanged through a desk's shared folder (``ops.exchange``): the change sets it merged
(``exchange_sets``, undone with the merge that recorded them) and what it wrote (``exchange_sent``: its log
entries in the state sent, the documents sent, its own sets' chain — facts about the folder, never undone)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from workbench.domain.model import utc_now

_OUT = "out-set:"  # exchange_sent keys of this file's own sets (value: the set's id)
_DOC = "document:"
_HISTORY = "history-sent"


def merged_sets(db: Database) -> dict[str, tuple[str, int]]:
    """Set id → (author, number) of every change set merged here."""
    return {r[0]: (r[1], int(r[2])) for r in db.execute(
        "SELECT id, member, number FROM exchange_sets WHERE direction = 'in'")}


def last_merged(db: Database, author: str) -> tuple[str, int] | None:
    """(id, number) of the latest set of ``author`` merged here."""
    row = db.execute("SELECT id, number FROM exchange_sets WHERE direction = 'in' AND member = ? "
                     "ORDER BY number DESC LIMIT 1", [author]).fetchone()
    return (row[0], int(row[1])) if row else None


def record_merged(db: Database, set_id: str, author: str, number: int, base: str, file: str) -> None:
    db.execute("INSERT OR REPLACE INTO exchange_sets (id, member, number, base, direction, file, at) "
               "VALUES (?, ?, ?, ?, 'in', ?, ?)", [set_id, author, number, base, file, utc_now()])


def _sent(db: Database, prefix: str) -> dict[str, str]:
    return {r[0][len(prefix):]: r[1] for r in db.execute(
        "SELECT uuid, state FROM exchange_sent WHERE uuid >= ? AND uuid < ?", [prefix, prefix + "\uffff"])}


def sent_states(db: Database) -> dict[str, str]:
    """Log entry UUID → the state it was sent in."""
    return {u: s for u, s in db.execute("SELECT uuid, state FROM exchange_sent") if ":" not in u and u != _HISTORY}


def sent_documents(db: Database) -> set[str]:
    return set(_sent(db, _DOC))


def last_sent_set(db: Database) -> tuple[str, int] | None:
    """(id, number) of the latest set this file wrote."""
    found = _sent(db, _OUT)
    if not found:
        return None
    number = max(found)
    return found[number], int(number)


def history_sent(db: Database) -> int:
    row = db.execute("SELECT state FROM exchange_sent WHERE uuid = ?", [_HISTORY]).fetchone()
    return int(row[0]) if row else 0


def record_sent(db: Database, set_id: str, number: int, entries: dict[str, str], documents: list[str],
                history_upto: int) -> None:
    rows: list[tuple[str, str]] = [(f"{_OUT}{number:09d}", set_id), (_HISTORY, str(history_upto))]
    rows += list(entries.items()) + [(f"{_DOC}{d}", "sent") for d in documents]
    db.conn.executemany("INSERT OR REPLACE INTO exchange_sent (uuid, state) VALUES (?, ?)", rows)


def record_sent_states(db: Database, entries: dict[str, str]) -> None:
    """Log entries with nothing to send (they only record merges), marked as dealt with."""
    db.conn.executemany("INSERT OR REPLACE INTO exchange_sent (uuid, state) VALUES (?, ?)", list(entries.items()))


def forget_sent(db: Database) -> None:
    """Everything this file wrote is to be written again (a full set)."""
    db.execute("DELETE FROM exchange_sent WHERE uuid NOT LIKE ?", [f"{_OUT}%"])


def rows_of(db: Database, table: str, pk: list[str], keys: list[list[Any]]) -> list[dict[str, Any]]:
    """The current rows of ``table`` with the given primary keys (those that still exist)."""
    out = []
    where = " AND ".join(f"[{k}] = ?" for k in pk)
    for key in keys:
        cur = db.execute(f"SELECT * FROM [{table}] WHERE {where}", key)
        row = cur.fetchone()
        if row is not None:
            out.append(dict(zip([c[0] for c in cur.description], row, strict=True)))
    return out


def rows_for_documents(db: Database, table: str, doc_ids: list[str]) -> list[dict[str, Any]]:
    """Every row of ``table`` whose ``document_id`` (``id`` for documents) is one of ``doc_ids``."""
    column = "id" if table == "documents" else "document_id"
    out = []
    for doc_id in doc_ids:
        cur = db.execute(f"SELECT * FROM [{table}] WHERE [{column}] = ?", [doc_id])
        cols = [c[0] for c in cur.description]
        out += [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return out


def document_ids(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY rowid")]


def history_after(db: Database, after: int) -> tuple[list[dict[str, Any]], int]:
    """History entries written after sequence number ``after``, and the latest number."""
    cur = db.execute("SELECT * FROM history WHERE id > ? ORDER BY id", [after])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return rows, max([after, *(int(r["id"]) for r in rows)])
