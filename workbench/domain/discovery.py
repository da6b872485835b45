"""What search and discovery return: hits, entities, related passages. Frozen dataclasses, no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("document", "passage", "claim", "evidence", "source")
SEGMENT_FILTERS = ("body", "comments", "boilerplate")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Narrowing a search. Each filter leaves out the hits that lack what it asks for (e.g. a status filter
    keeps claims and evidence only; a segment filter keeps document text and passages)."""

    document_id: str = ""
    segments: frozenset[str] = frozenset()  # of SEGMENT_FILTERS; "body" includes titles
    date_from: str = ""  # publication date of the hit's document, YYYY[-MM[-DD]]
    date_to: str = ""
    status: str = ""  # claim status: draft / review / final


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked hit.

    ``start``/``end`` are code points: into the canonical text of ``document_id`` for documents and
    passages, into the field's own text otherwise. ``snippet`` is one line with the matches at ``marks``;
    ``matched_variant`` is the spelling found (first match), ``entity`` the alias list it belongs to.
    """

    kind: str
    id: str
    document_id: str
    document_title: str
    published: str
    field: str
    segment: str
    start: int
    end: int
    snippet: str
    marks: tuple[tuple[int, int], ...]
    matched_variant: str
    entity: str
    variants: tuple[str, ...]
    score: float
    matches: int
    claim_id: str = ""
    label: str = ""  # what the hit is: a claim's text, a source's name, an evidence title…


class SearchResults(list[SearchHit]):
    """The hits of one search, best first. ``truncated``: the query matched more pieces of text than are
    ranked (``cap``, the most recently added); a narrower query ranks them all."""

    truncated: bool = False
    cap: int = 0


@dataclass(frozen=True, slots=True)
class Entity:
    """A place, organisation or person with the other spellings of its name."""

    id: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    source_id: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


ENTITY_KINDS = ("place", "organisation", "person", "other")


@dataclass(frozen=True, slots=True)
class RelatedPassage:
    """A sentence in another document that shares a claim's key terms or entities."""

    document_id: str
    document_title: str
    published: str
    start: int
    end: int
    text: str
    score: float
    terms: tuple[str, ...]  # the words and names it shares with the claim (as written in the sentence)
    marks: tuple[tuple[int, int], ...] = field(default=())  # ranges of those in ``text``
    reasons: tuple[str, ...] = field(default=())  # why: "same place: Khasham≈Khusham", "same date: Dec 19"
