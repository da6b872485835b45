"""Correction notices: dated, public records of what changed in a published verdict and why."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from workbench.domain.model import Correction
from workbench.errors import NotFound

_COLS = "id, claim_id, date, text, change, who, created_at"


def _row(r: tuple) -> Correction:
    return Correction(id=r[0], claim_id=r[1], date=r[2], text=r[3], change=r[4] or "", who=r[5] or "",
                      created_at=r[6] or "")


def insert(db: Database, c: Correction) -> None:
    db.table("corrections").insert({"id": c.id, "claim_id": c.claim_id, "date": c.date, "text": c.text,
                                    "change": c.change, "who": c.who, "created_at": c.created_at})


def update(db: Database, c: Correction) -> None:
    db.table("corrections").update(c.id, {"date": c.date, "text": c.text, "change": c.change})


def delete(db: Database, correction_id: str) -> None:
    db.execute("DELETE FROM corrections WHERE id = ?", [correction_id])


def get(db: Database, correction_id: str) -> Correction:
    r = db.execute(f"SELECT {_COLS} FROM corrections WHERE id = ?", [correction_id]).fetchone()
    if r is None:
        raise NotFound(f"No correction notice with id {correction_id}.")
    return _row(r)


def for_claim(db: Database, claim_id: str) -> list[Correction]:
    """A claim's notices, oldest first."""
    return [_row(r) for r in db.execute(f"SELECT {_COLS} FROM corrections WHERE claim_id = ? "
                                        "ORDER BY date, created_at, rowid", [claim_id])]


def for_claims(db: Database, claim_ids: Iterable[str] | None = None) -> dict[str, list[Correction]]:
    """Notices by claim (oldest first): of the given claims, or of every claim."""
    out: dict[str, list[Correction]] = {}
    if claim_ids is None:
        rows = db.execute(f"SELECT {_COLS} FROM corrections ORDER BY date, created_at, rowid")
    else:
        rows = db.execute(f"SELECT {_COLS} FROM corrections WHERE claim_id IN (SELECT value FROM json_each(?)) "
                          "ORDER BY date, created_at, rowid", [json.dumps(list(claim_ids))])
    for r in rows:
        out.setdefault(r[1], []).append(_row(r))
    return out


def resolve_id(db: Database, prefix: str) -> str:
    from workbench.store.documents import _resolve

    return _resolve(db, "corrections", prefix, "correction notice")
