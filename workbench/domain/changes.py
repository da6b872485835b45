"""What an operation changed: flags for coarse refreshes, and the typed ``OpChanges`` every core call returns.

``OpChanges`` (in the manner of Anki's OpChanges) carries the flags, the ids of the claims, documents, sources
and passages whose rows changed, and the row changes themselves, so a widget refreshes exactly what changed
without reaching back into the store.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Changes(enum.Flag):
    NONE = 0
    PROJECT = enum.auto()
    DOCUMENTS = enum.auto()
    METADATA = enum.auto()
    SEGMENTS = enum.auto()
    PASSAGES = enum.auto()
    CLAIMS = enum.auto()
    EVIDENCE = enum.auto()
    SOURCES = enum.auto()
    ENTITIES = enum.auto()  # entities, their aliases, rejected variant suggestions (search)
    ALL = PROJECT | DOCUMENTS | METADATA | SEGMENTS | PASSAGES | CLAIMS | EVIDENCE | SOURCES | ENTITIES


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row inserted, updated or deleted: its values before (``old``) and after (``new``)."""

    table: str
    op: str  # "insert" | "update" | "delete"
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The row changes of one transaction (or of one user action), in the order they were made."""

    changes: tuple[RowChange, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def tables(self) -> set[str]:
        return {c.table for c in self.changes}

    def __add__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.changes + other.changes)

    def inverted(self) -> ChangeSet:
        """The changes that undo these (what an undo does, as row changes), last first."""
        flip = {"insert": "delete", "delete": "insert", "update": "update"}
        return ChangeSet(tuple(RowChange(c.table, flip[c.op], c.new, c.old) for c in reversed(self.changes)))


# The one rule from changed tables to refresh flags (undo, redo and every logged action use it).
TABLE_CHANGES = {
    "claims": Changes.CLAIMS, "attribution": Changes.CLAIMS, "claim_tags": Changes.CLAIMS,
    "appearances": Changes.CLAIMS | Changes.PASSAGES, "passages": Changes.PASSAGES,
    "evidence": Changes.EVIDENCE | Changes.CLAIMS, "evidence_files": Changes.EVIDENCE,
    "sources": Changes.SOURCES | Changes.CLAIMS, "source_aliases": Changes.SOURCES,
    "ratings": Changes.CLAIMS | Changes.PROJECT, "documents": Changes.METADATA, "segments": Changes.SEGMENTS,
    "segment_marks": Changes.SEGMENTS,
    "entities": Changes.ENTITIES, "entity_aliases": Changes.ENTITIES, "variant_rejections": Changes.ENTITIES,
    "document_versions": Changes.DOCUMENTS,
}


def flags_of(rows: ChangeSet) -> Changes:
    out = Changes.NONE
    for table in rows.tables():
        out |= TABLE_CHANGES.get(table, Changes.PROJECT)
    return out


def _ids(rows: ChangeSet, table: str, column: str = "id") -> frozenset[str]:
    out = set()
    for c in rows.changes:
        row = c.new or c.old or {}
        if c.table == table and row.get(column) is not None:
            out.add(str(row[column]))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class OpChanges:
    """What one operation changed. Behaves like its ``flags`` in tests such as ``changes & Changes.CLAIMS``.

    Attributes:
        flags: what to refresh, coarsely.
        rows: the row changes (empty when unknown: ``broad``).
        claims, documents, sources, passages: ids whose rows changed (a claim also when its evidence,
            appearances, tags or attribution did).
        broad: the rows are unknown (a long task, an import): refresh everything the flags name.
    """

    flags: Changes = Changes.NONE
    rows: ChangeSet = field(default_factory=lambda: ChangeSet(()))
    claims: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    passages: frozenset[str] = frozenset()
    broad: bool = False

    @classmethod
    def of(cls, flags: Changes | OpChanges, rows: ChangeSet | None = None) -> OpChanges:
        """From an op's flags and, when known, its row changes (flags of the rows are added)."""
        if isinstance(flags, OpChanges):
            return flags
        if rows is None:
            return cls(flags, broad=True)
        claims = _ids(rows, "claims") | frozenset(
            str(row["claim_id"]) for c in rows.changes for row in (c.new or c.old or {},)
            if row.get("claim_id") is not None)
        return cls(flags | flags_of(rows), rows, claims, _ids(rows, "documents") | _ids(rows, "segments",
                   "document_id"), _ids(rows, "sources"), _ids(rows, "passages"), broad=False)

    def __bool__(self) -> bool:
        return bool(self.flags)

    def __and__(self, other: Changes) -> Changes:
        return self.flags & other

    __rand__ = __and__

    def __or__(self, other: Changes | OpChanges) -> OpChanges:
        if isinstance(other, OpChanges):
            return OpChanges(self.flags | other.flags, self.rows + other.rows, self.claims | other.claims,
                             self.documents | other.documents, self.sources | other.sources,
                             self.passages | other.passages, self.broad or other.broad)
        return OpChanges(self.flags | other, self.rows, self.claims, self.documents, self.sources, self.passages,
                         self.broad)

    def touches(self, *tables: str) -> bool:
        """Whether rows of one of ``tables`` may have changed (always, when the rows are unknown)."""
        return self.broad or bool(self.rows.tables().intersection(tables))

    @property
    def touches_many_claims(self) -> bool:
        """Sources, aliases or the rating scale changed: many claims' rows may show it."""
        return self.touches("sources", "source_aliases", "ratings")
