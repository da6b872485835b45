"""Line-level predicates: is a line page furniture, a comment-section marker, a name?

Each predicate looks at one line on its own; ``segments`` combines them with
the line's position in the article.
"""

from __future__ import annotations

import re

MAX_NAME_CHARS = 40

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
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_PATTERNS), re.IGNORECASE)
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
    """
    the a an and or of in on at to for from with by as is was are were said says say that this these
    those it its he she they we you i his her their our your but not no update updates background
    analysis summary conclusion context timeline reaction reactions aftermath situation military front
    battle offensive forces army province village city region report reports video photos photo map maps
    sources source statement statements conclusions details latest breaking editor note notes
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def normalise_line(line: str) -> str:
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
    norm = normalise_line(line)
    if not norm:
        return False
    if _BOILERPLATE_RE.fullmatch(norm):
        return True
    return len(norm) <= 200 and bool(_COPYRIGHT_RE.search(norm))


def is_click_to_see(line: str) -> bool:
    """Tell whether a line is an image prompt such as "Click to see the full-size image"."""
    return bool(_CLICK_TO_SEE_RE.match(normalise_line(line)))


def is_comment_marker(line: str) -> bool:
    """Tell whether a line announces a comment section ("Notify of", "3 comments")."""
    return bool(_MARKER_RE.fullmatch(normalise_line(line)))


def looks_like_name(line: str) -> bool:
    """Tell whether a line could be a commenter's name: 2-4 capitalised words.

    Args:
        line: one line of text.

    Returns:
        True for lines such as "Zainab Ali" or "Terence Silvestre Jr.", False for
        sentences, quotes ("Afandi said"), lines with digits or final punctuation.
    """
    norm = normalise_line(line)
    if not norm or len(norm) > MAX_NAME_CHARS or any(ch.isdigit() for ch in norm):
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
