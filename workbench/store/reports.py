"""Reads for reports: a claim's appearances with when each was recorded."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.model import Passage, TextQuote


def appearances(db: Database, claim_id: str) -> list[tuple[str, Passage, str]]:
    """(appearance id, passage, created_at) of a claim, in the order they were recorded."""
    rows = db.execute(
        'SELECT a.id, a.created_at, p.id, p.document_id, p.start, p."end", p.exact, p.prefix, p.suffix, p.orphan '
        "FROM appearances a JOIN passages p ON p.id = a.passage_id WHERE a.claim_id = ? "
        "ORDER BY a.created_at, a.rowid", [claim_id]).fetchall()
    return [(r[0], Passage(id=r[2], document_id=r[3], start=r[4], end=r[5],
                           quote=TextQuote(r[6], r[7] or "", r[8] or ""), orphan=bool(r[9])), r[1] or "")
            for r in rows]


def claim_ids(db: Database) -> list[str]:
    """Every claim, in the order they were made."""
    return [r[0] for r in db.execute("SELECT id FROM claims ORDER BY created_at, rowid")]
