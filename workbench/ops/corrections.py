"""Use cases on correction notices: what a newsroom publishes when a verdict it published changes.

A notice is written on purpose (unlike the edit history, which records every keystroke's save): the date it is
published, what changed ("Rating changed from Misleading to False") and why. Reports print a claim's notices
under "Corrections"; ClaimReview's ``dateModified`` is the latest notice's date. Each add, edit or removal is one
undoable step.
"""

from __future__ import annotations

from datetime import date as Date

from workbench.domain.changes import Changes
from workbench.domain.model import ClaimStatus, Correction, new_id, utc_now
from workbench.errors import BadArgument
from workbench.store import claims as store_claims
from workbench.store import corrections as store
from workbench.store import history
from workbench.store.project import Project


def _day(value: str) -> str:
    """A notice's date as YYYY-MM-DD (today when empty), or BadArgument."""
    value = value.strip() or utc_now()[:10]
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadArgument(f"“{value}” is not a date for a correction notice: use YYYY-MM-DD.") from None


def _snapshot(c: Correction) -> dict[str, str]:
    return {"date": c.date, "change": c.change, "text": c.text}


def suggested_change(project: Project, claim_id: str) -> str:
    """What changed since the verdict was published (or since its latest notice), in words, to start a notice
    with: "Rating changed from Misleading to False." ("" when the rating is the same)."""
    with project.read() as db:
        claim = store_claims.get_claim(db, claim_id)
        notices = store.for_claim(db, claim_id)
        entries = [e for e in history.for_claim(db, claim_id) if not e.undone]
    notice_ids = {n.id for n in notices}
    last = max((i for i, e in enumerate(entries) if e.entity == "correction" and e.entity_id in notice_ids),
               default=None)  # the rating as the latest notice left it, else as first published
    rating, baseline = "", None
    for i, entry in enumerate(entries):
        rating = str(entry.after.get("rating", rating))
        if i == last or (last is None and entry.after.get("status") == ClaimStatus.FINAL.value):
            baseline = rating
            break
    if baseline is None or baseline == claim.rating:
        return ""
    return f"Rating changed from {baseline or 'none'} to {claim.rating or 'none'}."


def add_correction(project: Project, claim_id: str, text: str, *, change: str = "", date: str = "",
                   ) -> tuple[str, Changes]:
    """Publish a correction notice on a claim's verdict (date: today when not given). Returns its id."""
    if not text.strip():
        raise BadArgument("A correction notice needs its text: what was wrong and what the fact check says now.")
    day = _day(date)
    with project.write() as db:
        claim = store_claims.get_claim(db, claim_id)
        if claim.status is not ClaimStatus.FINAL and not claim.published_at:
            raise BadArgument("A correction notice is for a published verdict: this claim's verdict has never been "
                              f"final ({claim.status.value}); change it directly instead.")
        c = Correction(id=new_id(), claim_id=claim_id, date=day, text=text.strip(), change=change.strip(),
                       who=history.current_user(), created_at=utc_now())
        store.insert(db, c)
        history.record(db, "correction", c.id, "correction published", claim_id=claim_id, after=_snapshot(c))
    return c.id, Changes.CLAIMS


def edit_correction(project: Project, correction_id: str, *, text: str | None = None, change: str | None = None,
                    date: str | None = None) -> Changes:
    with project.write() as db:
        old = store.get(db, correction_id)
        if text is not None and not text.strip():
            raise BadArgument("A correction notice needs its text.")
        new = Correction(id=old.id, claim_id=old.claim_id, date=old.date if date is None else _day(date),
                         text=old.text if text is None else text.strip(),
                         change=old.change if change is None else change.strip(), who=old.who,
                         created_at=old.created_at)
        if new == old:
            return Changes.NONE
        store.update(db, new)
        b, a = _snapshot(old), _snapshot(new)
        history.record(db, "correction", old.id, "correction edited", claim_id=old.claim_id,
                       before={k: v for k, v in b.items() if a[k] != v},
                       after={k: v for k, v in a.items() if b[k] != v})
    return Changes.CLAIMS


def remove_correction(project: Project, correction_id: str) -> Changes:
    with project.write() as db:
        old = store.get(db, correction_id)
        store.delete(db, correction_id)
        history.record(db, "correction", old.id, "correction removed", claim_id=old.claim_id, before=_snapshot(old))
    return Changes.CLAIMS


def corrections(project: Project, claim_id: str) -> list[Correction]:
    with project.read() as db:
        return store.for_claim(db, claim_id)


def correction(project: Project, correction_id: str) -> Correction:
    with project.read() as db:
        return store.get(db, correction_id)


def resolve_correction(project: Project, prefix: str) -> str:
    with project.read() as db:
        return store.resolve_id(db, prefix)
