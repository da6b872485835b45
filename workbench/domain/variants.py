"""Spelling variants of names: capitalised names in a text, and fuzzy matching between them. Pure Python.

Transliteration from Arabic spells one village or group several ways (Khasham / Khusham / Ksham, Mayadin /
Mayadeen, Tal Sarmin / Tell Sarmeen). Two names are suggested as variants when their folded forms, or their
"skeletons" (vowel digraphs and doubled letters reduced, q → k, article dropped), are close by
``rapidfuzz``'s ratio. Names that merely extend another (Syria / Syrian) are not variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.domain.search_text import normalise, word_list

THRESHOLD = 80.0  # an entity's suggested variants
GROUP_THRESHOLD = 85.0  # pairs of corpus names suggested as one entity
_PARTICLES = {"al", "el", "ad", "ed", "ez", "az", "as", "ash", "at", "an", "ar", "bin", "ibn", "abu", "bani", "umm",
              "abou", "ben", "de", "di", "la"}
_STOP = frozenset(word_list(
    "the a an and or but in on at of to for from by with without about after before during since until "
    "however moreover meanwhile furthermore although though while when where if as so yet also then this "
    "that these those there here it its he she they we you i my our your their his her them us me one two "
    "three some many monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december click support donate share comments "
    "comment reply update updated photo video read more newest oldest most voted inline feedbacks view "
    "all notify would love thoughts please according local sources reports report said says army forces "
    "state news agency president ministry"))


_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP = rf"[{_UPPER}][\w’']*(?:-[\w’']+)*"  # Khasham, Al-Khabil, SAA
_ARTICLED = rf"(?:al|el|ad|ed|ez|az|as|ash|at|an|ar)-[{_UPPER}][\w’']*(?:-[\w’']+)*"  # al-Mayadin, ez-Zor
_PARTICLE_RE = "(?:" + "|".join(sorted(_PARTICLES, key=len, reverse=True)) + ")"
_RUN = re.compile(rf"(?<![\w’'-])(?:{_CAP}|{_ARTICLED})(?:[ -](?:{_CAP}|{_ARTICLED}|{_PARTICLE_RE}(?=[ -])))*")


def extract_names(text: str, max_words: int = 4) -> set[str]:
    """Capitalised names in a text (one to ``max_words`` words; particles like al-, Abu, bin allowed).

    A single capitalised word at the start of a sentence or line is not taken as a name ("Asked by…").
    """
    out: set[str] = set()
    for m in _RUN.finditer(text):
        words = [w.strip("’'-") for w in re.split(r"[ ]", m.group())]
        before = text[max(0, m.start() - 3):m.start()].rstrip(" “\"‘'(")
        initial = not before or before[-1:] in ".!?:\n…"
        for k in range(0, len(words), max_words):
            _flush([w for w in words[k:k + max_words] if w], out, initial and k == 0)
    return out


def _flush(run: list[str], out: set[str], initial: bool) -> None:
    while run and (run[-1].casefold() in _PARTICLES or run[-1].casefold() in _STOP):
        run.pop()
    dropped = False
    while run and run[0].casefold() in _STOP:
        run.pop(0)
        dropped = True
    if not run or (initial and not dropped and len(run) == 1 and not run[0].isupper()):
        return
    name = " ".join(run)
    if (len(name) >= 4 and not name.isupper()) or (len(name) >= 3 and name.isupper()):
        out.add(name)
    if len(run) > 1:  # each word of a longer name may also be spelled on its own ("Sarmeen")
        for w in run:
            if len(w) >= 4 and w.casefold() not in _STOP and w.casefold() not in _PARTICLES:
                out.add(w)


def name_key(name: str) -> str:
    """The folded form of a name: lower case, no diacritics, hyphens as spaces."""
    return " ".join(re.split(r"[\s\-’']+", normalise(name))).strip()


_SKELETON_RULES = (
    (re.compile(r"^(?:al|el|ad|ed|ez|az|as|an|ar|at) "), ""),
    (re.compile(r" (?:al|el|ad|ed|ez|az|as|an|ar|at) "), " "),
    (re.compile(r"ee|ie|ea|iy|yi"), "i"),
    (re.compile(r"oo|ou|ow|uw"), "u"),
    (re.compile(r"q"), "k"),
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile(r"e"), "a"),
)


def skeleton(key: str) -> str:
    """A rough transliteration-neutral form: "tell sarmeen" → "tal sarmin"."""
    s = key
    for pattern, repl in _SKELETON_RULES:
        s = pattern.sub(repl, s)
    return s.strip()


def _extends(a: str, b: str) -> bool:
    """Whether one name is the other plus an ending (Syria / Syrian, Russia / Russians)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in {"n", "an", "ian", "s", "es", "ns", "ians", "i", "is"}


def similarity(a: str, b: str) -> float:
    """0–100: how likely two name keys spell the same name."""
    if a == b:
        return 100.0
    if _extends(a, b) or min(len(a), len(b)) < 4:
        return 0.0
    if len(a.split()) != len(b.split()) and not (a.startswith(("al ", "el ")) or b.startswith(("al ", "el "))):
        return 0.0
    from rapidfuzz import fuzz  # loaded on first use: indexing a text needs only extract_names and name_key

    return max(fuzz.ratio(a, b), fuzz.ratio(skeleton(a), skeleton(b)))


@dataclass(frozen=True, slots=True)
class VariantSuggestion:
    """A name in the corpus that looks like a spelling of ``of`` (an entity or another name)."""

    of: str
    variant: str
    score: float
    documents: int
    entity_id: str = ""


def suggest_variants(known: Iterable[str], candidates: dict[str, tuple[str, int]], rejected: set[str],
                     *, of: str = "", entity_id: str = "", limit: int = 12) -> list[VariantSuggestion]:
    """Names from ``candidates`` (key → (display name, documents)) close to any ``known`` spelling.

    ``rejected`` holds keys the user has turned down for this entity.
    """
    from rapidfuzz import process

    known_keys = {name_key(k) for k in known if k.strip()}
    keys = list(candidates)
    best: dict[str, float] = {}
    for k in known_keys:
        for _choice, score, idx in process.extract(k, keys, scorer=_scorer, score_cutoff=THRESHOLD, limit=50):
            key = keys[idx]
            if key in known_keys or key in rejected:
                continue
            best[key] = max(best.get(key, 0.0), float(score))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], -candidates[kv[0]][1], kv[0]))[:limit]
    return [VariantSuggestion(of, candidates[k][0], round(s, 1), candidates[k][1], entity_id) for k, s in ranked]


def _scorer(a: str, b: str, **_kwargs: object) -> float:
    return similarity(a, b)


def _trivial(a: str, b: str) -> bool:
    """Pairs a search already treats as one: they differ by the article only, or one is a word of the other."""
    strip = re.compile(r"^(?:al|el) ")
    return strip.sub("", a) == strip.sub("", b) or a in b.split() or b in a.split()


def variant_groups(candidates: dict[str, tuple[str, int]], rejected: set[tuple[str, str]], *,
                   skip: frozenset[str] | set[str] = frozenset(), limit: int = 20,
                   max_names: int = 2000) -> list[VariantSuggestion]:
    """Pairs of corpus names that look like spellings of each other (the more frequent one first)."""
    from rapidfuzz import fuzz, process

    keys = sorted((k for k in candidates if k not in skip), key=lambda k: (-candidates[k][1], k))[:max_names]
    blocks: dict[str, list[str]] = {}
    for k in keys:  # only names with the same first sound are compared
        blocks.setdefault(skeleton(k)[:1], []).append(k)
    pairs: list[VariantSuggestion] = []
    for block in blocks.values():
        skeletons = [skeleton(k) for k in block]
        for i, a in enumerate(block):
            rest = skeletons[i + 1:]
            for _choice, _score, j in process.extract(skeletons[i], rest, scorer=fuzz.ratio,
                                                      score_cutoff=GROUP_THRESHOLD, limit=None):
                b = block[i + 1 + j]
                score = similarity(a, b)
                if score < GROUP_THRESHOLD or (min(a, b), max(a, b)) in rejected or _trivial(a, b):
                    continue
                first, second = (a, b) if candidates[a][1] >= candidates[b][1] else (b, a)
                pairs.append(VariantSuggestion(candidates[first][0], candidates[second][0], round(score, 1),
                                               candidates[second][1]))
    pairs.sort(key=lambda p: (-p.score, -p.documents, p.of))
    return pairs[:limit]
