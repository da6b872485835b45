"""Use cases on claims: make a claim from a passage, link evidence, edit, remove."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.domain import evidence_kinds
from workbench.domain.changes import Changes
from workbench.domain.model import (
    Claim,
    ClaimLink,
    ClaimRow,
    ClaimStatus,
    Evidence,
    EvidenceKind,
    Highlight,
    Passage,
    PassageRole,
    Stance,
    new_id,
    utc_now,
)
from workbench.domain.quote_match import find_quote, normalise_quote
from workbench.domain.selectors import make_quote
from workbench.errors import BadArgument, NotFound
from workbench.ops import text_cache
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import history, sources
from workbench.store import passages as store_passages
from workbench.store.changelog import ChangeSet
from workbench.store.project import Project


def locate_quote(project: Project, doc_id: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Code-point range of the ``occurrence``-th appearance of ``quote`` in a document.

    The quote is found even where its white space differs from the text's (a line break where the source
    wrapped, several spaces, a no-break space), through soft hyphens and words hyphenated at a line end,
    and whatever its quotation marks and dashes (see ``domain.quote_match``); the range is the text's own.
    """
    with project.read() as db:
        text = store_docs.text(db, doc_id)
        title = store_docs.metadata(db, doc_id).title
    if not normalise_quote(quote):
        raise BadArgument("The quote is empty.")
    matches = find_quote(text, quote)
    if not 1 <= occurrence <= len(matches):
        if not matches:
            raise NotFound(f"The quote “{_short(quote)}” does not occur in “{title}”.")
        raise NotFound(f"The quote occurs {len(matches)} time(s) in “{title}”; there is no occurrence {occurrence}.")
    return matches[occurrence - 1]


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _check_date(value: str) -> str:
    """Return a claim date stripped, or raise BadArgument unless it is ISO (or empty)."""
    value = value.strip()
    if value and not is_real_date(value):
        raise BadArgument(f"“{value}” is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY).")
    return value


def is_real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists (2017-02-30 does not)."""
    try:
        evidence_kinds.check_date(value)
    except evidence_kinds.FieldError:
        return False
    return True




def document_text(project: Project, db: Any, doc_id: str) -> str:
    """A document's canonical text, cached per project (documents never change after import; opening one in the
    window caches it too, so that adding the first highlight does not read 10 MB back from the file)."""
    return text_cache.cached_text(project, doc_id, lambda: store_docs.text(db, doc_id))


def _new_passage(project: Project, db: Any, doc_id: str, start: int, end: int, at: str) -> Passage:
    text = document_text(project, db, doc_id)
    if not 0 <= start < end <= len(text):
        raise BadArgument(f"The selection {start}..{end} is outside the document ({len(text)} characters).")
    if not text[start:end].strip():
        raise BadArgument("The selection holds only white space: select some text first.")
    passage = Passage(id=new_id(), document_id=doc_id, start=start, end=end, quote=make_quote(text, start, end))
    store_passages.insert(db, passage, at)
    return passage


def create_claim_from_passage(
    project: Project,
    doc_id: str,
    start: int,
    end: int,
    *,
    text: str | None = None,
    claimant: str | None = None,
    claim_date: str = "",
) -> tuple[str, Changes]:
    """Create a claim whose text starts as the quote; the passage is where it appears."""
    claim_date = _check_date(claim_date)
    at = utc_now()
    with project.write() as db:
        passage = _new_passage(project, db, doc_id, start, end, at)
        claimant_id = None
        changes = Changes.CLAIMS | Changes.PASSAGES
        if claimant and claimant.strip():
            claimant_id, created = sources.get_or_create(db, claimant.strip())
            if created:
                changes |= Changes.SOURCES
        if not claim_date:
            claim_date = store_docs.metadata(db, doc_id).published
        claim = Claim(id=new_id(), text=(text if text and text.strip() else passage.quote.exact).strip(),
                      claimant_id=claimant_id, claim_date=claim_date, created_at=at, updated_at=at)
        store_claims.insert_claim(db, claim)
        link_id = new_id()
        store_claims.insert_appearance(db, link_id, claim.id, passage.id, at)
        history.record(db, "claim", claim.id, "claim created", claim_id=claim.id,
                       after={"text": claim.text, "quote": passage.quote.exact, "document_id": doc_id})
    return claim.id, changes


def add_appearance(project: Project, claim_id: str, doc_id: str, start: int, end: int) -> tuple[str, Changes]:
    """Record another passage where an existing claim is stated."""
    at = utc_now()
    with project.write() as db:
        store_claims.get_claim(db, claim_id)
        passage = _new_passage(project, db, doc_id, start, end, at)
        link_id = new_id()
        store_claims.insert_appearance(db, link_id, claim_id, passage.id, at)
        history.record(db, "appearance", link_id, "appearance added", claim_id=claim_id,
                       after={"quote": passage.quote.exact, "document_id": doc_id})
    return link_id, Changes.CLAIMS | Changes.PASSAGES


def add_passage_evidence(
    project: Project, claim_id: str, doc_id: str, start: int, end: int, stance: Stance,
    *, credibility: int | None = None, source: str | None = None,
) -> tuple[str, Changes]:
    """Link a passage to a claim as evidence with a stance."""
    if credibility is not None and not 1 <= credibility <= 6:
        raise BadArgument(f"Credibility must be 1 to 6, not {credibility}.")
    at = utc_now()
    changes = Changes.EVIDENCE | Changes.PASSAGES | Changes.CLAIMS
    with project.write() as db:
        store_claims.get_claim(db, claim_id)
        passage = _new_passage(project, db, doc_id, start, end, at)
        source_id = None
        if source and source.strip():
            source_id, created = sources.get_or_create(db, source.strip())
            if created:
                changes |= Changes.SOURCES
        ev = Evidence(id=new_id(), claim_id=claim_id, kind=EvidenceKind.PASSAGE, stance=Stance(stance),
                      passage_id=passage.id, credibility=credibility, source_id=source_id, created_at=at)
        store_claims.insert_evidence(db, ev)
        history.record(db, "evidence", ev.id, "evidence added", claim_id=claim_id,
                       after={"stance": ev.stance.value, "quote": passage.quote.exact, "document_id": doc_id})
    return ev.id, changes


def remove_link(project: Project, link_id: str) -> Changes:
    """Remove an appearance or a piece of evidence (and its passage if now unused)."""
    with project.write() as db:
        role, claim_id, passage_id = store_claims.get_link(db, link_id)
        quote = store_passages.get(db, passage_id).quote.exact if passage_id else ""
        store_claims.delete_link(db, link_id)
        if passage_id:
            store_passages.delete_if_unused(db, passage_id)
        action = "appearance removed" if role is PassageRole.APPEARANCE else "evidence removed"
        history.record(db, role.value, link_id, action, claim_id=claim_id, before={"quote": quote})
    return Changes.PASSAGES | Changes.EVIDENCE | Changes.CLAIMS


def delete_claim(project: Project, claim_id: str) -> Changes:
    """Delete a claim with its links; passages nothing else uses go too."""
    with project.write() as db:
        claim = store_claims.get_claim(db, claim_id)
        for passage_id in store_claims.delete_claim(db, claim_id):
            store_passages.delete_if_unused(db, passage_id)
        history.record(db, "claim", claim_id, "claim deleted", claim_id=claim_id, before={"text": claim.text})
    return Changes.CLAIMS | Changes.PASSAGES | Changes.EVIDENCE


def update_claim(
    project: Project,
    claim_id: str,
    *,
    text: str | None = None,
    claimant: str | None = None,
    claim_date: str | None = None,
    status: ClaimStatus | str | None = None,
) -> Changes:
    """Edit a claim's fields; only the given ones change. Recorded in history."""
    changes = Changes.NONE
    with project.write() as db:
        old = store_claims.get_claim(db, claim_id)
        values: dict[str, Any] = {}
        if text is not None:
            if not text.strip():
                raise BadArgument("A claim needs a text.")
            if text != old.text:
                values["text"] = text
        if claim_date is not None:
            claim_date = _check_date(claim_date)
            if claim_date != old.claim_date:
                values["claim_date"] = claim_date
        if status is not None:
            try:
                st = ClaimStatus(status)
            except ValueError as exc:
                raise BadArgument(f"“{status}” is not a status: use draft, review or final.") from exc
            if st is not old.status:
                values["status"] = st.value
        before: dict[str, Any] = {k: getattr(old, k) for k in values}
        if claimant is not None:
            new_id_ = None
            if claimant.strip():
                new_id_, created = sources.get_or_create(db, claimant.strip())
                if created:
                    changes |= Changes.SOURCES
            if new_id_ != old.claimant_id:
                values["claimant_id"] = new_id_
                before["claimant"] = sources.get(db, old.claimant_id).name if old.claimant_id else ""
        if not values:
            return changes
        values["updated_at"] = utc_now()
        store_claims.update_claim(db, claim_id, values)
        after = {k: v for k, v in values.items() if k not in ("updated_at", "claimant_id")}
        before.pop("status", None) if "status" not in values else None
        if "claimant_id" in values:  # the source's own name, not how it was typed
            after["claimant"] = sources.get(db, values["claimant_id"]).name if values["claimant_id"] else ""
        history.record(db, "claim", claim_id, "claim edited", claim_id=claim_id,
                       before={k: (v.value if isinstance(v, ClaimStatus) else v) for k, v in before.items()},
                       after=after)
    return changes | Changes.CLAIMS


def get_claim(project: Project, claim_id: str) -> Claim:
    with project.read() as db:
        return store_claims.get_claim(db, claim_id)


def find_claim(project: Project, claim_id: str) -> Claim | None:
    """The claim, or None if it does not exist (any more)."""
    try:
        return get_claim(project, claim_id)
    except NotFound:
        return None


def claimant_name(project: Project, claim: Claim) -> str:
    if not claim.claimant_id:
        return ""
    with project.read() as db:
        return sources.get(db, claim.claimant_id).name


@dataclass(frozen=True, slots=True)
class ClaimantChange:
    """What typing ``new_name`` as a claim's claimant would change, for the editor to ask about: rename the
    claimant's source everywhere, or give this claim another source (an existing one, or a new one)."""

    claim_id: str
    old_id: str | None
    old_name: str
    old_usage: dict[str, int]  # claimant / attribution / evidence uses of the old source, this claim included
    new_name: str  # cleaned
    existing_id: str | None  # the source that ``new_name`` already names (its name or an alias), if any
    existing_name: str = ""

    @property
    def same_source(self) -> bool:
        return self.old_id is not None and self.existing_id == self.old_id

    @property
    def needs_choice(self) -> bool:
        """A claimant is replaced by another name: rename its source, or choose another for this claim?"""
        return self.old_id is not None and bool(self.new_name) and not self.same_source

    @property
    def can_rename(self) -> bool:
        return self.old_id is not None and self.existing_id is None

    @property
    def other_uses(self) -> int:
        """Uses of the old source besides being this claim's claimant."""
        return max(0, sum(self.old_usage.values()) - 1)


def claimant_change(project: Project, claim_id: str, name: str) -> ClaimantChange:
    new_name = " ".join(name.split())
    with project.read() as db:
        claim = store_claims.get_claim(db, claim_id)
        old = sources.get(db, claim.claimant_id) if claim.claimant_id else None
        existing = sources.find_by_name(db, new_name) if new_name else None
        return ClaimantChange(claim_id, old.id if old else None, old.name if old else "",
                              sources.usage(db, old.id) if old else {}, new_name, existing,
                              sources.get(db, existing).name if existing else "")


def rename_claimant(project: Project, claim_id: str, name: str, *, keep_alias: bool = False) -> Changes:
    """Rename the claim's claimant — its source, everywhere the source is used (other claims, attribution
    chains, evidence) — to ``name``; ``keep_alias`` keeps the old name as an alias. One undoable step."""
    from workbench.ops import sources as source_ops

    with project.write() as db:
        change = claimant_change(project, claim_id, name)
        if change.old_id is None:
            raise BadArgument("The claim has no claimant to rename: type a name to set one.")
        if not change.new_name:
            raise BadArgument("A source needs a name.")
        if change.existing_id is not None and not change.same_source:
            raise BadArgument(f"“{change.new_name}” already names another source ({change.existing_name}): "
                              "choose it for this claim instead of renaming.")
        old = sources.get(db, change.old_id)
        aliases = [a for a in old.aliases if a.casefold() != change.new_name.casefold()]
        if keep_alias and old.name.casefold() != change.new_name.casefold():
            aliases.append(old.name)
        changes = source_ops.update_source(project, old.id, name=change.new_name, aliases=aliases)
        if not changes:
            return Changes.NONE
        store_claims.update_claim(db, claim_id, {"updated_at": utc_now()})
        history.record(db, "claim", claim_id, "source renamed", claim_id=claim_id,
                       before={"name": old.name}, after={"name": sources.get(db, old.id).name,
                                                         "uses": sum(change.old_usage.values())})
    return changes | Changes.CLAIMS


def set_claimant(project: Project, claim_id: str, name: str, *, remove_unused: bool = False) -> Changes:
    """Give this claim another claimant — an existing source (by name or alias) or a new one — leaving the old
    source as it is; ``remove_unused`` removes the old source if nothing uses it any more. One undoable step."""
    from workbench.ops import sources as source_ops

    with project.write() as db:
        old_id = store_claims.get_claim(db, claim_id).claimant_id
        changes = update_claim(project, claim_id, claimant=name)
        if remove_unused and old_id and old_id in sources.unused_ids(db):
            changes |= source_ops.remove_unused_sources(project, [old_id])[1]
    return changes


def claim_links(project: Project, claim_id: str) -> list[ClaimLink]:
    with project.read() as db:
        return store_claims.links(db, claim_id)


def list_claims(project: Project) -> list[ClaimRow]:
    with project.read() as db:
        return store_claims.list_rows(db)


def highlights(project: Project, doc_id: str) -> list[Highlight]:
    with project.read() as db:
        return store_claims.highlights(db, doc_id)


def resolve_claim(project: Project, prefix: str) -> str:
    with project.read() as db:
        return store_claims.resolve_id(db, prefix)


def source_names(project: Project) -> list[str]:
    with project.read() as db:
        return sources.names(db)


def claim_history(project: Project, claim_id: str) -> list[history.HistoryEntry]:
    with project.read() as db:
        return history.for_claim(db, claim_id)


def highlight_delta(changeset: ChangeSet, doc_id: str) -> tuple[list[Highlight], set[str]] | None:
    """Highlights added to and link ids removed from a document by one change, read from its row changes.

    None when the change touched passages or links in a way that needs a full repaint (an update).
    """
    passages: dict[str, dict[str, Any]] = {}
    for c in changeset.changes:
        if c.table == "passages":
            if c.op == "update":
                return None
            row = c.new or c.old or {}
            passages[str(row["id"])] = row
    added: list[Highlight] = []
    removed: set[str] = set()
    for c in changeset.changes:
        if c.table not in ("appearances", "evidence"):
            continue
        if c.op == "update":
            if c.table == "evidence" and (c.old or {}).get("stance") == (c.new or {}).get("stance"):
                continue
            return None
        row = (c.new if c.op == "insert" else c.old) or {}
        if not row.get("passage_id"):
            continue
        if c.op == "delete":
            removed.add(str(row["id"]))
            continue
        p = passages.get(str(row["passage_id"]))
        if p is None:  # an existing passage gained a link: look it up by a full repaint
            return None
        if p["document_id"] != doc_id or p.get("orphan"):
            continue
        role = PassageRole.APPEARANCE if c.table == "appearances" else PassageRole.EVIDENCE
        added.append(Highlight(passage_id=str(p["id"]), start=int(p["start"]), end=int(p["end"]), role=role,
                               stance=Stance(row["stance"]) if role is PassageRole.EVIDENCE else None,
                               claim_id=str(row["claim_id"]), link_id=str(row["id"])))
    for c in changeset.changes:  # imported web annotations: passages of their own, no link
        row = (c.new if c.op == "insert" else c.old) or {}
        if c.table != "passages" or not row.get("annotation"):
            continue
        if c.op == "delete":
            removed.add(str(row["id"]))
        elif row["document_id"] == doc_id and not row.get("orphan"):
            added.append(Highlight(passage_id=str(row["id"]), start=int(row["start"]), end=int(row["end"]),
                                   role=PassageRole.ANNOTATION, stance=None, claim_id="", link_id=str(row["id"]),
                                   note=str(row.get("note") or "")))
    return added, removed


@dataclass(frozen=True, slots=True)
class LinkChange:
    """Which of a claim's links one change touched (``links_changed``): its evidence, its appearances."""

    evidence: bool = False
    appearances: bool = False

    def __bool__(self) -> bool:
        return self.evidence or self.appearances


_LINK_TABLES = frozenset({"evidence", "evidence_files", "appearances", "passages"})


def links_changed(changeset: ChangeSet, claim_id: str) -> LinkChange | None:
    """What one change did to claim ``claim_id``'s links — evidence or appearances added, removed or edited —
    read from its row changes, when that is all it did; None when it touched anything else (the claim itself,
    its tags or attribution, a source, a document, a passage that moved, another table): then everything shown
    about the claim may have changed. A false ``LinkChange`` when only other claims' links changed.

    New and removed passages come with the links that use them and say nothing more; a piece of evidence's
    file counts as that claim's evidence whichever claim it belongs to (its row names the evidence only)."""
    evidence = appearances = False
    for c in changeset.changes:
        if c.table not in _LINK_TABLES:
            return None
        if c.table == "passages":
            if c.op == "update":
                return None
            continue
        if c.table == "evidence_files":
            evidence = True
            continue
        mine = any(row is not None and row.get("claim_id") == claim_id for row in (c.old, c.new))
        if mine and c.table == "evidence":
            evidence = True
        elif mine:
            appearances = True
    return LinkChange(evidence, appearances)


def changed_claim_ids(changeset: ChangeSet) -> tuple[set[str], bool]:
    """Ids of claims whose list row may have changed, and whether the change touched sources or ratings
    (which can change many rows: then refresh the whole list)."""
    ids: set[str] = set()
    broad = False
    for c in changeset.changes:
        row = c.new or c.old or {}
        if c.table == "claims":
            ids.add(str(row["id"]))
        elif c.table in ("sources", "source_aliases", "ratings"):
            broad = True
        elif "claim_id" in row:
            ids.add(str(row["claim_id"]))
    return ids, broad


def claim_rows(project: Project, claim_ids: set[str]) -> dict[str, ClaimRow | None]:
    """The list rows of some claims (None for a claim that no longer exists)."""
    with project.read() as db:
        found = {r.claim.id: r for r in store_claims.list_rows(db, claim_ids)}
    return {cid: found.get(cid) for cid in claim_ids}


def link_ids(project: Project) -> dict[str, PassageRole]:
    """Every appearance and piece of evidence of the project: link id → role."""
    out: dict[str, PassageRole] = {}
    claim_ids = [r.claim.id for r in list_claims(project)]
    with project.read() as db:
        for claim_id in claim_ids:
            out.update({link.link_id: link.role for link in store_claims.links(db, claim_id)})
            out.update({v.evidence.id: PassageRole.EVIDENCE for v in store_claims.evidence_views(db, claim_id)})
    return out


def resolve_link(project: Project, prefix: str, role: PassageRole | None = None) -> str:
    """An appearance or a piece of evidence (only ``role``'s when given) by its id or a unique prefix of it
    (at least 4 characters), like ``resolve_claim``."""
    what = role.value if role is not None else "link"
    prefix = prefix.strip()
    if len(prefix) < 4:
        raise NotFound(f"'{prefix}' is too short to name {'an' if what[0] in 'ae' else 'a'} {what}: give at "
                       "least 4 characters of its id.")
    found = [i for i, r in link_ids(project).items()
             if (role is None or r is role) and i.casefold().startswith(prefix.casefold())]
    if not found:
        raise NotFound(f"No {what} with id '{prefix}' in this project.")
    if len(found) > 1:
        raise NotFound(f"'{prefix}' matches more than one {what}: give more of the id.")
    return found[0]
