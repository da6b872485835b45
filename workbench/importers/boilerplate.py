"""Line-level predicates: is a line page furniture, a comment-section marker, a name?

Each predicate looks at one line on its own; ``segments`` combines them with
the line's position in the article. The patterns live in ``seg_patterns``
(grouped in rule families, see there); comment-thread shapes (commenter lines,
"Reply", vote counts, time stamps, avatars) are here because both the thread
guesser and the labelling of a thread's chrome use them.
"""

from __future__ import annotations

import re

from workbench.importers.seg_patterns import (
    DATE_RE,
    FAMILIES,
    HAS_DIGIT_RE,
    MD_LINK_RE,
    MONTHS,
    RELATIVE_TIME,
    SORT_ORDER,
    TIME,
    TIME_RE,
    family_of,
)

MAX_NAME_CHARS = 40

CLICK_TO_SEE_RE = re.compile(r"click\s+(?:here\s+)?to\s+(?:see|view|enlarge|open)\b", re.IGNORECASE)
_STRONG_MARKER_RE = re.compile(
    r"(?:notify\s+of|(?:oldest\s+)?newest\s+most\s+voted|inline\s+feedbacks|view\s+all\s+comments"
    r"|\d+\s+thoughts\s+on\s+.{1,200}|\d+\s+(?:responses?|replies|comments?)\s+(?:to|on)\s+.{1,200}"
    r"|leave\s+a\s+(?:comment|reply)(?:\s+cancel\s+reply)?|add\s+a\s+comment|join\s+the\s+discussion"
    r"|sort\s+by\s*:?\s*(?:best|newest|oldest|top|popular)|\d+\s+comments?\s*[|•·]\s*sort\s+by.{0,40}"
    rf"|{SORT_ORDER}(?:\s*[|•·]\s*{SORT_ORDER})+"
    r"|have\s+your\s+say|join\s+the\s+conversation|discuss\s+this\s+(?:article|story)|diskutieren\s+sie\s+mit"
    r"|participez\s+à\s+la\s+discussion|أضف\s+تعليق\S*|اترك\s+تعليق\S*)[:.]?",
)
_WEAK_MARKER_RE = re.compile(
    r"(?:(?:reader\s+|user\s+|your\s+|readers['’]?\s+)?comments?|discussion|kommentare?|commentaires?|réactions?"
    r"|comentarios|forum|leserkommentare"
    r"|(?:ال)?تعليقات)(?:\s*\(\d+\))?[:.]?"
    r"|\d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?|réactions?|comentarios|تعليقا?ت?)[:.]?",
)
_CHROME_RE = re.compile(
    r"(?:(?:\d+\s+)?(?:reply|replies|répondre|antworten|responder|rispondi|رد|ответить)(?:\s*[↓↑→›»])?"
    r"(?:\s*[•·|]\s*share\s*[›»]?)?|share\s*[›»]|log\s*in\s+to\s+reply|(?:show|view|hide|load)\s+(?:all\s+)?(?:\d+\s+)?"
    r"(?:more\s+)?repl(?:y|ies)|[+-]?\d{1,5}|[▲△⬆↑+]\s*\d+\s*[▼▽⬇↓-]?|\d+\s+(?:likes?|points?|votes?|upvotes?)"
    r"|(?:like|upvote|downvote|vote\s+up|vote\s+down|recommend|flag|report|melden|signaler|delete|löschen"
    r"|supprimer|edit|collapse|permalink|save|hide|إعجاب|level\s+\d{1,2})(?:\s*\(\d+\))?"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\.?\s+(?:{MONTHS})\.?"
    rf"|{RELATIVE_TIME}|(?:at\s+|um\s+|à\s+)?{TIME}"
    r"|(?:avatar|profile\s+(?:picture|photo|image)|gravatar|user\s+(?:icon|image))\b.{0,60}"
    r"|.{1,60}['’]s\s+avatar|avatar\s+(?:for|of)\s+.{1,60}|powered\s+by\s+disqus|guest)",
)
_DATELINE_WORDS = frozenset(
    """
    on at by am um le à the published updated posted last modified edited publié mis jour veröffentlicht
    aktualisiert gmt utc cet est bst pm am
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_DATELINE_TOKEN_RE = re.compile(r"[|,•·–—/()-]+|[\w.'’@-]+")
_META_PART_RE = re.compile(
    r"\s*[|•·]\s*(?:leave\s+a\s+(?:comment|reply)|no\s+comments|\d+\s+comments?|comments?\s+off|edit)\s*",
    re.IGNORECASE,
)
_SYMBOLS_ONLY_RE = re.compile(r"[\W_]*")
_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*\.?")
_LOOSE_NAME_RE = re.compile(r"@?[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,4}")
_PARTICLES = frozenset({"al", "el", "de", "da", "del", "der", "di", "du", "van", "von", "bin", "ibn", "la", "le"})
NOT_NAME_WORDS = frozenset(
    """
    the a an and or of in on at to for from with by as is was are were said says say that this these
    those it its he she they we you i his her their our your but not no update updates background
    analysis summary conclusion conclusions context timeline reaction reactions aftermath situation military
    front battle offensive forces army province village city region report reports video photos photo map maps
    sources source statement statements details latest breaking editor note notes assessment overview
    introduction method methodology response responses comment comments discussion references footnotes
    highlights chronology casualties correction transcript interview key points part chapter section appendix
    table figure contents next previous what who why how when where hintergrund fazit kommentar analyse
    contexte réaction sommaire résumé
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def normalise_line(line: str) -> str:
    """Strip whitespace and Markdown decoration (#, *, _, >) around a line."""
    line = line.strip()
    line = line.lstrip("#>").strip()
    return line.strip("*_").strip()


def plain_line(line: str) -> str:
    """``normalise_line`` with Markdown links ``[text](url)`` reduced to their text."""
    norm = normalise_line(line)
    return MD_LINK_RE.sub(r"\1", norm) if "](" in norm else norm


def is_symbol_line(line: str) -> bool:
    """Tell whether a line has no letter or digit at all ("***", "---", "#", "•")."""
    return bool(_SYMBOLS_ONLY_RE.fullmatch(line))


def boilerplate_family(line: str, families: frozenset[str] = FAMILIES) -> str | None:
    """Return the rule family that makes a line page furniture, or None (see ``seg_patterns``)."""
    return family_of(plain_line(line), families)


def is_boilerplate_line(line: str) -> bool:
    """Tell whether one line, on its own, is page furniture rather than text.

    Args:
        line: one line of text, with or without surrounding whitespace.

    Returns:
        True for donation appeals, caption prompts and credits, copyright,
        disclaimers, bylines and republication notes, sharing and
        comment-widget chrome and similar lines.
    """
    return boilerplate_family(line) is not None


def is_click_to_see(line: str) -> bool:
    """Tell whether a line is an image prompt such as "Click to see the full-size image"."""
    return bool(CLICK_TO_SEE_RE.match(normalise_line(line)))


def marker_strength(norm: str) -> int:
    """2 for a comment-widget line that only threads have ("Notify of", "Leave a Reply"), 1 for a
    heading or counter that may also stand elsewhere ("Comments", "941 comments"), else 0."""
    if len(norm) > 250:
        return 0
    lower = norm.lower()
    if _STRONG_MARKER_RE.fullmatch(lower):
        return 2
    return 1 if _WEAK_MARKER_RE.fullmatch(lower) else 0


def is_comment_marker(line: str) -> bool:
    """Tell whether a line announces a comment section ("Notify of", "3 comments")."""
    return marker_strength(plain_line(line)) > 0


def is_thread_chrome(norm: str) -> bool:
    """Tell whether a normalised line is comment-widget chrome: "Reply", a vote count, a time stamp,
    an avatar's alt text, "Share ›"."""
    return len(norm) <= 80 and (bool(_CHROME_RE.fullmatch(norm.lower())) or is_dateline(norm, loose=True))


def is_dateline(norm: str, loose: bool = False) -> bool:
    """Tell whether a short line is a date with at most a few outlet, place or "Posted on" words.

    "Global Research, January 12, 2018", "Posted on February 9, 2018 by admin" and
    "5 March 2018 at 09:14" are; "Issued in Washington, DC, on March 2, 2018." (a sentence) is not.

    Args:
        norm: a normalised line.
        loose: also accept a date followed by a time only (comment time stamps).
    """
    if not norm or len(norm) > 120 or (norm.endswith(".") and not norm.endswith(("a.m.", "p.m."))):
        return False
    if "|" in norm or "•" in norm or "·" in norm:
        norm = _META_PART_RE.sub("", norm)  # "March 1, 2018 | Leave a comment"
    match = DATE_RE.search(norm) if HAS_DIGIT_RE.search(norm) else None
    if not match:
        return False
    rest = norm[: match.start()] + " " + norm[match.end() :]
    rest = TIME_RE.sub(" ", rest)
    rest = re.sub(r"\b(?:by|von|par)\s+\S+(?:\s+\S+){0,2}\s*$", " ", rest, flags=re.IGNORECASE)
    words = 0
    for token in _DATELINE_TOKEN_RE.findall(rest):
        if not token[0].isalnum() and token[0] != "@":
            continue
        if token.lower() in _DATELINE_WORDS or token[0].isdigit():
            continue
        if not (token[0].isupper() or "." in token):
            return False
        words += 1
    return words <= (0 if loose else 5)


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
    return not any(word.lower().strip(".") in NOT_NAME_WORDS for word in words)


def looks_like_handle(norm: str) -> bool:
    """A commenter line as threads write them: 1-5 words, lowercase or with digits too ("jason sixx",
    "Jeannot75", "Mireille B."), no final punctuation except an initial, no heading words."""
    if not norm or len(norm) > MAX_NAME_CHARS or not _LOOSE_NAME_RE.fullmatch(norm):
        return False
    words = norm.lstrip("@").split()
    last = words[-1]
    if norm[-1] in ".,:;!?" and not (norm[-1] == "." and (len(last) == 2 or last in ("Jr.", "Sr."))):
        return False
    return not any(word.lower().strip(".'’") in NOT_NAME_WORDS for word in words)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and bool(_NAME_WORD_RE.fullmatch(word))
