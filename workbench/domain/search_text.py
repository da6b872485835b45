"""Text normalisation, tokens, queries and matches for search. Pure Python: no Qt, no SQL.

Matching is case- and diacritic-insensitive, and Arabic spelling variation is folded:
alef forms (أ إ آ ٱ → ا), taa marbuta (ة → ه), alef maqsura (ى → ي), hamza carriers (ؤ → و, ئ → ي),
Persian kaf/yeh, Arabic-Indic digits; tatweel (ـ) and harakat (U+064B–U+065F, U+0670) are removed.
Stored text never changes: ``NormalisedText`` keeps the folded copy plus a sparse map from each
folded position back to the code point of the original it came from, so a match found in the folded
copy lands on exact offsets in the canonical text.

The search index stores ``normalise(text)`` and a query is normalised the same way, so SQLite's
tokenizer (``unicode61 remove_diacritics 2``) sees the same tokens as ``tokens()`` here: runs of
letters and digits (``[^\\W_]+``).

Stemming (issue 12): ``parse_query(text, stem=True)`` marks each word typed on its own (not "quoted", not a
``prefix*``) to be matched by its stem (``domain.stemming``: English Porter2, Arabic light stemming), and
``to_match`` looks it up in the index's stem columns too; phrases, quoted words, prefixes and the spellings
of a name stay exact. ``find_matches`` locates a stemmed word in the text by the stem of each token.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.domain import stemming

NORMALISER_VERSION = "1"  # bump when folding changes: project indexes are then rebuilt

_ARABIC = {
    "\u0671": "\u0627",  # alef wasla → alef (أ إ آ lose their hamza/madda by decomposition)
    "\u0629": "\u0647",  # taa marbuta → haa
    "\u0649": "\u064a",  # alef maqsura → yaa
    "\u06cc": "\u064a",  # Persian yeh → yaa
    "\u06a9": "\u0643",  # keheh → kaf
    "\u0640": "",  # tatweel
}
_ARABIC.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_ARABIC.update({chr(0x06F0 + d): str(d) for d in range(10)})  # extended Arabic-Indic digits


def fold_char(ch: str) -> str:
    """The folded form of one character (possibly empty or several characters)."""
    if ch in _ARABIC:
        return _ARABIC[ch]
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    out = kept.casefold()
    return "".join(_ARABIC.get(c, c) for c in out)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first use of each character."""

    def __missing__(self, key: int) -> str:
        value = fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def normalise(text: str) -> str:
    """The folded copy of ``text`` (what the index stores and queries are made of)."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


class NormalisedText:
    """A text's folded copy with a map from folded positions back to original code points.

    Only characters whose folded form is not exactly one character are recorded
    (combining marks, harakat, tatweel, ligatures…), so the map is small and each
    lookup is a bisect.
    """

    __slots__ = ("_norm_starts", "_orig", "_widths", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = normalise(original)
        self._norm_starts: list[int] = []  # folded position where each odd character's output starts
        self._orig: list[int] = []  # its original position
        self._widths: list[int] = []  # the length of its output
        if len(self.text) == len(original) and original.isascii():
            return
        shift = 0
        for m in _NON_ASCII.finditer(original):
            pos = m.start()
            width = len(_TABLE[ord(original[pos])])
            if width != 1:
                self._norm_starts.append(pos + shift)
                self._orig.append(pos)
                self._widths.append(width)
                shift += width - 1

    def to_original(self, i: int) -> int:
        """The original code point that folded position ``i`` came from (``len(text)`` → ``len(original)``)."""
        k = bisect_right(self._norm_starts, i) - 1  # removed characters at i come before it
        if k < 0:
            return i
        start, orig, width = self._norm_starts[k], self._orig[k], self._widths[k]
        if i < start + width:
            return orig
        return orig + 1 + (i - start - width)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original range of folded range [a, b)."""
        if b <= a:
            s = self.to_original(a)
            return s, s
        end = self.to_original(b - 1) + 1
        orig = self.original
        while end < len(orig) and not orig[end].isascii() and unicodedata.category(orig[end]) == "Mn":
            end += 1  # keep a letter's combining marks (harakat, accents) with it
        return self.to_original(a), end


_TOKEN = re.compile(r"[^\W_]+")


def tokens(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of each token of a folded text."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm)]


def word_list(text: str) -> list[str]:
    """The whitespace-separated words of a literal (long word lists stay readable in the source)."""
    return text.split()


def token_words(text: str) -> list[str]:
    """The folded tokens of any text."""
    return _TOKEN.findall(normalise(text))


# ----- queries ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Variant:
    """One way to match: a token sequence (a phrase when several), as the user or the alias list wrote it."""

    words: tuple[str, ...]
    label: str
    prefix: bool = False
    stemmed: bool = False  # one word matched by its stem (``parse_query(stem=True)``): "clashes" also finds "clashed"


@dataclass(frozen=True, slots=True)
class Clause:
    """Alternatives that satisfy one part of the query (OR), negated or not.

    ``entity`` names the alias list the alternatives came from ("" for the user's own words).
    """

    variants: tuple[Variant, ...]
    negated: bool = False
    entity: str = ""


@dataclass(frozen=True, slots=True)
class Query:
    clauses: tuple[Clause, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    def __bool__(self) -> bool:
        return bool(self.positive)


_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str, stem: bool = False) -> Query:
    """Parse what the user typed: words (all must match), "a phrase", ``a OR b``, ``-word``, ``prefix*``.

    With ``stem``, each word typed on its own (not quoted, not a prefix, one token) is marked to be matched by its
    stem ("clashes" also finds "clashed"); "quoted" words and phrases stay exact."""
    clauses: list[Clause] = []
    join_next = False
    for m in _QUERY_PART.finditer(text):
        if m.group(3) == "OR" and clauses:
            join_next = True
            continue
        if m.group(2) is not None:
            negated, raw, prefix = bool(m.group(1)), m.group(2), False
        else:
            raw = m.group(3)
            negated = raw.startswith("-") and len(raw) > 1
            raw = raw[1:] if negated else raw
            prefix = raw.endswith("*")
        words = tuple(token_words(raw))
        if not words:
            continue
        bare = stem and m.group(2) is None and not prefix and len(words) == 1
        variant = Variant(words, raw.rstrip("*").strip(), prefix and len(words) == 1, bare)
        if join_next and not negated and not clauses[-1].negated:
            last = clauses.pop()
            clauses.append(Clause((*last.variants, variant)))
        else:
            clauses.append(Clause((variant,), negated))
        join_next = False
    return Query(tuple(clauses))


@dataclass(frozen=True, slots=True)
class AliasGroup:
    """An entity's name and aliases (each as folded words)."""

    name: str
    labels: tuple[str, ...]

    def variants(self) -> tuple[Variant, ...]:
        seen: dict[tuple[str, ...], Variant] = {}
        for label in (self.name, *self.labels):
            words = tuple(token_words(label))
            if words and words not in seen:
                seen[words] = Variant(words, label)
        return tuple(seen.values())


@dataclass
class AliasIndex:
    """Finds alias lists in queries: folded word sequence → the groups it names."""

    groups: list[AliasGroup] = field(default_factory=list)
    _by_words: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    longest: int = 0

    def add(self, group: AliasGroup) -> None:
        self.groups.append(group)
        for v in group.variants():
            self._by_words.setdefault(v.words, []).append(len(self.groups) - 1)
            self.longest = max(self.longest, len(v.words))

    def lookup(self, words: tuple[str, ...]) -> list[AliasGroup]:
        return [self.groups[i] for i in self._by_words.get(words, ())]


def expand(query: Query, aliases: AliasIndex) -> Query:
    """Replace names in the query by all their variants (longest name first)."""
    out: list[Clause] = []
    clauses = list(query.clauses)
    i = 0
    while i < len(clauses):
        clause = clauses[i]
        done = False
        if aliases.longest and not clause.negated and len(clause.variants) == 1 and not clause.variants[0].prefix:
            # greedy: the longest run of plain words (or one quoted phrase) that names an entity
            for n in range(min(aliases.longest, len(clauses) - i), 0, -1):
                run = clauses[i:i + n]
                if any(c.negated or len(c.variants) != 1 or c.variants[0].prefix for c in run):
                    continue
                words = tuple(w for c in run for w in c.variants[0].words)
                groups = aliases.lookup(words)
                if groups:
                    variants: dict[tuple[str, ...], Variant] = {}
                    for g in groups:
                        for v in g.variants():
                            variants.setdefault(v.words, v)
                    out.append(Clause(tuple(variants.values()), False, groups[0].name))
                    i += n
                    done = True
                    break
        if not done:
            out.append(clause)
            i += 1
    return Query(tuple(out))


def _fts_variant(v: Variant) -> str:
    phrase = '"' + " ".join(v.words) + '"'
    return phrase + "*" if v.prefix else phrase


def _fts_clause(c: Clause) -> str:
    parts = [_fts_variant(v) for v in c.variants]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def to_fts(query: Query) -> str:
    """The FTS5 MATCH expression of a query (every token quoted: nothing the user types is syntax)."""
    pos = " AND ".join(_fts_clause(c) for c in query.clauses if not c.negated)
    neg = [_fts_clause(c) for c in query.clauses if c.negated]
    if not pos:
        return ""
    return f"({pos})" + (f" NOT ({' OR '.join(neg)})" if neg else "")


def to_match(query: Query, exact: str = "{title body aside}",
             stemmed: str = "{title body aside stitle sbody saside}") -> str:
    """The FTS5 MATCH expression of a query against the search index: each exact variant restricted to the
    ``exact`` columns, each stemmed word to the ``stemmed`` ones (by its stem: the word itself where it is its
    own stem, the stem columns where it is not)."""
    def variant(v: Variant) -> str:
        if v.stemmed:
            return f'{stemmed} : "{stemming.stem(v.words[0])}"'
        return f"{exact} : {_fts_variant(v)}"

    def clause(c: Clause) -> str:
        parts = [variant(v) for v in c.variants]
        return "(" + " OR ".join(parts) + ")"

    pos = " AND ".join(clause(c) for c in query.clauses if not c.negated)
    neg = [clause(c) for c in query.clauses if c.negated]
    if not pos:
        return ""
    return f"({pos})" + (f" NOT ({' OR '.join(neg)})" if neg else "")


def any_of(query: Query) -> str:
    """An FTS5 expression matching any positive clause."""
    return " OR ".join(_fts_clause(c) for c in query.positive)


def any_two(query: Query) -> str:
    """An FTS5 expression matching texts that hold at least two of the positive clauses (one if only one)."""
    parts = [_fts_clause(c) for c in query.positive]
    if len(parts) < 2:
        return " OR ".join(parts)
    return " OR ".join(f"({a} AND {b})" for i, a in enumerate(parts) for b in parts[i + 1:])


# ----- matches and snippets -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    start: int  # original code points
    end: int
    clause: int
    variant: int


@functools.lru_cache(maxsize=512)
def _query_pattern(clauses: tuple[tuple[int, tuple[tuple[tuple[str, ...], bool], ...]], ...]) -> re.Pattern[str]:
    """Every exact variant of several clauses in one pattern (one pass over a text), longest first so that where
    two start at the same place the longer one is found (as a search for each would); group ``v<i>`` (one clause)
    or ``c<clause>v<i>`` tells which matched."""
    one = len(clauses) == 1
    alternatives = []
    for ci, variants in clauses:
        for i, (words, prefix) in enumerate(variants):
            body = r"[\W_]+".join(re.escape(w) for w in words)
            name = f"v{i}" if one else f"c{ci}v{i}"
            alternatives.append((-sum(map(len, words)), ci, i, f"(?P<{name}>{body}{r'[^\W_]*' if prefix else ''})"))
    alternatives.sort(key=lambda a: a[:3])
    return re.compile(r"(?<![^\W_])(?:" + "|".join(a[3] for a in alternatives) + r")(?![^\W_])")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What ``find_matches`` needs of a query, made once per query (related passages match one query against
    ~150 chunks)."""

    pattern: re.Pattern[str] | None  # every exact variant of every positive clause
    single: int  # the clause when only one has exact variants, else -1
    positions: dict[tuple[int, int], int]  # (clause, index among its exact variants) → variant index
    by_root: dict[str, list[tuple[int, int]]]  # a stem (or word) → the (clause, variant) pairs it stands for


@functools.lru_cache(maxsize=64)
def _prepare(query: Query) -> _Prepared:
    by_root: dict[str, list[tuple[int, int]]] = {}
    exact: list[tuple[int, tuple[tuple[tuple[str, ...], bool], ...]]] = []
    positions: dict[tuple[int, int], int] = {}
    for ci, clause in enumerate(query.clauses):
        if clause.negated:
            continue
        own = [i for i, v in enumerate(clause.variants) if not v.stemmed]
        if own:
            exact.append((ci, tuple((clause.variants[i].words, clause.variants[i].prefix) for i in own)))
            positions.update(((ci, k), i) for k, i in enumerate(own))
        for root, vi in _stems(clause).items():
            by_root.setdefault(root, []).append((ci, vi))
    pattern = _query_pattern(tuple(exact)) if exact else None
    single = exact[0][0] if len(exact) == 1 else -1
    return _Prepared(pattern, single, positions, by_root)


def matcher(query: Query) -> Callable[[NormalisedText], list[Match]]:
    """``find_matches`` for one query and many texts: the query is prepared (and hashed) once."""
    return functools.partial(_find, _prepare(query))


def find_matches(nt: NormalisedText, query: Query) -> list[Match]:
    """Every occurrence of each positive clause's variants in a text, by original offsets."""
    return _find(_prepare(query), nt)


def _find(prepared: _Prepared, nt: NormalisedText) -> list[Match]:
    out: list[Match] = []
    by_root, positions, single = prepared.by_root, prepared.positions, prepared.single
    if prepared.pattern is not None:
        for found in prepared.pattern.finditer(nt.text):
            a, b = nt.span(found.start(), found.end())
            group = str(found.lastgroup)
            if single >= 0:
                ci, k = single, int(group[1:])
            else:
                c, _sep, v = group[1:].partition("v")
                ci, k = int(c), int(v)
            out.append(Match(a, b, ci, positions[(ci, k)]))
    if by_root:  # every stemmed clause in one pass over the tokens
        stem = stemming.stem
        for a, b, token in tokens(nt.text):
            pairs = by_root.get(token)
            root = stem(token)
            if root != token and root in by_root:  # a clause found by the word itself keeps that match
                own_clauses = {ci for ci, _vi in pairs or ()}
                pairs = [*(pairs or ()), *(x for x in by_root[root] if x[0] not in own_clauses)]
            if pairs:
                span = nt.span(a, b)
                out += [Match(*span, ci, vi) for ci, vi in pairs]
    out.sort(key=lambda m: (m.start, -m.end, m.clause))
    kept: list[Match] = []
    for m in out:  # drop matches inside an earlier, longer one
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _stems(clause: Clause) -> dict[str, int]:
    """stem → the index of the stemmed variant it stands for."""
    return {stemming.stem(v.words[0]): i for i, v in reversed(list(enumerate(clause.variants))) if v.stemmed}


def snippet(text: str, matches: list[Match], width: int = 180, before: int = 60) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt around the first match, and the ranges of the matches inside it."""
    if not matches:
        s = " ".join(text[:width].split())
        return (s + "…" if len(text) > width else s), []
    first = matches[0].start
    a = max(0, first - before)
    if a > 0:
        space = text.rfind(" ", max(0, a - 20), first)
        a = space + 1 if space >= 0 else a
    b = min(len(text), a + width)
    if b < len(text):
        space = text.find(" ", b, b + 20)
        b = space if space >= 0 else b
    out: list[str] = ["…"] if a > 0 else []
    marks: list[tuple[int, int]] = []
    pos = a
    length = 1 if a > 0 else 0
    for m in matches:
        if m.start < pos or m.end > b:
            continue
        chunk = _flat(text[pos:m.start])
        out.append(chunk)
        length += len(chunk)
        hit = _flat(text[m.start:m.end])
        if marks and marks[-1][1] == length - len(chunk) and len(chunk) <= 3 and not chunk.strip(" -–'’"):
            marks[-1] = (marks[-1][0], length + len(hit))  # "Qasr al-Hayr" is one mark, not three
        else:
            marks.append((length, length + len(hit)))
        out.append(hit)
        length += len(hit)
        pos = m.end
    out.append(_flat(text[pos:b]))
    if b < len(text):
        out.append("…")
    return "".join(out), marks


def _flat(s: str) -> str:
    return s.replace("\n", " ").replace("\t", " ")


def marked(snippet_text: str, marks: list[tuple[int, int]], left: str = "**", right: str = "**") -> str:
    """The snippet with each match wrapped in ``left``/``right``."""
    out, pos = [], 0
    for a, b in marks:
        out += [snippet_text[pos:a], left, snippet_text[a:b], right]
        pos = b
    out.append(snippet_text[pos:])
    return "".join(out)


def find_in_text(nt: NormalisedText, needle: str) -> list[tuple[int, int]]:
    """Original ranges of every occurrence of ``needle`` (folded substring search, no overlaps)."""
    key = normalise(needle).strip()
    if not key:
        return []
    out: list[tuple[int, int]] = []
    i = nt.text.find(key)
    while i != -1:
        out.append(nt.span(i, i + len(key)))
        i = nt.text.find(key, i + len(key))
    return out
