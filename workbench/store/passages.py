"""Passages: highlighted ranges with their TextQuoteSelector."""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.domain.model import Passage, TextQuote
from workbench.errors import NotFound

_COLS = 'id, document_id, start, "end", exact, prefix, suffix, orphan, note, annotation'


def _row(r: tuple) -> Passage:
    return Passage(id=r[0], document_id=r[1], start=r[2], end=r[3],
                   quote=TextQuote(r[4], r[5] or "", r[6] or ""), orphan=bool(r[7]),
                   note=r[8] or "", annotation=r[9] or "")


def insert(db: Database, p: Passage, created_at: str) -> None:
    db.table("passages").insert(
        {"id": p.id, "document_id": p.document_id, "start": p.start, "end": p.end,
         "exact": p.quote.exact, "prefix": p.quote.prefix, "suffix": p.quote.suffix,
         "orphan": int(p.orphan), "created_at": created_at, "note": p.note, "annotation": p.annotation}
    )


def get(db: Database, passage_id: str) -> Passage:
    r = db.execute(f"SELECT {_COLS} FROM passages WHERE id = ?", [passage_id]).fetchone()
    if r is None:
        raise NotFound(f"No passage with id {passage_id}.")
    return _row(r)


def for_document(db: Database, doc_id: str) -> list[Passage]:
    rows = db.execute(f"SELECT {_COLS} FROM passages WHERE document_id = ? ORDER BY start", [doc_id])
    return [_row(r) for r in rows.fetchall()]


def delete_if_unused(db: Database, passage_id: str) -> bool:
    """Delete a passage no claim or evidence refers to any more and that carries no imported annotation or
    note (those stay: they are the reader's own highlights). Returns True if deleted."""
    used = db.execute(
        "SELECT EXISTS(SELECT 1 FROM appearances WHERE passage_id = ?) "
        "OR EXISTS(SELECT 1 FROM evidence WHERE passage_id = ?) "
        "OR EXISTS(SELECT 1 FROM passages WHERE id = ? AND (annotation != '' OR note != ''))",
        [passage_id, passage_id, passage_id],
    ).fetchone()[0]
    if used:
        return False
    db.execute("DELETE FROM passages WHERE id = ?", [passage_id])
    return True


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM passages").fetchone()[0])


def annotated(db: Database, annotation_ids: list[str]) -> set[str]:
    """Which of these annotation ids passages of the project already carry (imported before)."""
    return {r[0] for r in db.execute("SELECT annotation FROM passages WHERE annotation IN "
                                     "(SELECT value FROM json_each(?))", [json.dumps(annotation_ids)])}


def ranges(db: Database, doc_id: str) -> set[tuple[int, int]]:
    """The (start, end) of every passage of a document that is not an orphan."""
    return {(r[0], r[1]) for r in db.execute(
        'SELECT start, "end" FROM passages WHERE document_id = ? AND orphan = 0', [doc_id]).fetchall()}
