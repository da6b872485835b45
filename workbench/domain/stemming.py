"""Stemming for search: English (the Snowball "English" / Porter2 algorithm) and Arabic (light stemming).

Pure Python, no dependency. ``stem(token)`` takes a folded token (``search_text.normalise``: lower case, no
diacritics, Arabic letter forms folded) and returns the form that the index's stemmed columns hold and that an
unquoted query word is looked up by: "clashes", "clashed", "clashing" → "clash"; "اشتباكات", "الاشتباكات" →
"اشتباك". Tokens that are neither English-looking (a–z only) nor Arabic are returned unchanged (digits,
other scripts, transliterated names mixed with digits).

English follows the published Snowball English algorithm (R1/R2 regions, steps 0-5, the exceptional forms).
Arabic is light stemming in the manner of Larkey's "light10": one leading conjunction و (wa-) when at least three
letters remain, then one definite article (ال al-, وال wal-, بال bil-, كال kal-, فال fal-, لل lil-) when at
least two remain, then the suffixes ها ان ات ون ين يه ه ي (each at most once, in that order) while at least
three letters remain. Broken plurals (معارك / معركة) and root extraction are out of scope: light stemming
conflates the forms a reader expects (clitics, sound plurals, the feminine ending) without the false matches of
root stemming.
"""

from __future__ import annotations

import functools
import re

STEMMER_VERSION = "1"  # bump when stems change: project indexes are then rebuilt

_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDING = frozenset("cdeghkmnrt")
_EXCEPTIONS = {
    "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl", "gently": "gentl",
    "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
    "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias",
    "andes": "andes",
}
_AFTER_1A = frozenset(("inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"))
_STEP2 = (
    ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
    ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
    ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
    ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
    ("ogi", "og"), ("li", ""),
)
_STEP3 = (("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
          ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""))
_STEP4 = ("ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
          "ion", "al", "er", "ic")
_ENGLISH = re.compile(r"[a-z]+")


def _is_vowel(word: str, i: int) -> bool:
    return word[i] in _VOWELS


def _regions(word: str) -> tuple[int, int]:
    """R1 and R2 (start positions; ``len(word)`` when empty)."""
    def after_vc(start: int) -> int:
        for i in range(start + 1, len(word)):
            if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
                return i + 1
        return len(word)

    for prefix in ("gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ"):
        if word.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = after_vc(0)
    r2 = after_vc(r1) if r1 < len(word) else len(word)
    return r1, r2


def _short_syllable_end(word: str) -> bool:
    """The word ends in a short syllable."""
    n = len(word)
    if n == 2:
        return word[0] in _VOWELS and word[1] not in _VOWELS
    if n >= 3:
        return (word[-3] not in _VOWELS and word[-2] in _VOWELS and word[-1] not in _VOWELS
                and word[-1] not in "wxY")
    return False


def _is_short(word: str, r1: int) -> bool:
    return r1 >= len(word) and _short_syllable_end(word)


def _english(word: str) -> str:
    if len(word) <= 2:
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    # y at the start or after a vowel is a consonant (Y)
    chars = list(word)
    for i, c in enumerate(chars):
        if c == "y" and (i == 0 or chars[i - 1] in _VOWELS):
            chars[i] = "Y"
    w = "".join(chars)
    r1, r2 = _regions(w)

    # step 1a
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ied", "ies")):
        w = w[:-2] if len(w) > 4 else w[:-1]
    elif w.endswith(("us", "ss")):
        pass
    elif w.endswith("s") and any(c in _VOWELS for c in w[:-2]):
        w = w[:-1]
    if w in _AFTER_1A:
        return w

    # step 1b
    for suffix in ("eedly", "ingly", "edly", "eed", "ing", "ed"):
        if not w.endswith(suffix):
            continue
        if suffix in ("eed", "eedly"):
            if len(w) - len(suffix) >= r1:
                w = w[: -len(suffix)] + "ee"
        else:
            stem = w[: -len(suffix)]
            if any(c in _VOWELS for c in stem):
                w = stem
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif w.endswith(_DOUBLES):
                    w = w[:-1]
                elif _is_short(w, r1):
                    w += "e"
        break

    # step 1c
    if len(w) > 2 and w[-1] in "yY" and w[-2] not in _VOWELS:
        w = w[:-1] + "i"

    # step 2
    for suffix, repl in _STEP2:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r1:
                if suffix == "ogi":
                    if w[-4:-3] == "l":
                        w = w[:-3] + repl
                elif suffix == "li":
                    if w[-3:-2] and w[-3] in _LI_ENDING:
                        w = w[:-2]
                else:
                    w = w[: -len(suffix)] + repl
            break

    # step 3
    for suffix, repl in _STEP3:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r1:
                if suffix == "ative":
                    if len(w) - len(suffix) >= r2:
                        w = w[: -len(suffix)]
                else:
                    w = w[: -len(suffix)] + repl
            break

    # step 4
    for suffix in _STEP4:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r2:
                if suffix == "ion":
                    if w[-4:-3] in ("s", "t") and w[-4:-3]:
                        w = w[:-3]
                else:
                    w = w[: -len(suffix)]
            break

    # step 5
    if w.endswith("e"):
        if len(w) - 1 >= r2 or (len(w) - 1 >= r1 and not _short_syllable_end(w[:-1])):
            w = w[:-1]
    elif w.endswith("l") and len(w) - 1 >= r2 and w[-2:-1] == "l":
        w = w[:-1]
    return w.replace("Y", "y")


_AR_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def _arabic(word: str) -> str:
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for article in _AR_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The stem of one folded token (the token itself when no rule applies)."""
    if _ENGLISH.fullmatch(token):
        return _english(token)
    if _ARABIC_WORD.fullmatch(token):
        return _arabic(token)
    return token
