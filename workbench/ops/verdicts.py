"""Use cases on verdicts: rating, rationale, summary, status, tags, attribution chain, rating scale."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from workbench.domain.changes import Changes
from workbench.domain.model import ClaimStatus, Corroboration, EvidenceView, Rating, utc_now
from workbench.domain.reasoning import Outlets, parse_tags
from workbench.domain.reasoning import corroboration as compute_corroboration
from workbench.errors import BadArgument
from workbench.ops import desk
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import history, reasoning, sources
from workbench.store.project import Project

_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def set_verdict(project: Project, claim_id: str, *, rating: str | None = None, rationale: str | None = None,
                summary: str | None = None, status: ClaimStatus | str | None = None) -> Changes:
    """Record the verdict: rating (a label of the project's scale, or "" for none), rationale (Markdown),
    short summary and status. Only the given fields change; the change is recorded in history.

    A status change follows the desk's sign-off rule (``ops.desk``: BadArgument when it forbids it, naming the
    rule and the person) and writes the sign-off record (submitted_by/at, reviewed_by/at)."""
    with project.write() as db:
        old = store_claims.get_claim(db, claim_id)
        values: dict[str, Any] = {}
        if rating is not None:
            labels = {r.label.casefold(): r.label for r in reasoning.ratings(db)}
            rating = rating.strip()
            if rating and rating.casefold() not in labels:
                raise BadArgument(f"“{rating}” is not on this project's rating scale "
                                  f"({', '.join(labels.values())}).")
            rating = labels.get(rating.casefold(), "")
            if rating != old.rating:
                values["rating"] = rating
        if rationale is not None and rationale != old.rationale:
            values["rationale"] = rationale
        if summary is not None and summary.strip() != old.summary:
            values["summary"] = summary.strip()
        if status is not None:
            try:
                st = ClaimStatus(status)
            except ValueError as exc:
                raise BadArgument(f"“{status}” is not a status: use draft, review or final.") from exc
            if st is not old.status:
                desk.signoff_check(desk.read_settings(db), old, st)
                values["status"] = st.value
        if not values:
            return Changes.NONE
        before = {k: (getattr(old, k).value if k == "status" else getattr(old, k)) for k in values}
        after = dict(values)
        if "status" in values:  # the sign-off record (who sent it to review, who made it final)
            values.update(desk.signoff_values(old, ClaimStatus(values["status"])))
        values["updated_at"] = utc_now()
        store_claims.update_claim(db, claim_id, values)
        history.record(db, "claim", claim_id, "verdict changed", claim_id=claim_id, before=before, after=after)
    return Changes.CLAIMS


def set_tags(project: Project, claim_id: str, tags: str | Iterable[str]) -> Changes:
    wanted = parse_tags(tags if isinstance(tags, str) else ",".join(tags))
    with project.write() as db:
        store_claims.get_claim(db, claim_id)
        old = reasoning.tags(db, claim_id)
        if old == wanted:
            return Changes.NONE
        reasoning.set_tags(db, claim_id, wanted)
        history.record(db, "claim", claim_id, "claim edited", claim_id=claim_id, before={"tags": list(old)},
                       after={"tags": list(wanted)})
    return Changes.CLAIMS


def set_attribution(project: Project, claim_id: str, names: list[str]) -> Changes:
    """The chain of sources through which the claim reached the article, nearest first;
    names not yet in the registry become new sources."""
    clean = [" ".join(n.split()) for n in names if n.strip()]
    changes = Changes.CLAIMS
    with project.write() as db:
        store_claims.get_claim(db, claim_id)
        old = reasoning.attribution_names(db, claim_id)
        ids = []
        for name in clean:
            source_id, created = sources.get_or_create(db, name)
            changes |= Changes.SOURCES if created else Changes.NONE
            ids.append(source_id)
        if ids == reasoning.attribution(db, claim_id):
            return Changes.NONE
        reasoning.set_attribution(db, claim_id, ids)
        history.record(db, "claim", claim_id, "claim edited", claim_id=claim_id, before={"attribution": old},
                       after={"attribution": reasoning.attribution_names(db, claim_id)})
    return changes


def attribution(project: Project, claim_id: str) -> list[str]:
    with project.read() as db:
        return reasoning.attribution_names(db, claim_id)


def tags(project: Project, claim_id: str) -> tuple[str, ...]:
    with project.read() as db:
        return reasoning.tags(db, claim_id)


def all_tags(project: Project) -> list[str]:
    with project.read() as db:
        return reasoning.all_tags(db)


def ratings(project: Project) -> list[Rating]:
    with project.read() as db:
        return reasoning.ratings(db)


def save_rating_scale(project: Project, scale: list[Rating], renames: dict[str, str] | None = None) -> Changes:
    """Replace the project's rating scale. ``renames`` (old → new label) keeps claims' ratings;
    a label that is removed while claims use it is refused."""
    renames = renames or {}
    labels = [r.label.strip() for r in scale]
    if not scale:
        raise BadArgument("The rating scale needs at least one rating.")
    if any(not label for label in labels):
        raise BadArgument("Every rating needs a label.")
    if len({label.casefold() for label in labels}) != len(labels):
        raise BadArgument("Two ratings have the same label.")
    for r in scale:
        if not _COLOUR_RE.fullmatch(r.colour):
            raise BadArgument(f"The colour of “{r.label}” must look like #c62828, not “{r.colour}”.")
    with project.write() as db:
        old = reasoning.ratings(db)
        if old == scale and not any(a != b for a, b in renames.items()):
            return Changes.NONE
        used = reasoning.rating_usage(db)
        kept = set(labels)
        for label, n in used.items():
            if label not in kept and renames.get(label) not in kept:
                raise BadArgument(f"“{label}” is the rating of {n} claim(s): rename it instead of removing it, "
                                  "or change those claims first.")
        reasoning.replace_ratings(db, [Rating(r.label.strip(), r.definition.strip(), r.colour, int(r.value))
                                       for r in scale], renames)
        history.record(db, "project", "ratings", "rating scale edited",
                       before={"scale": [r.label for r in old]}, after={"scale": labels})
    return Changes.CLAIMS | Changes.PROJECT


def outlets(db: Any, views: Iterable[EvidenceView]) -> Outlets:
    """What corroboration needs beyond the evidence: the publisher and address of each passage's document and
    the sources registry (call inside a read)."""
    doc_ids = {v.passage.document_id for v in views if v.passage is not None}
    documents = {}
    for doc_id in sorted(doc_ids):
        meta = store_docs.metadata(db, doc_id)
        documents[doc_id] = (meta.publisher, meta.url)
    publishers = any(publisher.strip() for publisher, _url in documents.values())
    return Outlets(documents, tuple(sources.list_all(db)) if publishers else ())


def corroboration(project: Project, claim_id: str) -> Corroboration:
    """The claim's evidence counted by stance and by independent origin (see ``domain.independence``)."""
    return evidence_with_corroboration(project, claim_id)[1]


def evidence_with_corroboration(project: Project, claim_id: str) -> tuple[list[EvidenceView], Corroboration]:
    """The claim's evidence and its corroboration, read together (what the Evidence tab shows)."""
    with project.read() as db:
        views = store_claims.evidence_views(db, claim_id)
        return views, compute_corroboration(views, outlets(db, views))
