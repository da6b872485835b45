"""The operation log: every user action recorded in the project file with its row changes.

One user action (an edit in the window, a CLI command) is one ``action`` id; each transaction it commits adds
one entry holding that transaction's row changes (``changelog.ChangeSet``: table, insert/update/delete, the row
before and after). Entries are written inside the transaction they describe, so the log advances only when the
change commits. Undo replays the latest "done" action backwards and marks it "undone"; redo replays the earliest
"undone" one forwards. A new action drops what could be redone (state "dropped": kept for the record, never
replayed). Ids, row images before and after, who and when are kept for merging two desks' projects later.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workbench.domain.changes import ChangeSet, RowChange
from workbench.domain.model import new_id, utc_now
from workbench.errors import NothingToReplay, ReplayRefused
from workbench.store import changelog, history
from workbench.store.history import current_user

DONE, UNDONE, DROPPED = "done", "undone", "dropped"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One user action of the log (its transactions taken together)."""

    action: str
    label: str
    at: str
    who: str
    origin: str
    state: str
    rows: int  # row changes recorded


def _encode(changeset: ChangeSet) -> str:
    return json.dumps([[c.table, c.op, c.old, c.new] for c in changeset.changes], ensure_ascii=False)


def _decode(text: str) -> ChangeSet:
    return ChangeSet(tuple(RowChange(t, op, old, new) for t, op, old, new in json.loads(text)))


def append(db: Database, action: str, label: str, changeset: ChangeSet, origin: str = "") -> None:
    """Record one committed transaction of ``action`` (call inside that transaction)."""
    if not changeset:
        return
    first = db.execute("SELECT 1 FROM oplog WHERE action = ? LIMIT 1", [action]).fetchone() is None
    if first:  # a new action: what was undone can no longer be redone
        db.execute("UPDATE oplog SET state = ? WHERE state = ?", [DROPPED, UNDONE])
    db.execute("INSERT INTO oplog (uuid, action, label, at, who, origin, changes, state) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [new_id(), action, label, utc_now(), current_user(), origin, _encode(changeset), DONE])


def to_undo(db: Database) -> tuple[str, str] | None:
    """(action, label) of the latest action that can be undone."""
    row = db.execute("SELECT action, label FROM oplog WHERE state = ? ORDER BY seq DESC LIMIT 1", [DONE]).fetchone()
    return (row[0], row[1]) if row else None


def to_redo(db: Database) -> tuple[str, str] | None:
    """(action, label) of the earliest undone action, the one redo replays."""
    row = db.execute("SELECT action, label FROM oplog WHERE state = ? ORDER BY seq LIMIT 1", [UNDONE]).fetchone()
    return (row[0], row[1]) if row else None


def changesets(db: Database, action: str) -> list[ChangeSet]:
    """The action's transactions' changes, first first."""
    return [_decode(r[0]) for r in db.execute("SELECT changes FROM oplog WHERE action = ? ORDER BY seq", [action])]


def set_state(db: Database, action: str, state: str) -> None:
    db.execute("UPDATE oplog SET state = ? WHERE action = ?", [state, action])


def entries(db: Database, limit: int = 50, *, states: tuple[str, ...] = (DONE, UNDONE)) -> list[LogEntry]:
    """The latest actions, newest first."""
    marks = ",".join("?" * len(states))
    rows = db.execute(
        f"SELECT action, label, min(at), who, origin, state, sum(json_array_length(changes)), max(seq) AS last "
        f"FROM oplog WHERE state IN ({marks}) GROUP BY action ORDER BY last DESC LIMIT ?", [*states, limit])
    return [LogEntry(a, label, at, who or "", origin or "", state, int(n or 0))
            for a, label, at, who, origin, state, n, _last in rows]


def counts(db: Database) -> dict[str, Any]:
    """How many actions are in each state (for reports and tests)."""
    return {state: n for state, n in db.execute(
        "SELECT state, count(DISTINCT action) FROM oplog GROUP BY state")}


def record_history(db: Database, rows: ChangeSet, word: str, label: str) -> None:
    """"undone: Add evidence" in the history of each claim the replay touched (or of the project)."""
    claims = sorted({str(row["id"]) if c.table == "claims" else str(row["claim_id"])
                     for c in rows.changes for row in (c.new or c.old or {},)
                     if (c.table == "claims" and row.get("id") is not None) or row.get("claim_id") is not None})
    existing = {r[0] for r in db.execute(
        f"SELECT id FROM claims WHERE id IN ({','.join('?' * len(claims))})", claims)} if claims else set()
    for claim_id in claims:
        history.record(db, "claim", claim_id, f"{word}: {label}", claim_id=claim_id,
                       after={"exists": claim_id in existing})
    if not claims:
        history.record(db, "project", "", f"{word}: {label}")


def replay(db: Database, *, backward: bool) -> tuple[str, ChangeSet]:
    """Undo (``backward``) the latest done action, or redo the earliest undone one (call inside a transaction,
    outside any logged action). Returns (label, the row changes replayed).

    Raises:
        NothingToReplay: nothing to undo / redo.
        ReplayRefused: the rows are no longer as the action left them (or as they were before it, for redo):
            an edit the log does not know changed them. The caller's transaction rolls back: log and data stay
            as they were.
    """
    verb = "undo" if backward else "redo"
    target = to_undo(db) if backward else to_redo(db)
    if target is None:
        raise NothingToReplay(f"Nothing to {verb}.")
    action, label = target
    rows = ChangeSet(())
    for part in changesets(db, action):
        rows = rows + part
    problems = changelog.conflicts(db, rows, backward=backward)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ReplayRefused(f"Cannot {verb} “{label}”: {'; '.join(problems[:3])}{more} — by a change that is not "
                            f"in the undo history. Nothing was {verb}ne.")
    try:
        (changelog.apply_backward if backward else changelog.apply_forward)(db, rows)
    except sqlite3.IntegrityError as exc:
        raise ReplayRefused(f"Cannot {verb} “{label}”: the project no longer fits it ({exc}). "
                            f"Nothing was {verb}ne.") from exc
    set_state(db, action, UNDONE if backward else DONE)
    record_history(db, rows, "undone" if backward else "redone", label)
    return label, rows
