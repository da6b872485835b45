"""Append-only change history (when, who, what, before/after)."""

from __future__ import annotations

import getpass
import json
from typing import Any

from sqlite_utils import Database

from workbench.domain.model import HistoryEntry, utc_now


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(
    db: Database,
    entity: str,
    entity_id: str,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    claim_id: str | None = None,
) -> None:
    """Append one history row (call inside the change's transaction)."""
    db.table("history").insert(
        {
            "at": utc_now(),
            "who": current_user(),
            "entity": entity,
            "entity_id": entity_id,
            "claim_id": claim_id,
            "action": action,
            "before": json.dumps(before or {}, ensure_ascii=False, sort_keys=True),
            "after": json.dumps(after or {}, ensure_ascii=False, sort_keys=True),
        }
    )


def for_claim(db: Database, claim_id: str) -> list[HistoryEntry]:
    rows = db.execute(
        "SELECT at, who, entity, entity_id, action, before, after, claim_id FROM history "
        "WHERE claim_id = ? ORDER BY id",
        [claim_id],
    ).fetchall()
    return [
        HistoryEntry(at=r[0], who=r[1], entity=r[2], entity_id=r[3], action=r[4],
                     before=json.loads(r[5] or "{}"), after=json.loads(r[6] or "{}"), claim_id=r[7])
        for r in rows
    ]


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM history").fetchone()[0])
