"""Use cases of re-anchoring: move the passages of a document to its new version.

A new version is a document imported later with the same URL (or the same
title) and different bytes. ``plan`` says where each passage of the old version
would go (read-only, for the offer shown to the user); ``apply`` moves them in
one transaction: placed passages change document and offsets (their quote is
taken from the new text; doubtful placements are marked for review); passages
that cannot be placed become orphans — they stay on the old version, which is
never deleted, and are listed in the Orphaned Passages view. Nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.domain.anchoring import Anchor, FlaggedPassage, reanchor
from workbench.domain.changes import Changes
from workbench.domain.model import Passage, utc_now
from workbench.domain.selectors import make_quote
from workbench.errors import BadArgument
from workbench.store import documents as store_docs
from workbench.store import history, versions
from workbench.store import passages as store_passages
from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one passage of the old version goes (``anchor`` None: it becomes an orphan)."""

    passage: Passage
    anchor: Anchor | None

    @property
    def status(self) -> str:
        """"exact", "moved" (a sure fuzzy match), "review" or "orphan"."""
        if self.anchor is None:
            return "orphan"
        if self.anchor.needs_review:
            return "review"
        return "exact" if self.anchor.method == "exact" else "moved"


@dataclass(frozen=True, slots=True)
class ReanchorPlan:
    old_id: str
    new_id: str
    old_title: str
    new_title: str
    placements: tuple[Placement, ...]

    def count(self, status: str) -> int:
        return sum(1 for p in self.placements if p.status == status)

    def summary(self) -> str:
        return (f"{len(self.placements)} passage(s): {self.count('exact')} found unchanged, "
                f"{self.count('moved')} found with small changes, {self.count('review')} placed but to be "
                f"reviewed, {self.count('orphan')} cannot be placed (kept as orphans on the old version)")


def previous_version(project: Project, doc_id: str) -> str | None:
    """The earlier document this one looks like a new version of (same URL or title), if any."""
    with project.read() as db:
        return versions.previous_version(db, doc_id)


def _plan(db: Any, old_id: str, new_id: str) -> ReanchorPlan:
    if old_id == new_id:
        raise BadArgument("A document cannot be a new version of itself.")
    old_text = store_docs.text(db, old_id)
    new_text = store_docs.text(db, new_id)
    passages = [p for p in store_passages.for_document(db, old_id) if not p.orphan]
    placements = tuple(Placement(p, reanchor(new_text, p.quote, p.start, len(old_text))) for p in passages)
    return ReanchorPlan(old_id, new_id, store_docs.metadata(db, old_id).title,
                        store_docs.metadata(db, new_id).title, placements)


def plan(project: Project, old_id: str, new_id: str) -> ReanchorPlan:
    """Where each passage of ``old_id`` would go in ``new_id`` (changes nothing)."""
    with project.read() as db:
        return _plan(db, old_id, new_id)


def apply(project: Project, old_id: str, new_id: str) -> tuple[ReanchorPlan, Changes]:
    """Move the passages of ``old_id`` to ``new_id`` (one transaction, recorded in history)."""
    with project.write() as db:
        result = _plan(db, old_id, new_id)
        new_text = store_docs.text(db, new_id)
        for placement in result.placements:
            anchor = placement.anchor
            if anchor is None:
                versions.mark_orphan(db, placement.passage.id)
                continue
            versions.move_passage(db, placement.passage.id, new_id, anchor.start, anchor.end,
                                  make_quote(new_text, anchor.start, anchor.end), anchor.needs_review)
        versions.link(db, new_id, old_id, utc_now())
        history.record(db, "document", new_id, "passages moved from the previous version",
                       before={"document": old_id},
                       after={status: result.count(status) for status in ("exact", "moved", "review", "orphan")})
    return result, Changes.PASSAGES | Changes.CLAIMS | Changes.DOCUMENTS


def flagged(project: Project) -> list[FlaggedPassage]:
    """Orphaned passages and passages to review (the Orphaned Passages view; exports list them too)."""
    with project.read() as db:
        return versions.flagged(db)


def mark_reviewed(project: Project, passage_id: str) -> Changes:
    """The user checked a doubtful placement: clear its review mark."""
    with project.write() as db:
        if not versions.set_reviewed(db, passage_id):
            return Changes.NONE
        history.record(db, "passage", passage_id, "placement reviewed")
    return Changes.PASSAGES
