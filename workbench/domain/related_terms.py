"""Words that tell the same story in war reporting, for finding related passages. Pure Python.

A claim that "units in Tal Sarmin took part in no combat" is contradicted by a passage about "fighting" or
"clashes" there: related passages treat each group below as one term, and match English words by their
stem ("operations" also finds "operation", "handed" finds "handover"). Search itself stays literal.
"""

from __future__ import annotations

from workbench.domain.search_text import word_list

GROUPS: tuple[frozenset[str], ...] = tuple(frozenset(word_list(g)) for g in (
    "fighting fought clashes clash combat battle battles firefight skirmishes attack attacked assault",
    "killed dead died deaths casualties martyrs martyred bodies",
    "wounded injured",
    "handover handed hand handing",
    "captured seized recaptured overran took capture seizure",
    "withdrew withdrawal pulled retreated left",
    "shelling shelled shells mortar mortars artillery bombardment bombed",
    "soldiers troops units forces servicemen",
    "denied denies rejected dismissed refuted fabricated fabrications lies",
    "ambush ambushed ambushes",
    "convoy convoys vehicles trucks",
    "اشتباكات اشتباك معارك معركه قتال هجوم",
    "قتلوا قتل مقتل قتلي شهداء جثامين",
    "جرحي جريح اصابه",
    "الجيش قوات وحدات جنود عناصر",
))
_BY_WORD = {w: g for g in GROUPS for w in g}
_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly")


def related_words(word: str) -> frozenset[str]:
    """The folded words that count as the same term as ``word`` (itself included)."""
    return _BY_WORD.get(word, frozenset({word}))


def stem(word: str) -> str | None:
    """A prefix that also finds the word's other forms ("operations" → "operat"), or None if too short."""
    if not word.isascii() or len(word) < 6:
        return None
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word if len(word) >= 7 else None
