"""Split an article's canonical text into body, comments and boilerplate.

The articles fact-checkers import are web pages saved as text: a headline, the
article, then donation appeals, image captions ("Click to see the full-size
image"), sharing buttons and a reader comment thread. ``segment`` finds those
regions line by line with conservative heuristics: when in doubt a line is body.

Rules:

* A *boilerplate* line is a whole line that matches one of the known patterns
  (donation amounts such as ``0 $``, ``Donate``, ``Support <Outlet>``, image
  captions, copyright, sharing and subscription prompts, comment-widget chrome
  such as ``Notify of`` or ``Inline Feedbacks``, ``Read more``, ``Related:``),
  a caption line just above ``Click to see the full-size image``, or a later
  repetition of the headline (pages repeat it under every image).
* The *comment thread* starts at the first comment-section marker that follows
  some article text (``Notify of``, ``View all comments``, ``Comments``,
  ``3 comments``, ``Leave a Reply``...) or, when there is no marker, at the first
  line after the article that looks like a commenter's name: two to four
  capitalised words without final punctuation, after at least 200 characters of
  article and a finished paragraph, followed by a paragraph, not made of words
  the article already used, and followed by text that reads like a thread (at
  least one more name line, and at least 30% "chatty" paragraphs: I/you/lol, a
  question or exclamation outside quotes, a lowercase start). So a subheading
  such as "Deir Ezzor Front" or a quote such as "Afandi said" never starts it.
  Everything from there on is comments, except boilerplate lines.
* Blank lines belong to the region before them (to the next one at the start).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.domain.model import Segment, SegmentKind
from workbench.importers.boilerplate import (
    MAX_NAME_CHARS,
    is_boilerplate_line,
    is_click_to_see,
    is_comment_marker,
    looks_like_name,
    normalise_line,
)

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END = tuple(".!?…\"”’')]")
_MIN_BODY_CHARS = 200
_THREAD_WINDOW = 200
_MAX_CHATTY_CHARS = 2000
_LOOSE_NAME_RE = re.compile(r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_CHATTY_RE = re.compile(r"\b(?:i|i['’]m|i['’]ll|i['’]d|i['’]ve|me|my|you|your|ya|u|lol|imo|idk)\b|[?!]", re.IGNORECASE)
_MAX_CAPTION_CHARS = 200
_SHORT_CAPTION_CHARS = 60


class _Line:
    """One line of the text: its range (with its newline) and its content."""

    __slots__ = ("content", "end", "kind", "start")

    def __init__(self, start: int, end: int, content: str) -> None:
        self.start = start
        self.end = end
        self.content = content
        self.kind: SegmentKind | None = None  # None for blank lines

    @property
    def blank(self) -> bool:
        return not self.content.strip()


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    size = len(text)
    while pos < size:
        nl = text.find("\n", pos)
        end = size if nl < 0 else nl + 1
        lines.append(_Line(pos, end, text[pos : end if nl < 0 else nl]))
        pos = end
    return lines


def _mark_boilerplate(lines: list[_Line]) -> list[bool]:
    """Return, per line, whether it is boilerplate (patterns, captions, repeated headline)."""
    flags = [not ln.blank and is_boilerplate_line(ln.content) for ln in lines]
    headline: str | None = None  # the first line of text, if it reads like a headline
    previous_text: int | None = None
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        norm = normalise_line(ln.content)
        if (
            is_click_to_see(norm)
            and previous_text is not None
            and _looks_like_caption(normalise_line(lines[previous_text].content))
        ):
            flags[previous_text] = True
        if not flags[i]:
            if headline is None:
                headline = norm if _looks_like_headline(norm) else ""
            elif headline and norm == headline:
                flags[i] = True
        previous_text = i
    return flags


def _looks_like_headline(norm: str) -> bool:
    return len(norm) <= _MAX_CAPTION_CHARS and not norm.endswith((".", ",", ";", ":"))


def _looks_like_caption(norm: str) -> bool:
    """A line above "Click to see the full-size image": short, or without a sentence end."""
    if len(norm) > _MAX_CAPTION_CHARS:
        return False
    return len(norm) <= _SHORT_CAPTION_CHARS or not norm.endswith(tuple('.!?"”'))


def _is_paragraph(content: str) -> bool:
    norm = normalise_line(content)
    return len(norm.split()) >= 2 and not looks_like_name(norm)


def _find_comment_start(lines: list[_Line], boiler: list[bool]) -> int | None:
    """Return the index of the line where the comment thread starts, or None."""
    body_chars = 0
    seen_words: set[str] = set()
    last_text: str = ""
    candidates = [i for i, ln in enumerate(lines) if not ln.blank]
    for pos, i in enumerate(candidates):
        content = lines[i].content
        if body_chars and is_comment_marker(content):
            return i
        if boiler[i]:
            continue
        if (
            body_chars >= _MIN_BODY_CHARS
            and last_text.rstrip().endswith(_SENTENCE_END)
            and looks_like_name(content)
            and not _words_already_used(content, seen_words)
            and _next_is_paragraph(lines, boiler, candidates, pos)
            and _looks_like_thread(lines, boiler, candidates, pos)
        ):
            return i
        norm = normalise_line(content)
        body_chars += len(norm)
        seen_words.update(_WORD_RE.findall(norm.lower()))
        last_text = norm
    return None


def _next_is_paragraph(lines: list[_Line], boiler: list[bool], candidates: list[int], pos: int) -> bool:
    for k in range(pos + 1, len(candidates)):
        j = candidates[k]
        if boiler[j]:
            continue
        return _is_paragraph(lines[j].content)
    return False


def _looks_like_loose_name(norm: str) -> bool:
    """A commenter line as threads write them, lowercase too ("jason sixx")."""
    if not norm or len(norm) > MAX_NAME_CHARS or not _LOOSE_NAME_RE.fullmatch(norm):
        return False
    return norm[-1] not in ".,:;!?" or norm.endswith(("Jr.", "Sr."))


def _looks_like_thread(lines: list[_Line], boiler: list[bool], candidates: list[int], pos: int) -> bool:
    """True when the text from a candidate name on reads like a comment thread.

    At least two name lines (the candidate and another commenter) and at least
    30% of the other paragraphs chatty: first/second person, "lol", a question
    or exclamation outside quotes, or a lowercase start.
    """
    names = paragraphs = chatty = 0
    for j in candidates[pos : pos + _THREAD_WINDOW]:
        if boiler[j]:
            continue
        norm = normalise_line(lines[j].content)
        if _looks_like_loose_name(norm):
            names += 1
            continue
        paragraphs += 1
        unquoted = _QUOTED_RE.sub("", norm[:_MAX_CHATTY_CHARS])
        if norm[0].islower() or _CHATTY_RE.search(unquoted):
            chatty += 1
    return names >= 2 and paragraphs > 0 and chatty * 10 >= paragraphs * 3


def _words_already_used(content: str, seen_words: set[str]) -> bool:
    """True when most words of a candidate name already occur in the article."""
    words = [w.lower() for w in _WORD_RE.findall(normalise_line(content)) if len(w) >= 3]
    if not words:
        return True
    used = sum(1 for w in words if w in seen_words)
    return used * 2 > len(words)


def _runs(lines: list[_Line]) -> Iterator[tuple[int, int, SegmentKind]]:
    """Yield (start, end, kind) per line, giving blank lines a neighbour's kind."""
    first_kind = next((ln.kind for ln in lines if ln.kind is not None), SegmentKind.BODY)
    current = first_kind
    for ln in lines:
        if ln.kind is not None:
            current = ln.kind
        yield ln.start, ln.end, current


def segment(text: str, comments_start: int | None = None) -> tuple[Segment, ...]:
    """Split canonical text into sorted, non-overlapping body/comments/boilerplate segments.

    Args:
        text: canonical text (LF line endings).
        comments_start: when the caller already knows where the comment thread
            starts (HTML: trafilatura's comments part), its offset; the thread
            is then not guessed. The offset should be at a line start.

    Returns:
        Segments covering ``[0, len(text))`` exactly, adjacent segments of the
        same kind merged; an empty tuple for empty text.
    """
    if not text:
        return ()
    lines = _split_lines(text)
    boiler = _mark_boilerplate(lines)
    if comments_start is None:
        start_index = _find_comment_start(lines, boiler)
        thread_from = lines[start_index].start if start_index is not None else len(text)
    else:
        thread_from = max(0, comments_start)
    for ln, is_boiler in zip(lines, boiler, strict=True):
        if ln.blank:
            continue
        if is_boiler:
            ln.kind = SegmentKind.BOILERPLATE
        elif ln.start >= thread_from:
            ln.kind = SegmentKind.COMMENTS
        else:
            ln.kind = SegmentKind.BODY
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
