"""PDF lines → the text a person would copy: paragraphs, joined lines, undone hyphenation.

Pure functions; ``pdf.py`` feeds them the lines that pdfium read.

*Paragraphs.* Within a block (a column), a new paragraph starts when the line pitch grows (a blank between
paragraphs), the size changes (a heading), the line is indented more than the one before and the next one
(a first-line indent; a hanging indent keeps going), it starts with a bullet, or the line before it ended
early: when the next line's first word would have fitted in the space left at the end of the previous line
(measured against the lines around it, so that text beside a picture counts as full), the break was
deliberate. Otherwise the line
break was only the typesetter's and becomes a space. A paragraph that ends a column or a page without
final punctuation, whose next column or page starts without an indent, goes on there; the page's furniture
(foot and next head) then follows that paragraph.

*Hyphenation.* ``pro-`` at a line end followed by ``posed`` becomes ``proposed``, but compounds keep their
hyphen. The decision (``Dehyphenator.keep_hyphen``), in order: keep it when the second part starts with a
capital or a digit (pro-Russian, al-Mayadin, mid-2019) or the first part is an acronym (ISIS-linked); keep it
when the hyphenated form occurs elsewhere in the document; join when the joined form does; keep it after a
prefix that forms compounds (anti-, pro-, non-, self-, well-...) when the second part is a word of the
document (pro-government, well-known) or the prefix always keeps it; keep it when the same vowel meets across
it (co-operate, re-elect); otherwise join, since line-end hyphens in typeset text are mostly the
typesetter's. A dash right after a word ("2018–" + "23", "the army—" + "which") and a broken web or mail
address ("https://" + "www.example.org") are joined without a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from workbench.importers.pdf_layout import Block, Line

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_LINE_END_HYPHEN_RE = re.compile(r"([^\W\d_]+)[-‐\u00ad]$")
_FIRST_WORD_RE = re.compile(r"^([^\W_][\w'’]*)")
_BULLET_RE = re.compile(r"^(?:[•▪◦●■□➢►–—*·-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_FINAL_PUNCTUATION = tuple(".!?:;…\"”’»)]")
_URL_START_RE = re.compile(r"://|^www\.")
_CJK_RE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
# Prefixes that make hyphenated compounds; common syllables such as re-, co-, pre-, under- are left out, since
# typesetters split "re-port" and "under-stand" at the same place.
PREFIX_HEADS = frozenset(("anti", "pro", "non", "counter", "self", "well", "ill", "all", "half", "semi", "multi",
                          "cross", "ultra", "neo", "quasi", "pan", "ex", "vice", "mid"))
ALWAYS_KEEP = frozenset(("self", "well"))
_PITCH_BREAK = 1.15
_SIZE_CHANGE = 0.15
_INDENT_EM = 0.6
_FIT_SLACK_EM = 0.5
_VOWELS = frozenset("aeiou")
_DISPLAY_RATIO = 1.2
_EDGE_WINDOW = 2
_ALIGNED_EM = 0.5
_ALIGNED_LINES = 3


@dataclass(slots=True)
class Dehyphenator:
    """Decides whether a line-end hyphen is the typesetter's (join) or part of a compound (keep).

    Attributes:
        words: lower-cased words of the document that are not pieces of a line-end hyphenation.
        compounds: lower-cased hyphenated words found inside lines.
    """

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Dehyphenator:
        """Learn the document's words from its lines in reading order."""
        found = cls()
        after_hyphen = False
        for line in lines:
            tokens = _WORD_RE.findall(line)
            ends_hyphen = bool(_LINE_END_HYPHEN_RE.search(line.rstrip()))
            if after_hyphen and tokens and line.lstrip()[:1].isalpha():
                tokens = tokens[1:]
            if ends_hyphen and tokens:
                tokens = tokens[:-1]
            for token in tokens:
                token = token.lower().replace("‐", "-")
                if "-" in token:
                    found.compounds.add(token)
                    found.words.update(token.split("-"))
                else:
                    found.words.add(token)
            after_hyphen = ends_hyphen
        return found

    def keep_hyphen(self, head: str, tail: str) -> bool:
        """Tell whether ``head-`` at a line end and ``tail`` on the next line form a hyphenated compound."""
        if not tail or not head or not tail[0].islower():
            return True
        if any(ch.isupper() for ch in head[1:]) or (len(head) == 1 and head.isupper()):
            return True
        lower_head, lower_tail = head.lower(), tail.lower()
        last_part = lower_head.rsplit("-", 1)[-1]
        if f"{lower_head}-{lower_tail}" in self.compounds:
            return True
        if (last_part + lower_tail) in self.words:
            return False
        if last_part in ALWAYS_KEEP or "-" in lower_head:
            return True
        if last_part in PREFIX_HEADS and lower_tail in self.words:
            return True
        return last_part[-1:] in _VOWELS and last_part[-1:] == lower_tail[:1]

    def join(self, first: str, second: str) -> str:
        """Join two lines of one paragraph: undo or keep a line-end hyphen, else put a space between."""
        first, second = first.rstrip(), second.lstrip()
        if not first or not second:
            return first + second
        if first.endswith("\u00ad"):
            return first[:-1] + second
        match = _LINE_END_HYPHEN_RE.search(first)
        if match and first[-1] != "\u00ad" and second[0].isdigit():  # mid-\n2019, T-\n62
            return first + second
        tail = _FIRST_WORD_RE.match(second)
        if match and tail and second[0].isalpha():
            head_start = first.rfind(" ") + 1
            head = first[head_start:-1].lstrip("\"'“‘(«[")
            if self.keep_hyphen(head, tail.group(1).rstrip("'’")):
                return first + second
            return first[:-1] + second
        if _CJK_RE.match(first[-1]) and _CJK_RE.match(second[0]):
            return first + second
        if first[-1] in "–—" and len(first) > 1 and not first[-2].isspace():  # 2018–\n23, the army—\nwhich
            return first + second
        if first[-1] == "-" and first[-2:-1].isdigit() and second[0].isdigit():  # 2023-\n0379
            return first + second
        if _broken_address(first[first.rfind(" ") + 1:], second.split(" ", 1)[0]):
            return first + second
        return f"{first} {second}"


def _broken_address(end: str, start: str) -> bool:
    """A web or mail address cut at a line end: "https://" + "www.example.org", "desk@" + "example.org",
    "https://example.org/news/" + "2019/item.html" (but not "https://example.org/" + "fine-tuned")."""
    if end.endswith(("://", "@")):
        return True
    return bool(_URL_START_RE.search(end)) and end[-1] in "/.-_=&?#~" and any(c in start for c in "./=&?#")


def join_lines(lines: list[str], dehyphenator: Dehyphenator) -> str:
    """The lines of one paragraph as one line of text."""
    text = ""
    for line in lines:
        text = dehyphenator.join(text, line) if text else line.strip()
    return text


def _step(a: Line, b: Line) -> float:
    """How far line ``b`` sits below line ``a``: the smaller of the moves of their tops and bottoms, so that a
    superscript (a higher top) or a subscript (a lower bottom) does not look like a wider line spacing."""
    return min(b.top - a.top, b.bottom - a.bottom)


def _pitch(lines: list[Line]) -> float:
    steps = sorted(_step(a, b) for a, b in pairwise(lines)
                   if b.top > a.top and abs(b.height - a.height) <= _SIZE_CHANGE * max(a.height, b.height))
    if len(steps) >= 2:
        return steps[len(steps) // 2]
    return max(ln.height for ln in lines) * 1.3


def _indent(line: Line, block: Block) -> float:
    return (block.right - line.x1) if line.rtl else (line.x0 - block.left)


def ends_early(line: Line, following: Line, edges: tuple[float, float]) -> bool:
    """The next line's first word would have fitted in the room left on ``line`` between the text's
    ``edges`` (left, right): the line break was deliberate. Right-to-left lines set flush right have
    their room on the left."""
    left, right = edges
    if line.rtl and right - line.x1 < _ALIGNED_EM * line.height:
        room = line.x0 - left
    else:
        room = right - line.x1
    return room > following.first_word + _FIT_SLACK_EM * line.height


def local_edges(lines: list[Line], index: int, block: Block) -> tuple[float, float]:
    """The edges (left, right) the lines around ``lines[index]`` end at: the block's, unless three or more
    neighbours end together short of it (text set narrower beside a picture)."""
    near = lines[max(0, index - _EDGE_WINDOW): index + _EDGE_WINDOW + 1]
    right = max(ln.x1 for ln in near)
    left = min(ln.x0 for ln in near)
    if sum(1 for ln in near if right - ln.x1 < _ALIGNED_EM * ln.height) < _ALIGNED_LINES:
        right = block.right
    if sum(1 for ln in near if ln.x0 - left < _ALIGNED_EM * ln.height) < _ALIGNED_LINES:
        left = block.left
    return left, right


def _size_changes(a: Line, b: Line) -> bool:
    return abs(b.height - a.height) > _SIZE_CHANGE * max(a.height, b.height)


def breaks_paragraph(lines: list[Line], index: int, block: Block, pitch: float, body_height: float = 0.0) -> bool:
    """Tell whether ``lines[index + 1]`` starts a new paragraph after ``lines[index]`` in the same block.

    Lines set larger than the body text (``body_height``), such as a title over two lines, are ragged or
    centred: for them only the spacing and the size count, not where the line ends. An indented line starts
    a paragraph unless the lines after it keep the indent (a hanging indent: the first line sticks out).
    """
    a, b = lines[index], lines[index + 1]
    display = body_height > 0 and min(a.height, b.height) >= _DISPLAY_RATIO * body_height
    if _step(a, b) > _PITCH_BREAK * (a.height * 1.4 if display else pitch) or b.top < a.top - 0.5 * a.height:
        return True
    if _size_changes(a, b) or _BULLET_RE.match(b.text):
        return True
    if display:
        return a.text.rstrip().endswith((".", "!", "?"))
    if _indent(b, block) - _indent(a, block) > _INDENT_EM * b.height:
        after = lines[index + 2] if index + 2 < len(lines) else None
        if after is None or _indent(b, block) - _indent(after, block) > _INDENT_EM * b.height:
            return True
    return ends_early(a, b, local_edges(lines, index, block))


def body_height_of(lines: Iterable[Line]) -> float:
    """The height of the body text: the line height that carries the most characters."""
    weights: dict[float, int] = {}
    for line in lines:
        key = round(line.height, 1)
        weights[key] = weights.get(key, 0) + len(line.text)
    return max(weights, key=lambda k: weights[k]) if weights else 0.0


def paragraphs_of(block: Block, body_height: float = 0.0) -> list[list[Line]]:
    """Split a block's lines into paragraphs (``body_height``: the document's, see ``breaks_paragraph``)."""
    if not block.lines:
        return []
    pitch = _pitch(block.lines)
    paragraphs = [[block.lines[0]]]
    for index, line in enumerate(block.lines[1:]):
        if breaks_paragraph(block.lines, index, block, pitch, body_height):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def continues(last: Line, last_block: Block, first: Line, block: Block) -> bool:
    """Tell whether a paragraph ending a column or page goes on at the top of the next one."""
    text = last.text.rstrip()
    if not text or text.endswith(_FINAL_PUNCTUATION) or _size_changes(last, first):
        return False
    if _indent(first, block) > _INDENT_EM * first.height or _BULLET_RE.match(first.text):
        return False
    edges = local_edges(last_block.lines, len(last_block.lines) - 1, last_block)
    if not _LINE_END_HYPHEN_RE.search(text) and ends_early(last, first, edges):
        return False
    return first.text.lstrip()[:1].isalnum() or first.text.lstrip()[:1] in "\"“‘'("
