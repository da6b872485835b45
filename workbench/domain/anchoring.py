"""Re-anchoring: find a passage of an old version of a document in its new version.

A passage is known by its W3C TextQuoteSelector (exact text, up to 32 characters
of prefix and suffix) and its old position. ``reanchor`` tries, in order:

1. **Exact**: every occurrence of the exact text, ranked by how well the prefix
   and suffix match around it, then by distance from the old position (scaled to
   the new length). A unique occurrence is certain when the quote is long (24+
   characters) or its context still matches; a short word found once out of its
   context, or several occurrences whose contexts do not tell them apart, is
   placed but marked for review.
2. **Fuzzy** (rapidfuzz): candidate ranges come from the context (the end of the
   prefix and the start of the suffix found around a changed quote) and from the
   best partial alignment of the quote near the old position (then in the whole
   text); each range's ends are refined to maximise similarity. A candidate is
   scored on quote similarity (60 %), context similarity (30 %) and position
   (10 %). It is accepted when the quote is at least 75 % similar and the score at
   least 0.7; below 0.9 it is marked for review.

Anything else is an orphan (``None``): never dropped, listed for the user.

**A changed quote is always reviewed.** The confidence says whether the *place*
is right; it says nothing about whether the words there are still the words the
passage quotes. ``Anchor.quote_changed`` is set when the text at the new place
differs from the stored quote (``TextQuote.exact``) in anything but white space
(see ``same_words``): a word, a digit, a punctuation mark, a quotation-mark or
dash style. ``Anchor.must_review`` (doubtful place or changed quote) is what
decides that a person looks at it; ``word_diff`` shows them what changed.

Pure Python (rapidfuzz, difflib): no Qt, no SQL.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from types import ModuleType

from workbench.domain.model import TextQuote
from workbench.domain.selectors import find_all

REVIEW_BELOW = 0.9
ACCEPT_AT = 0.7
MIN_QUOTE_SIMILARITY = 0.75
_QUOTE_WEIGHT, _CONTEXT_WEIGHT, _POSITION_WEIGHT = 0.6, 0.3, 0.1
_MAX_EXACT_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage was placed in the new text (code points) and how sure that is (0–1)."""

    start: int
    end: int
    confidence: float
    method: str  # "exact" | "fuzzy"
    quote_changed: bool = False  # the text at this place differs from the quote (beyond white space)

    @property
    def needs_review(self) -> bool:
        """The *place* is doubtful (confidence below ``REVIEW_BELOW``); see ``must_review`` for passages."""
        return self.confidence < REVIEW_BELOW

    @property
    def must_review(self) -> bool:
        """A person must look at it before the passage moves: a doubtful place or a changed quote."""
        return self.needs_review or self.quote_changed


@dataclass(frozen=True, slots=True)
class FlaggedPassage:
    """A passage the user should look at: an orphan, or a placement to review."""

    passage_id: str
    document_id: str
    document_title: str
    start: int
    end: int
    exact: str
    orphan: bool
    needs_review: bool
    claim_ids: tuple[str, ...] = ()
    prefix: str = ""
    suffix: str = ""
    # the proposal (passages to review): where the newest version of the document has it, and its text there
    target_document_id: str = ""  # the newest version of the document ("" when there is none)
    target_title: str = ""
    target_start: int = -1  # -1: no place proposed
    target_end: int = -1
    found: str = ""  # the text at the proposed place
    reason: str = ""  # one of the REASON_* values below

    @property
    def has_proposal(self) -> bool:
        return bool(self.target_document_id) and 0 <= self.target_start < self.target_end

    @property
    def status(self) -> str:
        """ "orphan" or "review"."""
        return "orphan" if self.orphan else "review"

    @property
    def quote(self) -> TextQuote:
        return TextQuote(self.exact, self.prefix, self.suffix)


REASON_CHANGED = "changed"  # the words at the new place differ from the quote
REASON_DOUBTFUL = "doubtful"  # the same words, but the place is uncertain (e.g. they occur several times)
REASON_FOUND = "found"  # the newest version (a later one) has the very same words at a sure place
REASON_NOT_FOUND = "not found"  # the newest version no longer has it anywhere: place it by hand or keep it as orphan
REASON_PLACED_EARLIER = "placed earlier"  # moved by an earlier version of the program and marked for review
REASON_ORPHAN = "orphan"  # kept on the old version

REASONS = {
    REASON_CHANGED: "the words at the new place differ from the quote",
    REASON_DOUBTFUL: "the same words, but the place in the new version is uncertain",
    REASON_FOUND: "the newest version has the same words: accept to move it there",
    REASON_NOT_FOUND: "not found in the newest version: place it by hand or keep it as an orphan",
    REASON_PLACED_EARLIER: "moved to this version by an earlier version of the program: check the place",
    REASON_ORPHAN: "not found in the new version: kept on the old version",
}


@cache
def _fuzz() -> ModuleType:
    """rapidfuzz.fuzz, loaded when a passage first needs a fuzzy match (not to open a project)."""
    from rapidfuzz import fuzz

    return fuzz


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity in [0, 1] (1 for two empty strings)."""
    if not a and not b:
        return 1.0
    return float(_fuzz().ratio(a, b)) / 100.0


def context_score(text: str, start: int, end: int, quote: TextQuote) -> float:
    """How well the prefix and suffix match around ``text[start:end]`` (0.5 when there is no context)."""
    parts = []
    if quote.prefix:
        parts.append(similarity(quote.prefix, text[max(0, start - len(quote.prefix)) : start]))
    if quote.suffix:
        parts.append(similarity(quote.suffix, text[end : end + len(quote.suffix)]))
    return sum(parts) / len(parts) if parts else 0.5


def _position_score(start: int, hint: int, length: int) -> float:
    return 1.0 - min(1.0, abs(start - hint) / max(1, length))


def _hint(old_start: int | None, old_length: int | None, new_length: int) -> int:
    if old_start is None:
        return 0
    if old_length:
        return min(new_length, round(old_start * new_length / old_length))
    return min(new_length, old_start)


def _exact(text: str, quote: TextQuote, hint: int) -> Anchor | None:
    starts = find_all(text, quote.exact)
    if not starts:
        return None
    if len(starts) > _MAX_EXACT_CANDIDATES:  # keep the nearest ones
        starts = sorted(starts, key=lambda s: abs(s - hint))[:_MAX_EXACT_CANDIDATES]
    n = len(quote.exact)
    ranked = sorted(((context_score(text, s, s + n, quote), -abs(s - hint), s) for s in starts), reverse=True)
    best_ctx, _, best = ranked[0]
    if len(ranked) == 1:  # unique: certain if long enough or in its context, else a short word to check
        confidence = 1.0 if n >= 24 or best_ctx >= 0.75 else 0.95 if n >= 12 and best_ctx >= 0.5 else 0.8
    else:
        margin = best_ctx - ranked[1][0]
        confidence = 1.0 if margin >= 0.25 and best_ctx >= 0.75 else 0.9 if margin >= 0.1 else 0.7
    return Anchor(best, best + n, confidence, "exact")


def _refine(text: str, exact: str, start: int, end: int) -> tuple[int, int]:
    """Move both ends (a few characters each way) to maximise similarity with ``exact``."""
    d = min(40, max(4, len(exact) // 8))
    best = (similarity(exact, text[start:end]), start, end)
    for _ in range(2):
        s0, e0 = best[1], best[2]
        for s in range(max(0, s0 - d), min(e0, s0 + d + 1)):
            score = similarity(exact, text[s:e0])
            if score > best[0]:
                best = (score, s, e0)
        s0 = best[1]
        for e in range(max(s0 + 1, e0 - d), min(len(text), e0 + d) + 1):
            score = similarity(exact, text[s0:e])
            if score > best[0]:
                best = (score, s0, e)
    return best[1], best[2]


def _aligned(text: str, exact: str, lo: int, hi: int) -> tuple[int, int, float] | None:
    window = text[lo:hi]
    if len(window) < len(exact):
        return None
    al = _fuzz().partial_ratio_alignment(exact, window)
    if al is None:
        return None
    return lo + al.dest_start, lo + al.dest_end, float(al.score) / 100.0


def _candidates(text: str, quote: TextQuote, hint: int) -> set[tuple[int, int]]:
    n = len(quote.exact)
    out: set[tuple[int, int]] = set()
    # 1. the quote changed but its context did not: the gap between prefix and suffix
    pre, suf = quote.prefix[-16:], quote.suffix[:16]
    if len(pre) >= 8 and len(suf) >= 8:
        for p in find_all(text, pre)[:50]:
            gap_start = p + len(pre)
            q = text.find(suf, gap_start, gap_start + 2 * n + 40 + len(suf))
            if q != -1 and q - gap_start >= max(1, n // 2 - 5):
                out.add((gap_start, q))
    # 2. the best partial alignment near the old position, then anywhere
    span = 4 * n + 2000
    near = _aligned(text, quote.exact, max(0, hint - span), min(len(text), hint + n + span))
    if near is not None:
        out.add(near[:2])
    if (near is None or near[2] < 0.9) and len(text) > 2 * span + n:
        anywhere = _aligned(text, quote.exact, 0, len(text))
        if anywhere is not None:
            out.add(anywhere[:2])
    return out


def _fuzzy(text: str, quote: TextQuote, hint: int) -> Anchor | None:
    best: Anchor | None = None
    required = ACCEPT_AT if len(quote.exact) >= 12 else 0.8  # short quotes match by chance
    for s0, e0 in _candidates(text, quote, hint):
        s, e = _refine(text, quote.exact, s0, e0)
        q = similarity(quote.exact, text[s:e])
        if q < MIN_QUOTE_SIMILARITY or s >= e:
            continue
        score = (_QUOTE_WEIGHT * q + _CONTEXT_WEIGHT * context_score(text, s, e, quote)
                 + _POSITION_WEIGHT * _position_score(s, hint, len(text)))
        if score >= required and (best is None or score > best.confidence):
            best = Anchor(s, e, round(min(score, 0.99), 4), "fuzzy")
    return best


def reanchor(text: str, quote: TextQuote, old_start: int | None = None, old_length: int | None = None) -> Anchor | None:
    """Place ``quote`` in ``text`` (a new version), or return None (an orphan).

    Args:
        text: the new version's canonical text.
        quote: the passage's selector in the old version.
        old_start: its start in the old version (a tie-breaker and a position hint).
        old_length: the old version's length, to scale ``old_start``.

    Returns:
        The anchor (exact or fuzzy, with a confidence), or None.
    """
    if not quote.exact or not text:
        return None
    hint = _hint(old_start, old_length, len(text))
    anchor = _exact(text, quote, hint) or _fuzzy(text, quote, hint)
    if anchor is None:
        return None
    return replace(anchor, quote_changed=not same_words(quote.exact, text[anchor.start : anchor.end]))


# ----------------------------------------------------------------------------------------- changed quotes

_WORD = re.compile(r"\w+|[^\w\s]")  # a word (letters, digits) or one punctuation mark


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def same_words(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same words and punctuation, however spaced.

    Compared are the words (runs of letters and digits) and the punctuation marks, in
    order, of the two texts in Unicode NFC. So white space alone does not count — line
    breaks, runs of spaces, non-breaking and other Unicode spaces, space at either end
    or beside a punctuation mark ("the—the" against "the — the") — nor do accents written
    with or without combining marks: a reader sees the same words. Everything else
    counts: a changed, added or removed word, a digit, a punctuation mark, a different
    quotation mark (“ ” against "), apostrophe or dash, a space that splits or joins a
    word ("under the" against "underthe").
    """
    return a == b or _WORD.findall(_nfc(a)) == _WORD.findall(_nfc(b))


@dataclass(frozen=True, slots=True)
class DiffPart:
    """One run of a word-level comparison: ``op`` is "equal", "delete", "insert" or "replace"."""

    op: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.op != "equal"


def _words(text: str) -> tuple[list[str], list[int]]:
    """The words and marks of ``text`` and ``pos``: ``pos[i]`` is where the run from word ``i`` starts (0 for
    the first, so that it takes the leading white space; ``len(text)`` after the last)."""
    matches = list(_WORD.finditer(text))
    return [m.group() for m in matches], [0, *(m.start() for m in matches[1:]), len(text)]


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """The word-level differences between a stored quote and the text at its new place.

    The words and punctuation marks are compared (as in ``same_words``); the white space
    between them goes with the unchanged runs, so a part is "equal" exactly when its
    words are. "also confirmed that the village was under the control" against "also
    stated that the village remained under the control" is five parts: "also ",
    confirmed → stated, " that the village ", was → remained, " under the control".
    Joining the ``old`` of every part gives ``old`` (NFC), joining the ``new`` gives ``new``.
    """
    a_text, b_text = _nfc(old), _nfc(new)
    (a, pa), (b, pb) = _words(a_text), _words(b_text)
    if not a or not b:  # white space alone on one side (or both)
        op = "equal" if not a and not b else "insert" if not a else "delete"
        return tuple(_spaces_out([DiffPart(op, a_text, b_text)]))
    pa[len(a)], pb[len(b)] = len(a_text), len(b_text)
    parts = [DiffPart(op, a_text[pa[i1] : pa[i2]], b_text[pb[j1] : pb[j2]])
             for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    return tuple(_absorb_spaces(_spaces_out(parts)))


def _spaces_out(parts: list[DiffPart]) -> list[DiffPart]:
    """White space at either end of a changed part moves to the unchanged parts beside it."""
    out: list[DiffPart] = []
    for p in parts:
        if not p.changed:
            _add_equal(out, p.old, p.new)
            continue
        lead_old, lead_new = _lead(p.old), _lead(p.new)
        rest_old, rest_new = p.old[len(lead_old) :], p.new[len(lead_new) :]
        trail_old, trail_new = _trail(rest_old), _trail(rest_new)
        _add_equal(out, lead_old, lead_new)
        if rest_old.strip() or rest_new.strip():
            out.append(DiffPart(p.op, rest_old[: len(rest_old) - len(trail_old)],
                                rest_new[: len(rest_new) - len(trail_new)]))
        _add_equal(out, trail_old, trail_new)
    return [p for p in out if p.changed or p.old or p.new]


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


def _add_equal(out: list[DiffPart], old: str, new: str) -> None:
    if not old and not new:
        return
    if out and not out[-1].changed:
        out[-1] = DiffPart("equal", out[-1].old + old, out[-1].new + new)
    else:
        out.append(DiffPart("equal", old, new))


def _absorb_spaces(parts: list[DiffPart]) -> list[DiffPart]:
    """An "equal" run of white space alone between two changes joins them ("[was under → remained in]")."""
    out: list[DiffPart] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        if (p.op == "equal" and not p.old.strip() and not p.new.strip() and out and out[-1].changed
                and i + 1 < len(parts) and parts[i + 1].changed):
            nxt = parts[i + 1]
            prev = out.pop()
            out.append(DiffPart("replace", prev.old + p.old + nxt.old, prev.new + p.new + nxt.new))
            i += 2
            continue
        out.append(p)
        i += 1
    return out


def describe_change(parts: tuple[DiffPart, ...], limit: int = 3) -> str:
    """A short summary for a list: "confirmed → stated; was → remained" (at most ``limit`` changes)."""
    changes = [p for p in parts if p.changed]
    if not changes:
        return "same words"

    def show(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= 40 else s[:39] + "…"

    items = [f"{show(p.old)} → {show(p.new)}" if p.op == "replace" else
             f"− {show(p.old)}" if p.op == "delete" else f"+ {show(p.new)}" for p in changes[:limit]]
    more = len(changes) - limit
    return "; ".join(items) + (f" (and {more} more)" if more > 0 else "")
