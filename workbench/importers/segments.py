"""Split an article's canonical text into body, comments and boilerplate.

The articles fact-checkers import are web pages, PDFs and documents saved as
text: a headline, the article, then donation appeals, image captions ("Click to
see the full-size image"), sharing buttons, disclaimers and a reader comment
thread. ``segment`` labels every line; when in doubt a line is body.

Rules, in order:

1. *Line patterns* (``seg_patterns``, one family per kind of furniture: core,
   syndication, appeals, disclaimers, prompts, credits) make a whole line
   boilerplate on its own: "0 $", "Support <Outlet>", "Region: …",
   "By [Name](#)", "If you're able, and if you like our content …", "PayPal: …",
   "Disclaimer: …", "Copyright © …", "Follow us on Telegram", "Photo: …",
   "(Reporting by …; Editing by …)". Phrase patterns never fire on a line that
   reports speech ("said", "according to") once quotes are removed.
2. *Context*: a caption line just above "Click to see the full-size image"; a
   later repetition of the headline; in text that had pages (plain text, PDF), a
   line repeated elsewhere that has a digit
   or a "|" (PDF running headers, "Page 2 of 3" is a pattern); the short lines
   right under a "Related Topics" / "Mehr zum Thema" heading; a date line with at
   most a few outlet words ("Global Research, January 12, 2018"), except the
   first line, which is the title; an author's bio among the last three lines
   of the article ("X is a senior fellow … Her research focuses on …"). Lines of
   symbols only ("***", "#") and blank lines take the kind of the line before
   them (of the next one at the start).
3. *Comment thread*: given by the caller (HTML: trafilatura's comments), or
   found by ``seg_thread.find_thread_start`` from evidence over the following
   lines (explained there): commenter headers, chrome, chatty paragraphs,
   against fresh-looking subheadings and formal paragraphs. A marker such as
   "941 comments" starts a thread only when thread-shaped text follows it.
   From the start on, every line is comments except boilerplate, markers and
   thread chrome ("Reply", vote counts, time stamps, avatars), which are
   boilerplate; commenter name lines stay comments, except a name-like widget
   line (a Disqus community name) between the marker and the first comment.
4. A bare "Comments" / "Discussion" heading that is not a thread start and is
   followed by an ordinary paragraph is a section heading: body.

Speed: one pass per line with cheap gates before any regular expression
(``seg_patterns``), line features memoised for repeated short lines, and
prefix sums in the thread finder: 1 MB of article text takes 0.15-0.45 s of one
core here (measured: Conico-like text fastest, mixed layouts slowest).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workbench.domain.model import Segment, SegmentKind
from workbench.importers.boilerplate import (
    CLICK_TO_SEE_RE,
    is_dateline,
    is_symbol_line,
    is_thread_chrome,
    marker_strength,
    plain_line,
)
from workbench.importers.seg_patterns import DATE_RE, FAMILIES, HAS_DIGIT_RE, SHORT_RE, family_of, reports_speech
from workbench.importers.seg_thread import FORMAL_CHARS, HEAD_NAME, Cue, find_thread_start, head_kind, is_chatty

_MAX_CAPTION_CHARS = 200
_SHORT_CAPTION_CHARS = 60
_MAX_LINK_CHARS = 120
_MAX_RUNNING_HEADER_CHARS = 150
_MEMO_CHARS = 80
_DIGITS_RE = re.compile(r"\d+")
_BIO_LINES = 3
_MAX_BIO_CHARS = 600
_BIO_RE = re.compile(
    r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:fellow|journalist"
    r"|analyst|researcher|writer|reporter|correspondent|editor|professor|lecturer|director|contributor|author"
    r"|columnist|photographer|blogger|commentator|expert)\b"
)
_BIO_MORE_RE = re.compile(
    r"\b(?:(?:his|her|their)\s+(?:research|work|writing|reporting|book|books|articles)\b|is\s+the\s+author\s+of"
    r"|follow\s+(?:him|her|them)\s+on|@\w{2,})",
    re.IGNORECASE,
)


class _Line:
    """One line of the text: its range (with its newline) and its content."""

    __slots__ = ("content", "end", "kind", "start")

    def __init__(self, start: int, end: int, content: str) -> None:
        self.start = start
        self.end = end
        self.content = content
        self.kind: SegmentKind | None = None  # None for blank and symbol-only lines


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()  # the text ends with a newline
    for part in parts:
        end = min(pos + len(part) + 1, len(text))
        lines.append(_Line(pos, end, part))
        pos = end
    return lines


def _cues(lines: list[_Line], families: frozenset[str]) -> list[Cue]:
    """One cue per line with a letter or digit, boilerplate by pattern and thread shape filled in.

    Short lines repeat (thread chrome, names, vote counts): their features are computed once per call.
    """
    cues: list[Cue] = []
    memo: dict[str, Cue | None] = {}
    for i, ln in enumerate(lines):
        content = ln.content
        if len(content) <= _MEMO_CHARS and content in memo:
            known = memo[content]
            if known is not None:
                cues.append(known.at(i))
            continue
        cue = _cue(i, content, families)
        if len(content) <= _MEMO_CHARS:
            memo[content] = cue
        if cue is not None:
            cues.append(cue)
    return cues


def _cue(i: int, content: str, families: frozenset[str]) -> Cue | None:
    if not content.strip():
        return None
    norm = plain_line(content)
    if is_symbol_line(norm):
        return None
    cue = Cue(i, norm, boiler=family_of(norm, families) is not None, chars=len(norm))
    cue.marker = marker_strength(norm)
    cue.chrome = not cue.marker and is_thread_chrome(norm)
    if not cue.boiler and not cue.marker and not cue.chrome:
        cue.head = head_kind(norm)[0]
        cue.para = not cue.head
        cue.chatty = cue.para and is_chatty(norm)
        cue.formal = len(norm) if cue.para and not cue.chatty and len(norm) >= FORMAL_CHARS else 0
    cue.boiler = cue.boiler or bool(cue.marker)
    return cue


def _mark_context(cues: list[Cue], families: frozenset[str], paged: bool = True) -> None:
    """Context rules: captions, repeated headline, running headers, link blocks, date lines."""
    headline: str | None = None
    counts = Counter(_running_key(c.norm) for c in cues if len(c.norm) <= _MAX_RUNNING_HEADER_CHARS)
    in_links = False
    for pos, cue in enumerate(cues):
        previous = cues[pos - 1] if pos else None
        if "core" in families and CLICK_TO_SEE_RE.match(cue.norm) and previous and _looks_like_caption(previous.norm):
            _make_boiler(previous)
        adjacent = previous is not None and previous.line == cue.line - 1
        if in_links and adjacent and len(cue.norm) <= _MAX_LINK_CHARS and not cue.norm.endswith((".", ":")):
            _make_boiler(cue)
            continue
        in_links = "prompts" in families and cue.boiler and _is_links_heading(cue.norm)
        if cue.boiler:
            continue
        if headline is None and not _starts_with_date(cue.norm):
            headline = cue.norm if _looks_like_headline(cue.norm) else ""
            continue  # the title may hold a date ("Syria Daily Digest – March 6, 2018")
        repeated_headline = "core" in families and bool(headline) and cue.norm == headline
        running = paged and "credits" in families and _looks_like_running_header(cue.norm, counts)
        if repeated_headline or running:
            _make_boiler(cue)
        elif "syndication" in families and is_dateline(cue.norm):
            cue.boiler = True  # keeps its commenter-header shape: inside a thread it is a comment line
            cue.para = False


def _mark_author_bio(cues: list[Cue]) -> None:
    """An author's bio among the last lines of the article ("X is a senior fellow … Her research …")."""
    end = next((pos for pos, cue in enumerate(cues) if cue.marker), len(cues))
    tail = [cue for cue in cues[:end] if not cue.boiler][-_BIO_LINES:]
    body_lines = sum(1 for cue in cues[:end] if not cue.boiler)
    for cue in tail:
        if body_lines > _BIO_LINES and len(cue.norm) <= _MAX_BIO_CHARS and _BIO_RE.match(cue.norm) and (
            _BIO_MORE_RE.search(cue.norm) and not reports_speech(cue.norm)
        ):
            _make_boiler(cue)


def _starts_with_date(norm: str) -> bool:
    match = DATE_RE.match(norm) if HAS_DIGIT_RE.match(norm) else None
    return match is not None and is_dateline(norm)


def _make_boiler(cue: Cue) -> None:
    cue.boiler, cue.para, cue.head, cue.chatty, cue.formal = True, False, 0, False, 0


def _is_links_heading(norm: str) -> bool:
    lower = norm.lower()
    return len(norm) <= 40 and bool(SHORT_RE["prompts"].fullmatch(lower) or SHORT_RE["core"].fullmatch(lower)) and (
        norm.lower().startswith(("related", "more on", "mehr zum", "lesen sie", "lire", "à lire", "read", "see also",
                                 "also read", "you may", "recommended", "most read", "top stories"))
    )


def _looks_like_running_header(norm: str, counts: Counter[str]) -> bool:
    """A line seen twice or more (page numbers aside) with a digit or "|": a PDF page header or footer."""
    if len(norm) > _MAX_RUNNING_HEADER_CHARS or norm.endswith(".") or not ("|" in norm or HAS_DIGIT_RE.search(norm)):
        return False
    return counts[_running_key(norm)] >= 2 and sum(1 for w in norm.split() if w.isalpha()) >= 2


def _running_key(norm: str) -> str:
    return _DIGITS_RE.sub("#", norm) if HAS_DIGIT_RE.search(norm) else norm


def _looks_like_headline(norm: str) -> bool:
    return len(norm) <= _MAX_CAPTION_CHARS and not norm.endswith((".", ",", ";", ":"))


def _looks_like_caption(norm: str) -> bool:
    """A line above "Click to see the full-size image": short, or without a sentence end."""
    if len(norm) > _MAX_CAPTION_CHARS:
        return False
    return len(norm) <= _SHORT_CAPTION_CHARS or not norm.endswith(tuple('.!?"”'))


def _label(lines: list[_Line], cues: list[Cue], thread_from: int) -> None:
    """Give every cue's line its kind; see the module docstring for the rules."""
    seen_body = False
    thread_para_seen = False
    for pos, cue in enumerate(cues):
        ln = lines[cue.line]
        nxt = cues[pos + 1] if pos + 1 < len(cues) else None
        if ln.start >= thread_from:
            if cue.head and not cue.chrome:
                orphan = (cue.head == HEAD_NAME and not thread_para_seen and nxt is not None
                          and nxt.boiler and not nxt.chrome and not nxt.head)  # fmt: skip
                ln.kind = SegmentKind.BOILERPLATE if orphan else SegmentKind.COMMENTS
            elif cue.boiler or cue.chrome:
                ln.kind = SegmentKind.BOILERPLATE
            else:
                ln.kind = SegmentKind.COMMENTS
                thread_para_seen = True
            continue
        if cue.marker == 1 and seen_body and not HAS_DIGIT_RE.search(cue.norm) and _heading_of(nxt):
            ln.kind = SegmentKind.BODY  # a "Comments" section heading inside the article
        else:
            ln.kind = SegmentKind.BOILERPLATE if cue.boiler else SegmentKind.BODY
        seen_body = seen_body or ln.kind == SegmentKind.BODY


def _heading_of(nxt: Cue | None) -> bool:
    return nxt is not None and nxt.para and not nxt.chatty and nxt.chars >= 100


def _runs(lines: list[_Line]) -> Iterator[tuple[int, int, SegmentKind]]:
    """Yield (start, end, kind) per line, giving blank and symbol lines a neighbour's kind."""
    first_kind = next((ln.kind for ln in lines if ln.kind is not None), SegmentKind.BODY)
    current = first_kind
    for ln in lines:
        if ln.kind is not None:
            current = ln.kind
        yield ln.start, ln.end, current


def segment(
    text: str,
    comments_start: int | None = None,
    *,
    guess_comments: bool = True,
    families: frozenset[str] = FAMILIES,
    paged: bool = True,
) -> tuple[Segment, ...]:
    """Split canonical text into sorted, non-overlapping body/comments/boilerplate segments.

    Args:
        text: canonical text (LF line endings).
        comments_start: when the caller already knows where the comment thread
            starts (HTML: trafilatura's comments part), its offset; the thread
            is then not guessed. The offset should be at a line start.
        guess_comments: False when the caller knows there is no comment thread
            (HTML whose structure had none): no thread is guessed.
        families: the boilerplate rule families to apply (``seg_patterns``);
            all by default, fewer only to measure what each one brings.
        paged: False when the text never had pages (HTML): a repeated line with a
            digit is then no running header or footer (a table's repeated rows,
            "Eat every 2–3 hours", stay body).

    Returns:
        Segments covering ``[0, len(text))`` exactly, adjacent segments of the
        same kind merged; an empty tuple for empty text.
    """
    if not text:
        return ()
    lines = _split_lines(text)
    cues = _cues(lines, families)
    _mark_context(cues, families, paged)
    if "syndication" in families:
        _mark_author_bio(cues)
    if comments_start is not None:
        thread_from = max(0, comments_start)
    elif guess_comments:
        found = find_thread_start(cues)
        thread_from = lines[cues[found].line].start if found is not None else len(text)
    else:
        thread_from = len(text)
    _label(lines, cues, thread_from)
    starts: list[int] = []
    ends: list[int] = []
    kinds: list[SegmentKind] = []
    for start, end, kind in _runs(lines):  # merge runs of one kind while walking
        if kinds and kinds[-1] == kind:
            ends[-1] = end
        else:
            starts.append(start)
            ends.append(end)
            kinds.append(kind)
    return tuple(Segment(start, end, kind) for start, end, kind in zip(starts, ends, kinds, strict=True))


def shift_segments(segments: tuple[Segment, ...], offset: int) -> tuple[Segment, ...]:
    """Return segments moved right by ``offset`` code points."""
    return tuple(Segment(s.start + offset, s.end + offset, s.kind) for s in segments)


def merge_adjacent(segments: list[Segment] | tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Merge touching segments of the same kind (input sorted and contiguous)."""
    merged: list[Segment] = []
    for seg in segments:
        if seg.start == seg.end:
            continue
        if merged and merged[-1].kind == seg.kind and merged[-1].end == seg.start:
            merged[-1] = Segment(merged[-1].start, seg.end, seg.kind)
        else:
            merged.append(seg)
    return tuple(merged)


def segment_text(text: str, segments: tuple[Segment, ...], kind: SegmentKind) -> str:
    """Return the text of all segments of one kind, concatenated (handy for tests and search)."""
    return "".join(text[s.start : s.end] for s in segments if s.kind == kind)
