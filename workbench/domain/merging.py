"""Three-way merging of two desks' projects, row by row and field by field, from their operation logs.

Each side's log says what that side changed since the two parted: the entries the other side has not seen (an
entry is recognised by its UUID, never by its content), and the entries the other side saw done that this side
has since undone (replayed inverted). From those entries, for every row they touched, the **base** is the first
value each field had in them (the ``old`` image of the first update or delete, the ``new`` image of an insert):
the value both sides last shared. A field then merges as in any three-way merge:

* the same value on both sides: nothing to do;
* theirs changed it (its value differs from its base) and ours still holds that base: take theirs;
* ours changed it and theirs did not: keep ours;
* both changed it, to different values, or nothing records who did (the values differ and neither log touched the
  field — projects whose logs were lost or predate the log): a **conflict**, both values kept in the review.

Rows: a row only theirs has is added, unless ours deleted it (then it stays deleted, or is a conflict if theirs
changed it since); a row theirs deleted is deleted here, unless ours changed it since (a conflict: kept). Some
columns are bookkeeping, never a conflict: ``updated_at`` takes the later time, ``published_at`` the earlier
(first publication), creation and import times stay ours.

Pure functions over plain rows; ``ops.merge`` reads the sides and writes the result.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from workbench.domain.changes import ChangeSet, RowChange

DONE = "done"
_NAMESPACE = uuid.UUID("0b7d1f6e-2c4a-5e8b-9f3d-6a1c2e4b8d70")

# columns merged by rule, never a conflict
LATEST = frozenset({"updated_at"})
EARLIEST_SET = frozenset({"published_at"})
OURS_ALWAYS = frozenset({"created_at", "imported_at", "marked_at", "linked_at"})


class ConflictKind(StrEnum):
    BOTH_CHANGED = "both-changed"  # the same field changed on both sides, to different values
    UNRECORDED = "unrecorded"  # the values differ and neither log says who changed them
    DELETED_HERE = "deleted-here"  # ours deleted the row, theirs changed it (theirs' row kept in the review)
    DELETED_THERE = "deleted-there"  # theirs deleted the row, ours changed it (ours kept)
    STILL_USED = "still-used"  # theirs deleted the row, ours still refers to it (kept)

    @property
    def label(self) -> str:
        return {"both-changed": "changed on both sides", "unrecorded": "differs, with no record of the change",
                "deleted-here": "deleted here, changed there", "deleted-there": "deleted there, changed here",
                "still-used": "deleted there, still used here"}[self.value]


@dataclass(frozen=True, slots=True)
class LogItem:
    """One entry of a side's operation log: its UUID, its state there and its row changes."""

    uuid: str
    state: str
    changes: tuple[RowChange, ...]


@dataclass(slots=True)
class Touch:
    """What a side's own entries did to one row: the base (first value of each field they saw), whether the row
    is deleted at their end, and whether they first created it."""

    base: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    inserted: bool = False

    def changed(self, row: dict[str, Any] | None) -> bool:
        """Whether ``row`` (the side's current row) differs from the base on any field the entries saw."""
        if row is None:
            return not self.inserted
        return any(row.get(k) != v for k, v in self.base.items() if k in row and k not in _NOT_A_CHANGE)


# columns whose difference alone is no change of the row (a first publication date is: a verdict published and
# taken back is not "unchanged")
_NOT_A_CHANGE = LATEST | OURS_ALWAYS


def row_key(row: dict[str, Any], pk: Sequence[str]) -> str:
    return json.dumps([row.get(k) for k in pk], ensure_ascii=False, default=str)


def unseen(entries: Iterable[LogItem], known: dict[str, str]) -> list[tuple[RowChange, ...]]:
    """The changes of ``entries`` (one side's log, in order) that the other side, knowing ``known`` (UUID → the
    state it saw), has not got: done entries it has not seen done, in order, then entries it saw done that are
    now undone here, inverted, latest first."""
    forward: list[tuple[RowChange, ...]] = []
    backward: list[tuple[RowChange, ...]] = []
    for e in entries:
        if echoes(e, known):
            continue
        seen_done = known.get(e.uuid) == DONE
        if e.state == DONE and not seen_done:
            forward.append(e.changes)
        elif e.state != DONE and seen_done:
            backward.append(ChangeSet(e.changes).inverted().changes)
    return forward + backward[::-1]


def echoes(entry: LogItem, known: dict[str, str]) -> bool:
    """Whether ``entry`` is a merge (it recorded other projects' log entries as seen: rows of ``merged_ops``) of
    entries all of which the other side knows, in the state merged: its row changes only bring in what the other
    side already has, so they say nothing about what this side changed (a merge of B's work is not A's edit of
    the fields it took from B; undoing it is not either)."""
    merged = [c.new or c.old or {} for c in entry.changes if c.table == "merged_ops"]
    if not merged:
        return False
    return all(known.get(str(m.get("uuid"))) == m.get("state") for m in merged)


def touches(changes: Iterable[tuple[RowChange, ...]], pks: Mapping[str, Sequence[str]]) -> dict[tuple[str, str], Touch]:
    """(table, row key) → Touch, from a side's unseen changes in order (tables not in ``pks`` are skipped)."""
    out: dict[tuple[str, str], Touch] = {}
    for group in changes:
        for c in group:
            pk = pks.get(c.table)
            if pk is None:
                continue
            image = c.new if c.op == "insert" else c.old
            if image is None:
                continue
            key = (c.table, row_key(c.new or c.old or {}, pk))
            t = out.get(key)
            if t is None:
                t = out[key] = Touch(inserted=c.op == "insert")
            for k, v in image.items():
                t.base.setdefault(k, v)
            t.deleted = c.op == "delete"
    return out


class Decision(StrEnum):
    KEEP = "keep"
    TAKE = "take"
    CONFLICT = "conflict"


_MISSING = object()


def decide(ours: Any, theirs: Any, ours_base: Any = _MISSING, theirs_base: Any = _MISSING) -> Decision:
    """How one field merges (see the module's doc); a base is ``_MISSING`` when that side's entries never saw
    the field."""
    if ours == theirs:
        return Decision.KEEP
    theirs_changed = theirs_base is not _MISSING and theirs_base != theirs
    ours_changed = ours_base is not _MISSING and ours_base != ours
    if theirs_changed:  # theirs changed it from the value ours holds now: taken (diff3's rule), else both did
        return Decision.TAKE if ours == theirs_base else Decision.CONFLICT
    if ours_changed or theirs_base is not _MISSING:
        return Decision.KEEP  # theirs saw the field and left it as it was (or back): ours changed it
    if ours_base is not _MISSING:
        return Decision.KEEP if ours_base == theirs else Decision.CONFLICT
    return Decision.CONFLICT  # nothing records either change


@dataclass(frozen=True, slots=True)
class FieldConflict:
    table: str
    key: str
    field: str
    kind: ConflictKind
    ours: Any
    theirs: Any
    base: Any = None

    @property
    def id(self) -> str:
        """The same conflict gets the same id in every project that meets it (ours and theirs in either order),
        so that a resolution made in one reaches the others."""
        pair = sorted(json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
                      for v in (self.ours, self.theirs))
        return str(uuid.uuid5(_NAMESPACE, json.dumps([self.table, self.key, self.field, pair], ensure_ascii=False)))


def merge_fields(table: str, key: str, ours: dict[str, Any], theirs: dict[str, Any], ours_touch: Touch | None,
                 theirs_touch: Touch | None, *, fixed: frozenset[str] = frozenset()) -> tuple[dict[str, Any],
                                                                                            list[FieldConflict]]:
    """The fields to set on ours, and the conflicts, for a row both sides have. ``fixed``: columns merged by
    another rule (keys, references remapped by the caller)."""
    updates: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, t in theirs.items():
        if name not in ours or name in fixed or name in OURS_ALWAYS:
            continue
        o = ours[name]
        if o == t:
            continue
        if name in LATEST:
            if (t or "") > (o or ""):
                updates[name] = t
            continue
        if name in EARLIEST_SET:
            if t and (not o or t < o):
                updates[name] = t
            continue
        ob = ours_touch.base.get(name, _MISSING) if ours_touch else _MISSING
        tb = theirs_touch.base.get(name, _MISSING) if theirs_touch else _MISSING
        decision = decide(o, t, ob, tb)
        if decision is Decision.TAKE:
            updates[name] = t
        elif decision is Decision.CONFLICT:
            kind = ConflictKind.BOTH_CHANGED if (ob is not _MISSING or tb is not _MISSING) else ConflictKind.UNRECORDED
            base = tb if tb is not _MISSING else (ob if ob is not _MISSING else None)
            conflicts.append(FieldConflict(table, key, name, kind, o, t, base))
    return updates, conflicts
