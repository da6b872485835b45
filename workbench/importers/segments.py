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
  capitalised words without final punctuation, after a finished paragraph,
  followed by a paragraph, and not made of words the article already used (so a
  subheading such as "Deir Ezzor Front" or a quote such as "Afandi said" never
  starts it). Everything from there on is comments, except boilerplate lines.
* Blank lines belong to the region before them (to the next one at the start).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.domain.model import Segment, SegmentKind

_BOILERPLATE_PATTERNS = (
    r"[$€£]\s?\d[\d,.]*|\d[\d,.\s]*\s?[$€£]",  # donation amounts: "0 $", "2,500 $", "$50"
    r"(?:date\s+\S+\s+)?donat(?:e|ion|ions)(?:\s+now)?!?",
    r"(?:please\s+)?support\s+(?:us|our\s+\w+(?:\s+\w+)?|(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}))[!.]?",
    r"click\s+(?:here\s+)?to\s+(?:see|view|enlarge|open)\b.{0,40}",
    r"(?:share|share\s+this(?:\s+\w+)?|share\s+on\s+\w+|share\s+via\s+\w+|tweet|print|email)\s*:?",
    r"subscribe\b.{0,80}",
    r"(?:sign\s+up|follow\s+us)\b.{0,80}",
    r"(?:oldest\s+)?newest\s+most\s+voted",
    r"notify\s+of",
    r"inline\s+feedbacks",
    r"(?:view|load|show)\s+(?:all|more)\s+comments",
    r"would\s+love\s+your\s+thoughts,?\s+please\s+comment\.?x?",
    r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?",
    r"read\s+more\b.{0,100}",
    r"related(?:\s+(?:articles|posts|stories|news))?\s*:.{0,200}",
    r"related\s+(?:articles|posts|stories|news)",
    r"tags?\s*:.{0,200}",
    r"(?:advertisement|sponsored(?:\s+content)?|reply|report|log\s*in|login|sign\s+in)",
    r"[+-]?\d{1,4}",  # vote counters
    r"\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago",
    r"(?:leave\s+a\s+(?:comment|reply)|add\s+a\s+comment)(?:\s+cancel\s+reply)?",
    r"(?:reader\s+)?comments?(?:\s*\(\d+\))?",
    r"\d+\s+(?:comments?|responses?|replies|thoughts\s+on\s+.{1,200})",
    r"join\s+the\s+discussion",
)
_BOILERPLATE_RE = re.compile(
    "|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.IGNORECASE
)
_COPYRIGHT_RE = re.compile(r"©|\(c\)\s*\d{4}|\ball rights reserved\b|^copyright\b", re.IGNORECASE)
_CLICK_TO_SEE_RE = re.compile(r"click\s+(?:here\s+)?to\s+(?:see|view|enlarge|open)\b", re.IGNORECASE)

_MARKER_RE = re.compile(
    r"(?:notify\s+of|view\s+all\s+comments|(?:oldest\s+)?newest\s+most\s+voted|inline\s+feedbacks"
    r"|(?:reader\s+)?comments?(?:\s*\(\d+\))?|\d+\s+comments?|\d+\s+(?:responses?|replies)"
    r"|\d+\s+thoughts\s+on\s+.{1,200}|leave\s+a\s+(?:comment|reply)(?:\s+cancel\s+reply)?"
    r"|add\s+a\s+comment|join\s+the\s+discussion|discussion)[:.]?",
    re.IGNORECASE,
)

_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*\.?")
_PARTICLES = frozenset({"al", "el", "de", "da", "del", "der", "di", "du", "van", "von", "bin", "ibn", "la", "le"})
_NOT_NAME_WORDS = frozenset(
    ["the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "from", "with", "by", "as", "is", "was", "are", "were", "said", "says", "say", "that", "this", "these", "those", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "but", "not", "no", "update", "updates", "background", "analysis", "summary", "conclusion", "context", "timeline", "reaction", "reactions", "aftermath", "situation", "military", "front", "battle", "offensive", "forces", "army", "province", "village", "city", "region", "report", "reports", "video", "photos", "photo", "map", "maps", "sources", "source", "statement", "statements", "conclusions", "details", "latest", "breaking", "editor", "note", "notes"]
)
_WORD_RE = re.compile(r"\w+")
_SENTENCE_END = tuple(".!?…\"”’')]")
_MAX_NAME_CHARS = 40
_MIN_BODY_CHARS = 200
_THREAD_WINDOW = 200
_MAX_CHATTY_CHARS = 2000
_LOOSE_NAME_RE = re.compile(r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_CHATTY_RE = re.compile(r"\b(?:i|i['’]m|i['’]ll|i['’]d|i['’]ve|me|my|you|your|ya|u|lol|imo|idk)\b|[?!]", re.IGNORECASE)
_MAX_CAPTION_CHARS = 200
_SHORT_CAPTION_CHARS = 60


def _normalise(line: str) -> str:
    """Strip whitespace and Markdown decoration (#, *, _, >) around a line."""
    line = line.strip()
    line = line.lstrip("#>").strip()
    return line.strip("*_").strip()


def is_boilerplate_line(line: str) -> bool:
    """Tell whether one line, on its own, is page furniture rather than text.

    Args:
        line: one line of text, with or without surrounding whitespace.

    Returns:
        True for donation appeals, captions prompts, copyright, sharing and
        comment-widget chrome and similar lines.
    """
    norm = _normalise(line)
    if not norm:
        return False
    if _BOILERPLATE_RE.fullmatch(norm):
        return True
    return len(norm) <= 200 and bool(_COPYRIGHT_RE.search(norm))


def is_comment_marker(line: str) -> bool:
    """Tell whether a line announces a comment section ("Notify of", "3 comments")."""
    return bool(_MARKER_RE.fullmatch(_normalise(line)))


def looks_like_name(line: str) -> bool:
    """Tell whether a line could be a commenter's name: 2-4 capitalised words.

    Args:
        line: one line of text.

    Returns:
        True for lines such as "Zainab Ali" or "Terence Silvestre Jr.", False for
        sentences, quotes ("Afandi said"), lines with digits or final punctuation.
    """
    norm = _normalise(line)
    if not norm or len(norm) > _MAX_NAME_CHARS or any(ch.isdigit() for ch in norm):
        return False
    words = norm.split()
    if not 2 <= len(words) <= 4:
        return False
    if norm[-1] in ".,:;!?" and words[-1] not in ("Jr.", "Sr."):
        return False
    if not _is_capitalised(words[0]):
        return False
    for word in words[1:]:
        if not (_is_capitalised(word) or word.lower() in _PARTICLES):
            return False
    return not any(word.lower().strip(".") in _NOT_NAME_WORDS for word in words)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and bool(_NAME_WORD_RE.fullmatch(word))


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
    headline = ""
    previous_text: int | None = None
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        norm = _normalise(ln.content)
        if _CLICK_TO_SEE_RE.match(norm) and previous_text is not None:
            if _looks_like_caption(_normalise(lines[previous_text].content)):
                flags[previous_text] = True
        if not flags[i]:
            if not headline:
                headline = norm
            elif norm == headline:
                flags[i] = True
        previous_text = i
    return flags


def _looks_like_caption(norm: str) -> bool:
    """A line above "Click to see the full-size image": short, or without a sentence end."""
    if len(norm) > _MAX_CAPTION_CHARS:
        return False
    return len(norm) <= _SHORT_CAPTION_CHARS or not norm.endswith(tuple(".!?\"”"))


def _is_paragraph(content: str) -> bool:
    norm = _normalise(content)
    return len(norm.split()) >= 2 and not looks_like_name(norm)


def _find_comment_start(lines: list[_Line], boiler: list[bool], limit: int | None) -> int | None:
    """Return the index of the line where the comment thread starts, or None."""
    body_chars = 0
    seen_words: set[str] = set()
    last_text: str = ""
    candidates = [i for i, ln in enumerate(lines) if not ln.blank]
    for pos, i in enumerate(candidates):
        if limit is not None and lines[i].start >= limit:
            break
        content = lines[i].content
        if body_chars and is_comment_marker(content):
            return i
        if boiler[i]:
            continue
        if (
            body_chars >= _MIN_BODY_CHARS
            and last_text.rstrip().endswith(_SENTENCE_END)
            and looks_like_name(content)
            and _next_is_paragraph(lines, boiler, candidates, pos)
            and not _words_already_used(content, seen_words)
            and _looks_like_thread(lines, boiler, candidates, pos)
        ):
            return i
        norm = _normalise(content)
        body_chars += len(norm)
        seen_words.update(w.lower() for w in _WORD_RE.findall(norm))
        last_text = norm
    return None


def _next_is_paragraph(lines: list[_Line], boiler: list[bool], candidates: list[int], pos: int) -> bool:
    for j in candidates[pos + 1 :]:
        if boiler[j]:
            continue
        return _is_paragraph(lines[j].content)
    return False


def _looks_like_loose_name(norm: str) -> bool:
    """A commenter line as threads write them, lowercase too ("jason sixx")."""
    if not norm or len(norm) > _MAX_NAME_CHARS or not _LOOSE_NAME_RE.fullmatch(norm):
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
        norm = _normalise(lines[j].content)
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
    words = [w.lower() for w in _WORD_RE.findall(_normalise(content)) if len(w) >= 3]
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
        start_index = _find_comment_start(lines, boiler, None)
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
    return merge_adjacent([Segment(start, end, kind) for start, end, kind in _runs(lines)])


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
