"""Headlines and derived titles: tell a headline from a sentence, and make a title from a first sentence.

Measured on tests/corpus/metadata: a first line that ends with a full stop is still a headline when it is
short (at most 12 words) and title-cased (most words of four letters or more start with a capital), as in
"Army Denies Losing Khusham To Tribal Fighters."; "The army denied it." is a sentence.
"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
DERIVED_MAX_WORDS = 12
DERIVED_MAX_CHARS = 90
DERIVED_MAX_CJK_CHARS = 40
_MIN_CLAUSE_CHARS = 10
_SENTENCE_END_RE = re.compile(r"[.!?…؟。！？۔](?=[\"'”’»)\]]*(?:\s|$))|[。！？]")
_ABBREVIATION_RE = re.compile(
    r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Adm|Gov|Sen|Rep|St|Jr|Sr|No|Nos|Vol|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|e\.g|i\.e|etc|vs|approx|ca)$"
)
_CLOSERS = "\"'”’»)]"
_CLAUSE_RE = re.compile(r"[，、；：,;:]")
_TRAILING_PUNCT = " ,;:،؛-–—，、；："


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def is_title_cased(line: str) -> bool:
    """Most words of four letters or more start with a capital (at least two such words)."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) >= 4 and w.lower() != w.upper()]
    capitals = sum(1 for w in long_words if w[0].isupper())
    return len(long_words) >= 2 and capitals >= 0.8 * len(long_words)


def looks_like_headline(line: str) -> bool:
    """Tell whether a line can be a headline: short, not a sentence (unless short and title-cased), not
    starting in lower case."""
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS or line[0].islower():
        return False
    if line.endswith((",", ";", ":", "،")):
        return False
    if line.endswith((".", "。", "۔")) and not line.endswith("..."):
        return len(line.split()) <= DERIVED_MAX_WORDS and is_title_cased(line)
    return True


def headline_text(line: str) -> str:
    """A headline line as a title: a lone final full stop removed."""
    if line.endswith(".") and not line.endswith(".."):
        return line[:-1].rstrip()
    return line


def first_sentence(line: str) -> str:
    """The first sentence of a line (up to . ! ? … ؟ 。 followed by a space or the end, not after an
    abbreviation or an initial), with a final full stop removed; "?" and "!" are kept."""
    for match in _SENTENCE_END_RE.finditer(line):
        end = match.end()
        if line[match.start()] == "." and _ABBREVIATION_RE.search(line[: match.start()]):
            continue
        while end < len(line) and line[end] in _CLOSERS:
            end += 1
        sentence = line[:end].strip()
        return sentence.rstrip(".。۔").rstrip() if sentence[-1] in ".。۔" else sentence
    return line.strip()


def shorten_title(sentence: str) -> str:
    """Cut a sentence to a title: at most 12 words and 90 characters at a word boundary, or 40 characters
    (at a clause mark when there is one) for text written without spaces; "…" marks the cut."""
    words = sentence.split()
    cjk = sum(1 for ch in sentence if _is_cjk(ch))
    if len(words) <= 2 and cjk > len(sentence) / 2:
        if len(sentence) <= DERIVED_MAX_CJK_CHARS:
            return sentence
        head = sentence[:DERIVED_MAX_CJK_CHARS]
        clauses = [m.start() for m in _CLAUSE_RE.finditer(head) if m.start() >= _MIN_CLAUSE_CHARS]
        cut = head[: clauses[-1]] if clauses else head
        return cut.rstrip(_TRAILING_PUNCT) + "…"
    if len(words) <= DERIVED_MAX_WORDS and len(sentence) <= DERIVED_MAX_CHARS:
        return sentence
    kept = words[:DERIVED_MAX_WORDS]
    while len(kept) > 1 and len(" ".join(kept)) > DERIVED_MAX_CHARS - 1:
        kept.pop()
    text = " ".join(kept)
    if len(text) > DERIVED_MAX_CHARS - 1:  # one enormous "word"
        text = text[: DERIVED_MAX_CHARS - 1]
    return text.rstrip(_TRAILING_PUNCT) + "…"


def title_from_line(line: str) -> str:
    """A title derived from a line of body text: its first sentence, shortened."""
    line = " ".join(line.split())
    return shorten_title(first_sentence(line)) if line else ""
