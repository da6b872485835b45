"""The report: a frozen snapshot of what the exporters print, built by ``ops.reports.build_report``.

Pure data (no Qt, no SQL): every exporter reads a ``Report`` and nothing else, so an exporter can be tested
with a hand-made report and cannot change the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.domain import evidence_kinds
from workbench.domain.evidence_kinds import KindSpec
from workbench.domain.model import (
    CREDIBILITY,
    RELIABILITY,
    Claim,
    ClaimStatus,
    Correction,
    Corroboration,
    EvidenceKind,
    EvidenceView,
    Passage,
    Rating,
    Source,
    Stance,
)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document as a citation: its metadata and identity (SHA-256 of the original bytes)."""

    id: str
    title: str
    publisher: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    sha256: str = ""
    filename: str = ""
    direction: str = ""  # "rtl", "ltr" or "": lets a report set dir= on the document's quoted passages


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage as a report quotes it: the exact text inside the rest of its sentence, and where it is."""

    link_id: str
    passage: Passage
    before: str
    after: str
    document: DocumentInfo
    created_at: str = ""
    utf16: tuple[int, int] | None = None  # (start, end) in UTF-16 code units of the text (Hypothesis' offsets)

    @property
    def exact(self) -> str:
        return self.passage.quote.exact

    @property
    def orphan(self) -> bool:
        return self.passage.orphan


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """A piece of evidence with its quote (passages) and archived copy (URLs)."""

    view: EvidenceView
    quote: Quote | None = None
    archived: DocumentInfo | None = None

    @property
    def id(self) -> str:
        return self.view.evidence.id

    @property
    def kind(self) -> EvidenceKind:
        return self.view.evidence.kind

    @property
    def spec(self) -> KindSpec:
        """Its kind's declaration (``domain.evidence_kinds``)."""
        return evidence_kinds.get(self.view.evidence.kind)

    @property
    def snippet(self) -> str:
        """The report templates' snippet for it: ``evidence/<snippet>.md.j2`` and ``.html.j2``."""
        return self.spec.snippet

    @property
    def summary(self) -> str:
        """The evidence in one line (its kind's summary)."""
        return self.spec.summary(self.view)

    @property
    def stance(self) -> Stance:
        return self.view.evidence.stance

    @property
    def source(self) -> Source | None:
        return self.view.source

    @property
    def credibility(self) -> int | None:
        return self.view.evidence.credibility

    @property
    def credibility_label(self) -> str:
        return CREDIBILITY.get(self.view.evidence.credibility or 0, "")

    @property
    def title(self) -> str:
        return self.view.evidence.title

    @property
    def url(self) -> str:
        return self.view.evidence.url

    @property
    def note(self) -> str:
        return self.view.evidence.note


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One readable line of a claim's corrections log."""

    at: str
    who: str
    text: str


@dataclass(frozen=True, slots=True)
class ClaimReport:
    claim: Claim
    claimant: Source | None = None
    attribution: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    rating: Rating | None = None
    appearances: tuple[Quote, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    rationale_html: str = ""
    corroboration: Corroboration = field(default_factory=Corroboration)
    history: tuple[HistoryLine, ...] = ()  # the edit log: printed in review copies (drafts) only
    corrections: tuple[Correction, ...] = ()  # published correction notices, oldest first

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def date_published(self) -> str:
        """The day the verdict was first made final (YYYY-MM-DD); for a claim not final yet, its last change."""
        c = self.claim
        return (c.published_at or c.updated_at or c.created_at)[:10]

    @property
    def date_modified(self) -> str:
        """The day of the latest correction notice when later than publication, else ""."""
        latest = max((n.date for n in self.corrections), default="")
        return latest if latest > self.date_published else ""

    def evidence_by_stance(self) -> list[tuple[Stance, tuple[EvidenceItem, ...]]]:
        """(stance, items) for each stance that has evidence: refutes, supports, then context."""
        order = (Stance.REFUTES, Stance.SUPPORTS, Stance.CONTEXT)
        groups = [(s, tuple(e for e in self.evidence if e.stance is s)) for s in order]
        return [(s, items) for s, items in groups if items]

    @property
    def orphans(self) -> tuple[Quote, ...]:
        """Passages that could not be found again in a newer version of their document."""
        quotes = list(self.appearances) + [e.quote for e in self.evidence if e.quote is not None]
        return tuple(q for q in quotes if q.orphan)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the claim names (claimant, attribution chain, evidence), each once, in that order."""
        seen: dict[str, Source] = {}
        for src in (self.claimant, *self.attribution, *(e.source for e in self.evidence)):
            if src is not None and src.id not in seen:
                seen[src.id] = src
        return tuple(seen.values())

    @property
    def documents(self) -> tuple[DocumentInfo, ...]:
        """The documents the claim appears in (first appearance first), each once."""
        seen: dict[str, DocumentInfo] = {}
        for q in self.appearances:
            seen.setdefault(q.document.id, q.document)
        return tuple(seen.values())

    @property
    def first_appearance(self) -> Quote | None:
        """The appearance in the earliest-published document (undated ones last), else the first recorded."""
        if not self.appearances:
            return None
        return min(self.appearances, key=lambda q: (not q.document.published, q.document.published))


def reliability_label(grade: str) -> str:
    return RELIABILITY.get(grade, "")


@dataclass(frozen=True, slots=True)
class ProjectTables:
    """The whole project, table by table, for the lossless bundle: rows as dicts, blobs as bytes."""

    schema_version: int
    tables: dict[str, list[dict[str, Any]]]
    blob_columns: dict[str, tuple[str, ...]]
    # the operation log (entries with their row changes) and the other projects' entries merged into this one:
    # what lets a later merge tell who changed what since the two parted (ops.merge)
    log: tuple[dict[str, Any], ...] = ()
    known: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """What an export prints: the project's report settings and scale, and one ``ClaimReport`` per claim."""

    title: str
    claims: tuple[ClaimReport, ...] = ()
    author: str = ""
    base_url: str = ""
    template: str = "default"
    scale: tuple[Rating, ...] = ()
    generated_at: str = ""
    project_name: str = ""
    whole_project: bool = False
    template_dirs: tuple[str, ...] = ()
    tables: ProjectTables | None = None
    withheld: int = 0  # chosen claims left out because their verdict is not final
    # Where a claim is published, relative to the base URL: "{id}" is the claim's id, "{short}" its first 8
    # characters. The one-page reports use a fragment of the page; the static site, a page of its own.
    claim_path: str = "#claim-{id}"

    @property
    def draft(self) -> bool:
        """The report holds a claim whose verdict is not final: every page is marked DRAFT (not for publication)."""
        return any(cr.claim.status is not ClaimStatus.FINAL for cr in self.claims)

    def claim_url(self, claim_id: str) -> str:
        """The published URL of a claim: base URL + ``claim_path`` (by default "#claim-" + id: its section of
        the report; relative when no base URL)."""
        return self.base_url + self.claim_path.format(id=claim_id, short=claim_id[:8])

    @property
    def numeric_scale(self) -> tuple[int, int] | None:
        """(worst, best) of the scale's numeric ratings (value > 0), or None when there are none."""
        values = [r.value for r in self.scale if r.value > 0]
        return (min(values), max(values)) if values else None
