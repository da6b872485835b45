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
Pure Python (rapidfuzz): no Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

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

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_BELOW


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


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity in [0, 1] (1 for two empty strings)."""
    if not a and not b:
        return 1.0
    return float(fuzz.ratio(a, b)) / 100.0


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
    al = fuzz.partial_ratio_alignment(exact, window)
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
    return _exact(text, quote, hint) or _fuzzy(text, quote, hint)
