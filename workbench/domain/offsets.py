"""Code point ↔ UTF-16 offset conversion.

The project stores code-point offsets (Python ``str`` indices). Qt counts UTF-16
code units, so every character above U+FFFF (emoji, some CJK, flags are pairs of
them) takes two units in Qt and one in Python. ``OffsetMap`` keeps the sorted
code-point positions of those astral characters and converts with ``bisect``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts offsets into one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str) -> None:
        if text.isascii():
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length_u16 = self.length + len(self._astral)

    @property
    def has_astral(self) -> bool:
        return bool(self._astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point position ``cp``."""
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point position of UTF-16 position ``u16``.

        A position inside a surrogate pair snaps to after that character.
        """
        if not self._astral:
            return u16
        return u16 - bisect_right(self._astral_u16, u16 - 2)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text)) if not text.isascii() else len(text)
