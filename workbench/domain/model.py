"""Frozen dataclasses and enums of the fact-checking domain. No Qt, no SQL."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime


def new_id() -> str:
    """Return a new text UUID (ids are UUIDs so that projects can be merged)."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """Return the current time as an ISO-8601 UTC timestamp with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class SegmentKind(enum.StrEnum):
    """What a region of a document is: the article itself or its surroundings."""

    BODY = "body"
    COMMENTS = "comments"
    BOILERPLATE = "boilerplate"


class Stance(enum.StrEnum):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return {"supports": "Supports", "refutes": "Refutes", "context": "Adds context"}[self.value]


class ClaimStatus(enum.StrEnum):
    """Workflow status of a claim."""

    DRAFT = "draft"
    REVIEW = "review"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "review": "In review", "final": "Final"}[self.value]


class EvidenceKind(enum.StrEnum):
    """What a piece of evidence is. Everything else about a kind (fields, summary, exports, dialog page) is
    declared in ``workbench.domain.evidence_kinds``; nothing outside that registry branches on a kind.

    The built-in kinds are the members. A kind added with ``evidence_kinds.register`` is a value of this type
    too (``EvidenceKind("dataset")`` is one object, with ``.value`` and ``.name``), though not a member:
    iterating the class lists the built-in kinds only.
    """

    PASSAGE = "passage"
    URL = "url"
    FILE = "file"
    NOTE = "note"

    @classmethod
    def _missing_(cls, value: object) -> EvidenceKind | None:
        return _EXTRA_KINDS.get(value) if isinstance(value, str) else None


_EXTRA_KINDS: dict[str, EvidenceKind] = {}


def extend_evidence_kinds(value: str) -> EvidenceKind:
    """Make ``value`` a valid ``EvidenceKind`` (called by ``evidence_kinds.register`` only)."""
    try:
        return EvidenceKind(value)
    except ValueError:
        kind = str.__new__(EvidenceKind, value)
        kind._name_ = value.upper()
        kind._value_ = value
        _EXTRA_KINDS[value] = kind
        return kind


def retract_evidence_kind(value: str) -> None:
    """Undo ``extend_evidence_kinds`` (called by ``evidence_kinds.unregister`` only)."""
    _EXTRA_KINDS.pop(value, None)


class PassageRole(enum.StrEnum):
    """Why a passage is highlighted: it states a claim, it is evidence, or it is an imported web annotation
    (Hypothesis, W3C) that no claim uses yet."""

    APPEARANCE = "appearance"
    EVIDENCE = "evidence"
    ANNOTATION = "annotation"


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """Editable descriptive metadata of a document. Dates are ISO strings (YYYY-MM-DD)."""

    title: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    direction: str = ""  # "ltr", "rtl", or "" when unknown: the main writing direction of the text


@dataclass(frozen=True, slots=True)
class Segment:
    """A half-open code-point range [start, end) of a document's canonical text."""

    start: int
    end: int
    kind: SegmentKind


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the library list shows of a document (no text, no bytes)."""

    id: str
    metadata: DocumentMetadata
    filename: str
    media_type: str
    encoding: str
    sha256: str
    size: int
    imported_at: str
    derived: tuple[str, ...] = ()  # metadata fields the importer derived rather than read (e.g. "title")
    extraction: str = ""  # "" when the main-text extractor read the page; else the fallback used


@dataclass(frozen=True, slots=True)
class Document:
    """An imported document. The canonical text never changes after import."""

    id: str
    metadata: DocumentMetadata
    filename: str
    media_type: str
    encoding: str
    sha256: str
    text: str
    segments: tuple[Segment, ...]
    imported_at: str
    derived: tuple[str, ...] = ()
    extraction: str = ""


@dataclass(frozen=True, slots=True)
class TextQuote:
    """A W3C TextQuoteSelector: the exact text plus up to 32 characters either side."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Passage:
    """A highlighted range of a document, in code points, with its quote selector."""

    id: str
    document_id: str
    start: int
    end: int
    quote: TextQuote
    orphan: bool = False
    note: str = ""  # an imported web annotation's text (issue 13: Hypothesis import)
    annotation: str = ""  # that annotation's id, so importing it again adds nothing


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    kind: str = ""
    affiliation: str = ""
    reliability: str = ""
    notes: str = ""
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # URLs that identify it elsewhere (Wikidata, Wikipedia, official site…)
    job_title: str = ""  # a person's role, as ClaimReview's jobTitle
    image: str = ""  # the URL of a picture (ClaimReview's image)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    claimant_id: str | None = None
    claim_date: str = ""
    status: ClaimStatus = ClaimStatus.DRAFT
    rating: str = ""
    rationale: str = ""
    summary: str = ""
    created_at: str = ""
    updated_at: str = ""
    published_at: str = ""  # when the verdict first became final (never cleared): ClaimReview's datePublished
    assignee: str = ""  # the desk member working on it (a profile name; "" unassigned)
    submitted_by: str = ""  # who sent the verdict to review, and when (the desk's sign-off)
    submitted_at: str = ""
    reviewed_by: str = ""  # who made it final, and when (cleared when it leaves final)
    reviewed_at: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction notice on a published verdict, as a newsroom prints it: the day, what changed (e.g. "Rating
    changed from Misleading to False") and why (``text``). Not the edit history: written on purpose, public."""

    id: str
    claim_id: str
    date: str
    text: str
    change: str = ""
    who: str = ""
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A piece of evidence for a claim: a passage, a URL, a file, a note (or a kind registered in
    ``domain.evidence_kinds``).

    ``credibility`` is the Admiralty information-credibility grade 1–6 (None: not graded).
    """

    id: str
    claim_id: str
    kind: EvidenceKind
    stance: Stance
    passage_id: str | None = None
    url: str = ""
    title: str = ""
    note: str = ""
    credibility: int | None = None
    source_id: str | None = None
    created_at: str = ""
    accessed: str = ""
    archived_document_id: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    filename: str
    media_type: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """Evidence with what the claim editor shows of it."""

    evidence: Evidence
    passage: Passage | None = None
    document_title: str = ""
    source: Source | None = None
    file: EvidenceFile | None = None

    @property
    def label(self) -> str:
        """The evidence in one line (its kind's ``summary`` in ``domain.evidence_kinds``)."""
        from workbench.domain import evidence_kinds

        return evidence_kinds.summary(self)


@dataclass(frozen=True, slots=True)
class Rating:
    """One step of the project's rating scale. ``value`` is ClaimReview's ratingValue."""

    label: str
    definition: str = ""
    colour: str = "#757575"
    value: int = 0


DEFAULT_RATINGS: list[Rating] = [
    Rating("True", "The claim is accurate and nothing significant is missing.", "#2e7d32", 5),
    Rating("Mostly true", "The claim is accurate but needs clarification or additional information.", "#7cb342", 4),
    Rating("Mixed", "The claim is partly accurate and partly inaccurate.", "#f9a825", 3),
    Rating("Mostly false", "The claim contains an element of truth but ignores facts that change it.", "#ef6c00", 2),
    Rating("False", "The claim is inaccurate.", "#c62828", 1),
    Rating("Unproven", "The evidence available neither confirms nor refutes the claim.", "#757575", 0),
    Rating("Misleading", "The claim uses accurate facts in a way that gives a false impression.", "#6a1b9a", 0),
]
"""The rating scale of a new project (the single source of truth: the schema's first step inserts it)."""


@dataclass(frozen=True, slots=True)
class EvidenceOrigin:
    """Where one piece of evidence counts from in the corroboration figures (see ``domain.independence``)."""

    evidence_id: str
    label: str  # "SouthFront", "Residents via SouthFront", "southfront.org (web site)"; "" when unknown
    group: int  # pieces with the same group number count once; 0 when the source is unknown


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Evidence counts by stance, and how many independent origins (sources, outlets, affiliations) they come
    from; evidence whose source is unknown is counted apart and never as independent."""

    supports: int = 0
    refutes: int = 0
    context: int = 0
    independent_supports: int = 0
    independent_refutes: int = 0
    unknown_supports: int = 0
    unknown_refutes: int = 0
    unknown_context: int = 0
    origins: tuple[EvidenceOrigin, ...] = ()

    def origin(self, evidence_id: str) -> EvidenceOrigin | None:
        return next((o for o in self.origins if o.evidence_id == evidence_id), None)

    def shared_with(self, evidence_id: str) -> int:
        """How many other pieces count as one with this one (0 when none, or when its source is unknown)."""
        mine = self.origin(evidence_id)
        if mine is None or not mine.group:
            return 0
        return sum(1 for o in self.origins if o.group == mine.group) - 1


CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
SOURCE_KINDS = ("outlet", "agency", "official", "local sources", "person", "organisation", "social media")


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage as the reading pane paints it: range plus role/stance and claim."""

    passage_id: str
    start: int
    end: int
    role: PassageRole
    stance: Stance | None
    claim_id: str
    link_id: str
    note: str = ""  # an imported annotation's note (role ANNOTATION: claim_id "", link_id the passage id)


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """A passage linked to a claim, as the claim editor lists it."""

    link_id: str
    role: PassageRole
    stance: Stance | None
    passage: Passage
    document_title: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One entry of the append-only history. ``id`` (a UUID) is the entry's identity, kept by bundles and
    merges; ``seq`` its sequence number in this project (the order entries were written)."""

    at: str
    who: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)
    claim_id: str | None = None
    id: str = ""
    seq: int = 0
    step: str = ""  # the user action of the operation log it was written in ("" before the log, or not logged)
    undone: bool = False  # that action is undone now (or was undone and then replaced by another)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as the claim list shows it."""

    claim: Claim
    claimant: str
    appearances: int
    supports: int
    refutes: int
    context: int
    document_ids: tuple[str, ...]
    tags: tuple[str, ...] = ()
