"""Use cases of re-anchoring: move the passages of a document to its new version, and review them.

A new version is a document imported later with the same URL (or the same
title) and different bytes. ``plan`` says where each passage of the old version
would go (read-only, for the offer shown to the user); ``apply`` acts on it in
one transaction:

- **moved** — found with the very same words (exactly, or differing only in white
  space, see ``domain.anchoring.same_words``) at a certain place: the passage moves
  to the new version.
- **to review** — the words at the new place differ from the stored quote in any
  way (a word, a digit, punctuation, quotation marks), or the place is doubtful
  (the words occur several times): the passage **stays on the old version**, with
  its quote unchanged, marked ``needs_review``. The quote is never rewritten
  without a person: the review queue (``flagged``) shows the old quote beside the
  new text, and the person chooses ``accept`` (the quote becomes the new text),
  ``place`` (another range of the new version) or ``keep_orphan``.
- **orphan** — not found: stays on the old version, listed. Nothing is dropped.

Every choice is one ``Project.write()`` (one undoable step) recorded in the history
of each claim that uses the passage, e.g. "quote changed on re-anchoring: “…” →
“…”, accepted by alice".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from workbench.domain.anchoring import (
    REASON_CHANGED,
    REASON_DOUBTFUL,
    REASON_FOUND,
    REASON_NOT_FOUND,
    REASON_ORPHAN,
    REASON_PLACED_EARLIER,
    Anchor,
    FlaggedPassage,
    reanchor,
    same_words,
)
from workbench.domain.changes import Changes
from workbench.domain.model import Passage, utc_now
from workbench.domain.selectors import find_all, find_occurrence, make_quote
from workbench.errors import BadArgument, NotFound
from workbench.store import documents as store_docs
from workbench.store import history, versions
from workbench.store import passages as store_passages
from workbench.store.project import Project

STATUSES = ("exact", "moved", "review", "orphan")
_CHANGES = Changes.PASSAGES | Changes.CLAIMS | Changes.EVIDENCE


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one passage of the old version goes (``anchor`` None: it becomes an orphan).

    ``found``: the new version's text at ``anchor`` ("" when not given).
    """

    passage: Passage
    anchor: Anchor | None
    found: str = ""

    @property
    def status(self) -> str:
        """"exact" (the same words found), "moved" (only white space differs), "review" or "orphan"."""
        if self.anchor is None:
            return "orphan"
        if self.anchor.must_review:
            return "review"
        return "exact" if self.anchor.method == "exact" else "moved"

    @property
    def reason(self) -> str:
        """For a placement to review: REASON_CHANGED or REASON_DOUBTFUL; else ""."""
        if self.anchor is None or not self.anchor.must_review:
            return ""
        return REASON_CHANGED if self.anchor.quote_changed else REASON_DOUBTFUL


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
                f"{self.count('moved')} found with only spacing changed, {self.count('review')} to review "
                "(their words changed or their place is uncertain: they stay on the old version until you "
                f"decide), {self.count('orphan')} cannot be placed (kept as orphans on the old version)")


@dataclass(frozen=True, slots=True)
class Decision:
    """What a review choice did to one passage. ``choice``: "accepted", "placed" or "orphan"."""

    passage_id: str
    choice: str
    old_quote: str
    new_quote: str
    document_id: str
    start: int
    end: int

    @property
    def quote_changed(self) -> bool:
        return self.choice != "orphan" and self.old_quote != self.new_quote


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
    placements = []
    for p in passages:
        anchor = reanchor(new_text, p.quote, p.start, len(old_text))
        placements.append(Placement(p, anchor, new_text[anchor.start : anchor.end] if anchor else ""))
    return ReanchorPlan(old_id, new_id, store_docs.metadata(db, old_id).title,
                        store_docs.metadata(db, new_id).title, tuple(placements))


def plan(project: Project, old_id: str, new_id: str) -> ReanchorPlan:
    """Where each passage of ``old_id`` would go in ``new_id`` (changes nothing; may run on a worker thread)."""
    with project.read() as db:
        return _plan(db, old_id, new_id)


def _still_current(db: Any, planned: ReanchorPlan, old_id: str, new_id: str) -> bool:
    """Whether ``planned`` was made for these documents and the passages are as they were then."""
    if (planned.old_id, planned.new_id) != (old_id, new_id):
        return False
    now = [p for p in store_passages.for_document(db, old_id) if not p.orphan]
    return now == [pl.passage for pl in planned.placements]


def apply(project: Project, old_id: str, new_id: str,
          planned: ReanchorPlan | None = None) -> tuple[ReanchorPlan, Changes]:
    """Act on the plan (see the module's docstring): one transaction, recorded in history.

    ``planned``: a plan made earlier by ``plan`` (e.g. on a worker thread); used when the
    passages are still as they were, else the plan is made again.
    """
    with project.write() as db:
        result = planned if planned is not None and _still_current(db, planned, old_id, new_id) \
            else _plan(db, old_id, new_id)
        new_text = store_docs.text(db, new_id)
        for placement in result.placements:
            anchor, passage = placement.anchor, placement.passage
            if anchor is None:
                versions.mark_orphan(db, passage.id)
            elif anchor.must_review:  # stays where its quote is true, until a person decides
                versions.mark_for_review(db, passage.id)
                for claim_id in versions.claims_using(db, passage.id):
                    history.record(db, "passage", passage.id,
                                   "passage to review after a new version of its document"
                                   + (": its words changed" if anchor.quote_changed else ": its place is uncertain"),
                                   before={"document": old_id, "exact": passage.quote.exact},
                                   after={"document": new_id, "found": placement.found}, claim_id=claim_id)
            else:
                versions.move_passage(db, passage.id, new_id, anchor.start, anchor.end,
                                      make_quote(new_text, anchor.start, anchor.end), False)
        versions.link(db, new_id, old_id, utc_now())
        history.record(db, "document", new_id, "passages moved from the previous version",
                       before={"document": old_id}, after={status: result.count(status) for status in STATUSES})
    return result, Changes.PASSAGES | Changes.CLAIMS | Changes.DOCUMENTS


# ------------------------------------------------------------------------------------------ the review queue


@dataclass(frozen=True, slots=True)
class _Loaded:
    rows: list[FlaggedPassage]
    targets: dict[str, str | None]
    texts: dict[str, str]
    titles: dict[str, str]


def _load(db: Any, rows: list[FlaggedPassage], proposals: bool) -> _Loaded:
    targets = {d: versions.newest_version(db, d) for d in {r.document_id for r in rows}}
    wanted = {t for t in targets.values() if t}
    titles = {d: store_docs.metadata(db, d).title for d in wanted}
    texts: dict[str, str] = {}
    if proposals:
        for r in rows:
            if r.needs_review and not r.orphan and targets[r.document_id]:
                for d in (r.document_id, targets[r.document_id]):
                    if d and d not in texts:
                        texts[d] = store_docs.text(db, d)
    return _Loaded(rows, targets, texts, titles)


def _propose(r: FlaggedPassage, loaded: _Loaded, proposals: bool) -> FlaggedPassage:
    target = loaded.targets.get(r.document_id)
    if r.orphan:
        return replace(r, target_document_id=target or "", target_title=loaded.titles.get(target or "", ""),
                       reason=REASON_ORPHAN)
    if target is None:  # marked by an earlier version of the program: already on the newest version
        return replace(r, target_document_id=r.document_id, target_title=r.document_title, target_start=r.start,
                       target_end=r.end, found=r.exact, reason=REASON_PLACED_EARLIER)
    r = replace(r, target_document_id=target, target_title=loaded.titles.get(target, ""))
    if not proposals:
        return r
    text = loaded.texts[target]
    anchor = reanchor(text, r.quote, r.start, len(loaded.texts[r.document_id]))
    if anchor is None:
        return replace(r, reason=REASON_NOT_FOUND)
    reason = REASON_CHANGED if anchor.quote_changed else REASON_DOUBTFUL if anchor.needs_review else REASON_FOUND
    return replace(r, target_start=anchor.start, target_end=anchor.end, found=text[anchor.start : anchor.end],
                   reason=reason)


def flagged(project: Project, document_id: str | None = None, *, proposals: bool = True) -> list[FlaggedPassage]:
    """Orphaned passages and passages to review, orphans first (exports and ``check`` list them too).

    Each passage to review comes with its proposal: the newest version of its
    document, the place found there and the text at that place (``found``), and why
    it waits (``reason``). ``document_id``: only passages on that document or
    proposed for it. ``proposals=False``: skip finding the places (fast; for a first
    listing). The texts are read under the project's lock; the places are found
    after releasing it (this may run on a worker thread).
    """
    with project.read() as db:
        loaded = _load(db, versions.flagged(db), proposals)
    items = [_propose(r, loaded, proposals) for r in loaded.rows]
    if document_id is not None:
        items = [i for i in items if document_id in (i.document_id, i.target_document_id)]
    return items


def review_item(project: Project, passage_id: str) -> FlaggedPassage:
    """One passage of the review queue with its proposal (NotFound when it is neither to review nor orphan)."""
    with project.read() as db:
        return _item(db, passage_id)


def _item(db: Any, passage_id: str, proposals: bool = True) -> FlaggedPassage:
    rows = versions.flagged(db, passage_id)
    if not rows:
        store_passages.get(db, passage_id)  # NotFound for an unknown id
        raise BadArgument(f"Passage {passage_id[:8]} is not waiting for review and is not an orphan.")
    loaded = _load(db, rows, proposals)
    return _propose(rows[0], loaded, proposals)


def resolve_passage(project: Project, prefix: str) -> str:
    """A passage id from the id or a unique prefix of it (at least 4 characters)."""
    with project.read() as db:
        return versions.resolve_passage(db, prefix)


def _clip(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _move(db: Any, item: FlaggedPassage, doc_id: str, start: int, end: int, how: str) -> Decision:
    text = store_docs.text(db, doc_id)
    if not 0 <= start < end <= len(text):
        raise BadArgument(f"range {start}..{end} is outside the document ({len(text)} characters).")
    quote = make_quote(text, start, end)
    versions.move_passage(db, item.passage_id, doc_id, start, end, quote, False)
    user = history.current_user()
    old, new = item.exact, quote.exact
    if old == new:
        action = f"place in the new version {how} by {user} (the same words)"
    elif same_words(old, new):
        action = f"place in the new version {how} by {user} (the same words; only the spacing differs)"
    else:
        action = f"quote changed on re-anchoring: “{_clip(old)}” → “{_clip(new)}”, {how} by {user}"
    before = {"document": item.document_id, "start": item.start, "end": item.end, "exact": old}
    after = {"document": doc_id, "start": start, "end": end, "exact": new}
    for claim_id in _claims_or_none(db, item.passage_id):
        history.record(db, "passage", item.passage_id, action, before=before, after=after, claim_id=claim_id)
    return Decision(item.passage_id, how if how == "placed" else "accepted", old, new, doc_id, start, end)


def _claims_or_none(db: Any, passage_id: str) -> list[str | None]:
    """The claims using a passage (each gets the history entry), or [None]: one entry on the passage alone."""
    claims: list[str | None] = list(versions.claims_using(db, passage_id))
    return claims or [None]


def _chain(db: Any, doc_id: str) -> list[str]:
    """``doc_id`` and its newer versions, oldest first."""
    out = [doc_id]
    while (newer := versions.newer_of(db, out[-1])) is not None and newer not in out:
        out.append(newer)
    return out


def accept(project: Project, passage_id: str,
           proposal: tuple[str, int, int] | None = None) -> tuple[Decision, Changes]:
    """Accept the place proposed for a passage to review: it moves there and its quote becomes the text there.

    ``proposal`` (document, start, end): the place the person was shown (the window
    passes it so that nothing is searched again); it must be in the newest version
    of the passage's document. Without it the place is found again.
    """
    with project.write() as db:
        item = _item(db, passage_id, proposals=proposal is None)
        if item.orphan or not item.needs_review:
            raise BadArgument(f"Passage {passage_id[:8]} is an orphan: nothing was proposed for it. Pick a place "
                              "for it (--place) instead.")
        if proposal is not None:
            if proposal[0] != item.target_document_id:
                raise BadArgument(f"Passage {passage_id[:8]} is proposed for the newest version of its document, "
                                  "not for that one.")
            doc_id, start, end = proposal
        elif item.has_proposal:
            doc_id, start, end = item.target_document_id, item.target_start, item.target_end
        else:
            raise BadArgument(f"Passage {passage_id[:8]} was not found in the newest version of its document: pick "
                              "a place for it or keep it as an orphan.")
        if item.reason == REASON_PLACED_EARLIER and (doc_id, start, end) == (item.document_id, item.start, item.end):
            versions.set_reviewed(db, passage_id)  # it is there already: only the mark goes
            history.record(db, "passage", passage_id, f"placement reviewed by {history.current_user()}")
            decision = Decision(passage_id, "accepted", item.exact, item.exact, doc_id, start, end)
        else:
            decision = _move(db, item, doc_id, start, end, "accepted")
    return decision, _CHANGES


def place(project: Project, passage_id: str, start: int, end: int,
          document_id: str | None = None) -> tuple[Decision, Changes]:
    """Put a passage to review (or an orphan) at ``[start, end)`` of a new version chosen by the person.

    ``document_id``: the newest version of its document by default; it may be any newer
    version of it (or, for a passage placed by an earlier version of the program, the
    document it is on).
    """
    with project.write() as db:
        item = _item(db, passage_id, proposals=False)
        chain = _chain(db, item.document_id)
        allowed = chain[1:] or ([item.document_id] if item.reason == REASON_PLACED_EARLIER else [])
        doc_id = document_id or (allowed[-1] if allowed else "")
        if doc_id not in allowed:
            raise BadArgument(f"Passage {passage_id[:8]} can only be placed in a newer version of “"
                              f"{item.document_title}”" + ("." if allowed else ": it has none."))
        decision = _move(db, item, doc_id, start, end, "placed")
    return decision, _CHANGES


def locate(project: Project, passage_id: str, quote: str, occurrence: int = 1) -> tuple[str, int, int]:
    """Where ``quote`` (its ``occurrence``-th appearance) is in the newest version of the passage's document."""
    with project.read() as db:
        item = _item(db, passage_id, proposals=False)
        doc_id = item.target_document_id
        if not doc_id:
            raise BadArgument(f"The document of passage {passage_id[:8]} has no newer version.")
        text = store_docs.text(db, doc_id)
    if not quote:
        raise BadArgument("The quote is empty.")
    start = find_occurrence(text, quote, occurrence)
    if start is None:
        n = len(find_all(text, quote))
        raise NotFound(f"The quote does not occur in “{item.target_title}”." if n == 0 else
                       f"The quote occurs {n} time(s) in “{item.target_title}”; there is no occurrence {occurrence}.")
    return doc_id, start, start + len(quote)


def keep_orphan(project: Project, passage_id: str) -> tuple[Decision, Changes]:
    """Keep a passage to review as an orphan: it stays on the old version, listed with the orphans."""
    with project.write() as db:
        item = _item(db, passage_id, proposals=False)
        if item.orphan:
            raise BadArgument(f"Passage {passage_id[:8]} is an orphan already.")
        versions.mark_orphan(db, passage_id)
        action = f"kept as an orphan on the old version by {history.current_user()} (re-anchoring review)"
        for claim_id in _claims_or_none(db, passage_id):
            history.record(db, "passage", passage_id, action,
                           before={"document": item.document_id, "exact": item.exact}, claim_id=claim_id)
    return Decision(passage_id, "orphan", item.exact, "", item.document_id, item.start, item.end), _CHANGES


def mark_reviewed(project: Project, passage_id: str) -> Changes:
    """The person checked a passage to review and agrees with the place proposed (``accept``)."""
    with project.read() as db:
        rows = versions.flagged(db, passage_id)
    if not rows or not rows[0].needs_review:
        return Changes.NONE
    return accept(project, passage_id)[1]


# ------------------------------------------------------------------------------- new versions on the command line


def document_marker(project: Project) -> int:
    """A mark to find the documents imported after this call (``new_versions_since``)."""
    with project.read() as db:
        return versions.document_marker(db)


def new_versions_since(project: Project, marker: int) -> list[tuple[str, str]]:
    """(old, new) for each document imported after ``marker`` that is a new version of an earlier one.

    In import order; a document already linked to a previous version, or that came with
    passages of its own (merged from a bundle), is left out.
    """
    with project.read() as db:
        out = []
        for doc_id in versions.imported_after(db, marker):
            if versions.previous_of(db, doc_id) or store_passages.for_document(db, doc_id):
                continue
            previous = versions.previous_version(db, doc_id, earlier_only=True)
            if previous:
                out.append((previous, doc_id))
        return out
