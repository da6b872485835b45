"""Append-only change history (when, who, what, before/after).

Each entry has its own identity, a UUID (column ``uuid``), and a sequence number in this project (the integer
``id``, the order entries were written). Bundles and merges recognise an entry by its UUID, never by its content:
two identical actions in the same second ("redone: Edit source" twice) are two entries.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from workbench import identity
from workbench.domain.model import HistoryEntry, new_id, utc_now

CONTENT = ("at", "who", "entity", "entity_id", "claim_id", "action", "before", "after")
"""The columns that say what an entry records (everything but its identity and sequence number)."""

_LEGACY_NAMESPACE = uuid.UUID("6f0d5c1e-8a4b-5b7e-9c3d-2f1a0e4b7c65")


def current_user() -> str:
    """Who is working, as history and the operation log name them: the profile's "Name (Organisation)" (see
    ``workbench.identity``), else the OS login name ("unknown" when there is none)."""
    return identity.current_display()


def record(
    db: Database,
    entity: str,
    entity_id: str,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    claim_id: str | None = None,
) -> str:
    """Append one history row (call inside the change's transaction); returns the entry's UUID.

    One plain INSERT (a prepared statement the connection keeps), not sqlite-utils' ``insert``, which adds two
    schema lookups, a savepoint and its release to every entry."""
    entry_id = new_id()
    db.execute(_INSERT, [entry_id, utc_now(), current_user(), entity, entity_id, claim_id, action,
                         json.dumps(before or {}, ensure_ascii=False, sort_keys=True),
                         json.dumps(after or {}, ensure_ascii=False, sort_keys=True)])
    return entry_id


_INSERT = ("INSERT INTO history (uuid, at, who, entity, entity_id, claim_id, action, before, after) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _canonical_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.dumps(json.loads(value), ensure_ascii=False, sort_keys=True)
    except ValueError:
        return value


def content_key(row: Mapping[str, Any]) -> str:
    """What an entry records, as one comparable string (before/after compared as JSON, not as text)."""
    values = [_canonical_json(row.get(k)) if k in ("before", "after") else row.get(k) for k in CONTENT]
    return json.dumps(values, ensure_ascii=False)


def legacy_uuid(row: Mapping[str, Any], seen: dict[str, int]) -> str:
    """The UUID of an entry written before entries had one (a project or bundle of an older schema): derived from
    its content and how many identical entries came before it (``seen`` counts them, in the order written), so
    that the same entry gets the same UUID in the project and in a bundle made from it."""
    key = content_key(row)
    n = seen.get(key, 0)
    seen[key] = n + 1
    return str(uuid.uuid5(_LEGACY_NAMESPACE, f"{key}#{n}"))


def _entry(r: Any) -> HistoryEntry:
    return HistoryEntry(at=r[0], who=r[1], entity=r[2], entity_id=r[3], action=r[4], before=json.loads(r[5] or "{}"),
                        after=json.loads(r[6] or "{}"), claim_id=r[7], id=r[8], seq=r[9])


_COLUMNS = "at, who, entity, entity_id, action, before, after, claim_id, uuid, id"  # (h.…: see for_claim)


def for_claim(db: Database, claim_id: str) -> list[HistoryEntry]:
    """A claim's entries, in order, each with the state of the operation-log action it belongs to (an entry
    whose action is undone now says so)."""
    rows = db.execute(
        f"SELECT {_COLUMNS}, h.step, (SELECT o.state FROM oplog o WHERE o.action = h.step LIMIT 1) "
        "FROM history h WHERE claim_id = ? ORDER BY id", [claim_id]).fetchall()
    return [replace(_entry(r), step=r[10] or "", undone=r[11] in ("undone", "dropped")) for r in rows]


def last_id(db: Database) -> int:
    """The sequence number of the latest entry (0: none)."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0])


def set_step(db: Database, after_id: int, step: str) -> None:
    """Mark the entries written after ``after_id`` (in this transaction) as belonging to the log's ``step``."""
    db.execute("UPDATE history SET step = ? WHERE id > ? AND step IS NULL", [step, after_id])


def entries(db: Database) -> list[HistoryEntry]:
    """Every entry, in sequence."""
    return [_entry(r) for r in db.execute(f"SELECT {_COLUMNS} FROM history ORDER BY id").fetchall()]


def content_by_uuid(db: Database) -> dict[str, str]:
    """Each entry's UUID → its ``content_key`` (to recognise entries of a bundle)."""
    cur = db.execute(f"SELECT uuid, {', '.join(CONTENT)} FROM history")
    return {r[0]: content_key(dict(zip(CONTENT, r[1:], strict=True))) for r in cur.fetchall()}


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM history").fetchone()[0])
