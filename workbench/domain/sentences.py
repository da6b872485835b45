"""Sentences of a text by code-point ranges (abbreviations, initials and line breaks respected). Pure Python."""

from __future__ import annotations

import re

from workbench.domain.search_text import word_list

_ABBREVIATIONS = frozenset(word_list(
    "mr mrs ms dr prof gen lt col maj capt sgt brig adm gov sen rep st no vs etc jr sr inc ltd co corp "
    "dept jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e approx est"))
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+)|\n")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Code-point ranges of the sentences of ``text[start:end]`` (lines never run into each other)."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group() != "\n":
            word = text[max(pos, m.start() - 12):m.start()].rsplit(None, 1)[-1:] or [""]
            last = word[0].lstrip("(“\"‘'").casefold()
            nxt = text[m.end():m.end() + 3].lstrip()
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or (nxt[:1].islower()):
                continue
        _add_sentence(text, pos, m.end() if m.group() != "\n" else m.start(), out)
        pos = m.end()
    _add_sentence(text, pos, end, out)
    return out


def _add_sentence(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))
