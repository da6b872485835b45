"""A skeleton key for Latin transliterations of Arabic names, and automatic groups of spellings. Pure Python.

One village is written Khasham, Khusham or Ksham; one town Mayadin, Mayadeen or al-Mayadin; one city Deir Ezzor,
Deir ez-Zor or Dayr az Zawr. ``variant_key`` maps all the spellings of a name to one key:

1. fold (lower case, no diacritics), drop apostrophes and ʿayn/hamza marks (Da'esh → daesh), hyphens → spaces;
2. drop the article: a word al / el / ez / az / ad / as / ash / at / an / ar… (al-Mayadin → mayadin), and an
   assimilated article glued to a later word (Deir Ezzor → deir zor);
3. consonant equivalences: kh → k, q → k, c → k, gh → g, th → t, dh → d, ph → f, dj / zh → j, ch → sh;
   a vowel and ``h`` at the end of a word is the vowel (Kashmah → kashma, Raqqah → raqqa);
4. every run of vowels is one vowel (ee / ei / ou / ay / aw… → a): y and w count as vowels except at the start of
   a word or between two vowels (Dayr → dar, Mayadin → mayadan);
5. doubled letters are one (Raqqa → raka); a word that starts with two consonants gets the vowel transliteration
   dropped back (Ksham → kasam, like Khasham).

Acronyms (SDF, ISIS) are not transliterations and get no key. What the rules cannot know (ISIS = Daesh) is an
entity, or one of the few well-known groups in ``KNOWN_GROUPS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.domain.search_text import AliasGroup, AliasIndex, normalise

ARTICLES = frozenset(("al", "el", "il", "ul", "ad", "ed", "ez", "az", "es", "as", "ash", "esh", "at", "et", "ath",
                      "an", "en", "ar", "er", "adh"))
_MARKS = re.compile(r"[’'‘`ʿʾ]")
_GLUED_ARTICLE = re.compile(r"^[ae]([tdrzsnl])\1(?=[a-z]{2,})")  # Ezzor, Assad, Annour
_FINAL_H = re.compile(r"([aeiou])h$")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("ch", "S"), ("sh", "S"), ("th", "t"), ("dh", "d"), ("ph", "f"),
             ("dj", "j"), ("zh", "j"), ("q", "k"), ("ck", "k"), ("c", "k"), ("x", "ks"))
_VOWELS = frozenset("aeiou")
MIN_CONSONANTS = 2  # a key with fewer groups too much (Aa, Sa)
SHORT_WORD_CONSONANTS = 3  # one word with fewer consonants is only matched to near-identical spellings
_DEMONYM = re.compile(r"[a-z]{2,}ians?$")

# Well-known names that no spelling rule relates. "IS" is left out: a search folds case, and "is" is a word.
KNOWN_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ISIS", "organisation", ("ISIL", "Daesh", "Islamic State", "Da'esh", "Daish")),
    ("SAA", "organisation", ("Syrian Arab Army",)),
    ("SDF", "organisation", ("Syrian Democratic Forces",)),
    ("YPG", "organisation", ("People’s Protection Units",)),
    ("HTS", "organisation", ("Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Tahrir al-Sham")),
)


def known_groups(splits: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
                 ) -> list[tuple[str, str, tuple[str, ...]]]:
    """``KNOWN_GROUPS`` without the spellings the user split off ((name key, name key) pairs)."""
    def key(n: str) -> str:
        return " ".join(re.split(r"[\s\-’']+", normalise(n))).strip()

    return [(name, kind, tuple(a for a in aliases if (key(name), key(a)) not in splits))
            for name, kind, aliases in KNOWN_GROUPS]


def _consonants_folded(word: str) -> str:
    """kh → k, q → k, sh → S… and a final h after a vowel dropped (Kashmah = Kashma)."""
    for a, b in _DIGRAPHS:
        word = word.replace(a, b)
    return _FINAL_H.sub(r"\1", word)


def _word_key(word: str) -> str:
    word = _consonants_folded(word)
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        if ch in "yw":
            vowel_before = i > 0 and word[i - 1] in _VOWELS
            vowel_after = i + 1 < n and word[i + 1] in _VOWELS
            vowel = i > 0 and not (vowel_before and vowel_after)
        else:
            vowel = ch in _VOWELS
        if vowel:
            if not out or out[-1] != "a":
                out.append("a")
        elif not out or out[-1] != ch:
            out.append(ch)
    if len(out) >= 2 and out[0] != "a" and out[1] != "a":
        out.insert(1, "a")  # Ksham → kasam: Arabic words do not start with two consonants
    return "".join(out)


def variant_key(name: str) -> str:
    """The transliteration-neutral key of a name ("" for acronyms and names too short to tell apart).

    >>> variant_key("Deir ez-Zor") == variant_key("Dayr az Zawr") == variant_key("Deir Ezzor")
    True
    """
    if not name or any(w.isupper() and len(w) > 1 for w in name.split()):
        return ""
    text = _MARKS.sub("", normalise(re.sub(r"[’']s$", "", name))).replace("-", " ")  # a possessive: "Here’s"
    words = re.findall(r"[^\W_]+", text)
    if not words or not all(re.fullmatch("[a-z]+", w) for w in words):
        return ""  # Arabic script, digits: folding already matches those
    kept = [w for w in words if w not in ARTICLES] or words
    kept = [kept[0], *(_GLUED_ARTICLE.sub(r"\1", w) for w in kept[1:])]
    if len(kept) == 1 and _DEMONYM.search(kept[0]):
        return ""  # an English adjective of a people or place (Syrian, Russians), not a transliteration
    key = " ".join(_word_key(w) for w in kept)
    consonants = sum(1 for c in key if c not in "a ")
    if consonants < MIN_CONSONANTS:
        return ""
    if len(kept) == 1 and consonants < SHORT_WORD_CONSONANTS:
        return "=" + _light_key(kept[0])  # two consonants: too many words share them (Near, Nour; Lena, Line)
    return key


def _light_key(word: str) -> str:
    """A short word's spelling with only its doubled letters and the usual vowel spellings folded: Deir = Dayr,
    Hamam = Hammam, Shaam = Sham, Daesh = Daish, Raqqa = Rakka, but Near ≠ Nour, Hadi ≠ Hide."""
    word = re.sub(r"(.)\1+", r"\1", _consonants_folded(word))
    for a, b in (("ee", "i"), ("oo", "u"), ("ou", "u"), ("ei", "ay"), ("ey", "ay"), ("ai", "ay"), ("ae", "ay")):
        word = word.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", word)


@dataclass(frozen=True, slots=True)
class SpellingGroup:
    """Names of the corpus that share a variant key: ``names`` as written, the most used first."""

    key: str
    names: tuple[str, ...]
    documents: int  # documents using any of them (at most; a document may use two)


def spelling_groups(names: dict[str, tuple[str, int]], rejected: set[tuple[str, str]] | frozenset[tuple[str, str]]
                    = frozenset(), keys: dict[str, str] | None = None) -> list[SpellingGroup]:
    """Groups of two or more corpus names (name key → (as written, documents)) with one variant key.

    ``rejected`` holds (name key, name key) pairs the user split apart: two names of a pair never share a group
    (the later one starts a group of its own, or joins another it is not split from). ``keys`` caches each name's
    variant key between calls (name key → variant key).
    """
    keys = {} if keys is None else keys
    buckets: dict[str, list[str]] = {}
    for k, (written, _docs) in names.items():
        vk = keys.get(k)
        if vk is None:
            vk = keys[k] = variant_key(written)
        if vk:
            buckets.setdefault(vk, []).append(k)
    out: list[SpellingGroup] = []
    for vk, members in buckets.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (-names[k][1], k))
        parts: list[list[str]] = []
        for k in members:
            home = next((p for p in parts if not any((k, m) in rejected or (m, k) in rejected for m in p)), None)
            if home is None:
                parts.append([k])
            else:
                home.append(k)
        for p in parts:
            if len(p) >= 2:
                out.append(SpellingGroup(vk, tuple(names[k][0] for k in p), sum(names[k][1] for k in p)))
    out.sort(key=lambda g: (-g.documents, g.names[0].casefold()))
    return out


def group_of(name: str, groups: Iterable[SpellingGroup]) -> SpellingGroup | None:
    """The group holding a spelling with ``name``'s key, if any."""
    key = variant_key(name)
    return next((g for g in groups if g.key == key), None) if key else None


@dataclass
class SpellingIndex:
    """The automatic spelling groups and the well-known groups, ready for lookups (built once per change of the
    corpus's names, shared by every search)."""

    groups: AliasIndex = field(default_factory=AliasIndex)
    by_key: dict[str, AliasGroup] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


def spelling_index(groups: Iterable[SpellingGroup],
                   known: Iterable[tuple[str, str, tuple[str, ...]]] = KNOWN_GROUPS) -> SpellingIndex:
    """A ``SpellingIndex`` of the corpus's groups and the well-known ones."""
    index = SpellingIndex()
    for name, kind, aliases in known:
        index.groups.add(AliasGroup(name, aliases))
        index.kinds.setdefault(name, kind)
    for g in groups:
        group = AliasGroup(g.names[0], g.names[1:])
        index.groups.add(group)
        index.by_key.setdefault(g.key, group)
    return index


@dataclass
class VariantAliasIndex(AliasIndex):
    """An ``AliasIndex`` of the user's entities that also finds the automatic spelling groups and the well-known
    groups (``spellings``).

    A name the corpus spells several ways is found under every spelling; a spelling not in the corpus (typed by
    the user) is found by its variant key when it is long enough not to be a common word; an entity that lists
    one spelling of a group is found from the others too.
    """

    kinds: dict[str, str] = field(default_factory=dict)  # group name → entity kind ("" unknown)
    spellings: SpellingIndex = field(default_factory=SpellingIndex)

    def use(self, spellings: SpellingIndex) -> None:
        self.spellings = spellings
        self.longest = max(self.longest, spellings.groups.longest)
        for name, kind in spellings.kinds.items():
            self.kinds.setdefault(name, kind)

    def _both(self, words: tuple[str, ...]) -> list[AliasGroup]:
        own = super().lookup(words)
        return own + [g for g in self.spellings.groups.lookup(words) if g not in own]

    def lookup(self, words: tuple[str, ...]) -> list[AliasGroup]:
        found = self._both(words)
        label = " ".join(words)
        if not found and len(label.replace(" ", "")) >= UNSEEN_MIN:
            group = self.spellings.by_key.get(variant_key(label))
            found = [group] if group else []
        for g in list(found):  # one step further: an entity that lists another spelling of the group (or back)
            for v in g.variants():
                found += [other for other in self._both(v.words) if other not in found]
        return found


UNSEEN_MIN = 6  # a spelling the corpus lacks is looked up by its key from this length (not "said" ≈ "Saad")
