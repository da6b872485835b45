"""What a fact-checker looks for in other documents about a claim, and how sentences are ranked by it. Pure Python.

A claim's *terms* are its names (every spelling: entities, automatic spelling groups, well-known groups), its dates
("December 19" also as "Dec 19", "19 December"), its numbers ("four" also as "4"), its event words with the words
that tell the same story (fought / clashes / battles), and its rarest other words. Each has a weight (its idf, more
for names and dates). A sentence of another document is scored by bm25 over those terms (term frequency saturated,
long sentences damped), and shown with the reasons: "same place: Khasham≈Khusham; same date: Dec 19".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.domain.search_text import Clause, Match, Variant, normalise

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_ABBR = {m: m[:3] for m in MONTHS} | {"september": "sep"}
_MONTH_RE = "|".join([*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"])
_DATE = re.compile(rf"\b(?:({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?"
                   rf"({_MONTH_RE})\b)")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
_NUMBER = re.compile(r"\b(\d{1,3}(?:,\d{3})*|" + "|".join(NUMBER_WORDS[3:]) + r")\b")  # "one", "two": too common


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a related sentence may share with a claim.

    ``kind``: place / organisation / person / name (a name of unknown kind) / date / number / event / word.
    ``label``: how the claim says it (for the reason).
    """

    clause: Clause
    kind: str
    weight: float
    label: str


def _month(token: str) -> str:
    token = token.rstrip(".")
    return next(m for m in MONTHS if m.startswith(token[:3]))


def date_terms(text: str) -> list[tuple[Clause, str]]:
    """The day-and-month dates a text names, each as a clause matching its usual spellings, and a label."""
    out: dict[tuple[str, int], tuple[Clause, str]] = {}
    for m in _DATE.finditer(normalise(text)):
        month = _month(m.group(1) or m.group(4))
        day = int(m.group(2) or m.group(3))
        if not 1 <= day <= 31:
            continue
        names = {month, _ABBR[month]} | ({"sept"} if month == "september" else set())
        days = {str(day), f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"}
        label = f"{_ABBR[month].capitalize()} {day}"
        variants = [Variant((n, d), label) for n in sorted(names) for d in sorted(days)]
        variants += [Variant((d, n), label) for n in sorted(names) for d in sorted(days)]
        variants += [Variant((d, "of", n), label) for n in sorted(names) for d in sorted(days)]
        out.setdefault((month, day), (Clause(tuple(variants)), label))
    return list(out.values())


def number_terms(text: str) -> list[tuple[Clause, str]]:
    """The numbers a text states outside its dates (written as a word up to twenty, or in digits): each as a clause
    matching both forms."""
    folded = _DATE.sub(" ", normalise(text))
    out: dict[str, tuple[Clause, str]] = {}
    for m in _NUMBER.finditer(folded):
        token = m.group(1).replace(",", "")
        value = NUMBER_WORDS.index(token) if token in NUMBER_WORDS else int(token)
        if 1900 <= value <= 2100:
            continue  # a year
        forms = [str(value)] + ([NUMBER_WORDS[value]] if value < len(NUMBER_WORDS) else [])
        words: list[tuple[str, ...]] = [(f,) for f in forms]
        if value >= 1000:
            words.append(tuple(f"{value:,}".split(",")))  # the index splits "2,500" into two tokens
        out.setdefault(str(value), (Clause(tuple(Variant(w, str(value)) for w in words)), str(value)))
    return list(out.values())


_PLACE_CUE = re.compile(r"(?:\b(?:village|town|city|district|province|outskirts|countryside|area|region|bank|"
                        r"airport|market|suburbs?)\s+of|\b(?:in|near|at|around|towards|into|from|outside|of the)"
                        r"|\b(?:south|north|east|west)(?:ern|-east|-west)?\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


def place_cue(text: str, start: int) -> bool:
    """Whether the words before ``start`` introduce a place ("the village of", "near", "south of")."""
    return bool(_PLACE_CUE.search(text[max(0, start - 40):start]))


@dataclass(frozen=True, slots=True)
class Scored:
    """A sentence's score and the reasons it is related."""

    score: float
    terms: tuple[int, ...]  # indexes of the terms it shares
    reasons: tuple[str, ...]


K1, B = 1.2, 0.5
REASON = {"place": "same place", "organisation": "same actor", "person": "same person", "name": "same name",
          "date": "same date", "number": "same number", "event": "same event", "word": "shares"}
STRONG = frozenset({"place", "organisation", "person", "name", "date", "number"})


def sentence_score(terms: list[Term], matches: Iterable[Match], length: int, average: float
                   ) -> tuple[float, tuple[int, ...]]:
    """``score_sentence``'s score and shared terms without its reasons (related passages score every candidate
    sentence and word the reasons of the few they keep)."""
    tf: dict[int, int] = {}
    for m in matches:
        tf[m.clause] = tf.get(m.clause, 0) + 1
    norm = K1 * (1 - B + B * length / max(average, 1.0))
    score = sum(terms[i].weight * n * (K1 + 1) / (n + norm) for i, n in tf.items())
    return round(score, 3), tuple(sorted(tf, key=lambda i: -terms[i].weight))


def score_sentence(terms: list[Term], matches: Iterable[Match], sentence: str, offset: int, length: int,
                   average: float) -> Scored:
    """bm25 of one sentence over the claim's terms (``matches`` of ``Query(term clauses)``, in the sentence's
    chunk: ``offset`` is where the sentence starts there), with the reasons in the order of ``terms``' weight."""
    matches = list(matches)
    score, shared = sentence_score(terms, matches, length, average)
    surfaces: dict[int, list[str]] = {}
    placed: set[int] = set()
    for m in matches:
        if place_cue(sentence, m.start - offset):
            placed.add(m.clause)
        s = " ".join(sentence[m.start - offset:m.end - offset].split())
        if s not in surfaces.setdefault(m.clause, []):
            surfaces[m.clause].append(s)
    by_kind: dict[str, list[str]] = {}
    for i in shared:
        t = terms[i]
        seen = surfaces[i][0]
        shown = t.label if t.kind in ("date", "number") or normalise(seen) == normalise(t.label) else \
            f"{t.label}≈{seen}"
        kind = "place" if t.kind == "name" and i in placed else t.kind
        by_kind.setdefault(REASON.get(kind, "shares"), []).append(shown)
    reasons = tuple(f"{kind}: {', '.join(items[:3])}" for kind, items in by_kind.items())
    return Scored(score, shared, reasons)
