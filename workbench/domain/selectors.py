"""W3C TextQuoteSelector creation and anchoring on canonical text."""

from __future__ import annotations

from workbench.domain.model import TextQuote

CONTEXT_CHARS = 32


def make_quote(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> TextQuote:
    """Build the quote selector of ``text[start:end]`` with up to ``context`` chars either side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad range {start}..{end} for a text of {len(text)} characters")
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def find_all(text: str, exact: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``exact``."""
    out: list[int] = []
    if not exact:
        return out
    i = text.find(exact)
    while i != -1:
        out.append(i)
        i = text.find(exact, i + 1)
    return out


def find_occurrence(text: str, exact: str, occurrence: int = 1) -> int | None:
    """Start of the ``occurrence``-th (1-based) occurrence of ``exact``, or None."""
    starts = find_all(text, exact)
    if occurrence < 1 or occurrence > len(starts):
        return None
    return starts[occurrence - 1]


def anchor_exact(text: str, quote: TextQuote, hint: int | None = None) -> tuple[int, int] | None:
    """Find ``quote`` in ``text`` by exact match.

    Candidates are ranked by how much of the prefix and suffix match, then by
    distance from ``hint`` (the stored start). Returns ``(start, end)`` or None.
    """
    starts = find_all(text, quote.exact)
    if not starts:
        return None

    def score(s: int) -> tuple[int, int]:
        e = s + len(quote.exact)
        ctx = 0
        if quote.prefix and text[max(0, s - len(quote.prefix)) : s] == quote.prefix:
            ctx += 1
        if quote.suffix and text[e : e + len(quote.suffix)] == quote.suffix:
            ctx += 1
        distance = abs(s - hint) if hint is not None else 0
        return (-ctx, distance)

    best = min(starts, key=score)
    return best, best + len(quote.exact)


_SENTENCE_END = ".!?…؟。"
_CLOSERS = "\"'”’»)]"


def sentence_around(text: str, start: int, end: int, limit: int = 240) -> tuple[str, str]:
    """The rest of the sentence(s) around ``text[start:end]``: (text before it, text after it).

    A sentence ends at . ! ? … ؟ (with any closing quotes or brackets) followed by white space, or at a
    line break. At most ``limit`` characters are taken either side, cut at a word boundary with "…".
    """
    lo = max(0, start - limit)
    before = text[lo:start]
    cut = 0
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch == "\n":
            cut = i + 1
            break
        if ch.isspace() and i > 0:
            j = i - 1
            while j >= 0 and before[j] in _CLOSERS:
                j -= 1
            if j >= 0 and before[j] in _SENTENCE_END:
                cut = i + 1
                break
    else:
        if lo > 0:
            space = before.find(" ")
            before = "…" + before[space + 1 :] if space >= 0 else "…" + before
            cut = 0
    before = before[cut:].lstrip() if cut or lo == 0 else before
    hi = min(len(text), end + limit)
    after = text[end:hi]
    stop = None
    for i, ch in enumerate(after):
        if ch == "\n":
            stop = i
            break
        if ch in _SENTENCE_END and (i + 1 == len(after) or after[i + 1].isspace() or after[i + 1] in _CLOSERS):
            j = i + 1
            while j < len(after) and after[j] in _CLOSERS:
                j += 1
            if j == len(after) or after[j].isspace():
                stop = j
                break
    if stop is not None:
        after = after[:stop]
    elif hi < len(text):
        space = after.rfind(" ")
        after = (after[:space] if space > 0 else after) + "…"
    return before, after.rstrip()
