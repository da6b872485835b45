"""Find where a reader comment thread starts, from evidence gathered over the lines after a candidate.

Every non-blank line becomes a ``Cue``: boilerplate or not, comment-section
marker (strong such as "Notify of", weak such as "Comments" or "941 comments"),
commenter header (strong: "Name says:", "Name • 3 hours ago"; bullet: "• Name";
plain: a short name-like line), thread chrome ("Reply", votes, time stamps,
avatars) or paragraph (chatty or not, formal when long and not chatty).

The cues are grouped into *units*: a header block (consecutive non-paragraph
lines holding a commenter header) and the paragraphs after it. A unit is

* *strong* when its header is strong or it carries chrome;
* *good* (reads like a comment) when strong, or when its name is fresh — its
  words appear neither in the text above it nor in its own paragraphs, which is
  how subheadings such as "Ahmad al-Khabil" or "Kritik aus Berlin" give
  themselves away — and a paragraph is chatty (under a "• Name" bullet, short
  paragraphs are enough);
* *bad* (reads like article) when not strong and either its name is not fresh
  and nothing is chatty, or its paragraphs hold 400+ formal characters; also
  when its header is strong but two or more long formal paragraphs and nothing
  chatty follow it (a byline and a date over an article look like "Name" and a
  time stamp).

A candidate start is accepted on the evidence of the next ``WINDOW_UNITS``
units (prefix sums make each check O(1), so the whole pass is linear):

* a commenter header: at least 200 characters of article above it, a finished
  sentence before it (plain names), its own unit good, then strong units >= 2
  or good units >= 3, bad units <= good / 3, and (unless strong >= 2) at least
  30% chatty paragraphs;
* a marker needs a paragraph of 60+ characters above it besides the first
  line (a headline alone is not an article) and some evidence after it: a good
  unit, a chatty paragraph, nothing but chrome and boilerplate, or two *short*
  units (a fresh name over at most 300 characters, the shape of "Abu Yazan" +
  one line of comment) with no more plain paragraph text after the marker than
  article text above it (so that most of an article never follows a marker);
* a strong marker: what follows before the first unit is not an article
  (formal characters <= max(600, the text above)), bad units <= good units,
  and the evidence above or at most as much plain (not chatty) paragraph text
  after it as above it;
* a weak marker: the paragraphs before the first unit short or chatty (formal
  characters <= 400, half of them chatty), bad units <= good / 3, evidence.

So "941 comments" under a headline is rejected (an article follows it), as is a
"Comments" section heading in a government notice (formal paragraphs follow),
and article text is never relabelled as comments on a name-like line alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from workbench.importers.boilerplate import looks_like_handle
from workbench.importers.seg_patterns import DATE, HAS_DIGIT_RE, QUOTED_RE, RELATIVE_TIME, TIME

HEAD_NONE, HEAD_NAME, HEAD_BULLET, HEAD_STRONG = 0, 1, 2, 3
WINDOW_UNITS = 30
MIN_BODY_CHARS = 200
LEAD_CHARS = 60
FORMAL_CHARS = 160
BAD_UNIT_FORMAL_CHARS = 400
SHORT_UNIT_CHARS = 300
SENTENCE_END = tuple(".!?…\"”’')]»:")

_SAYS_RE = re.compile(
    rf"(?P<name>.{{1,60}}?)(?:\s+(?:on\s+)?{DATE}(?:\s*(?:,|at|um|à)?\s*{TIME})?)?\s+"
    r"(?:says|said|wrote|writes|schreibt|écrit|a\s+écrit|dice|sagt|commented|replied)\s*(?::|\.{3}|…)"
    r"|(?:beitrag|kommentar|post|comment|message)\s+(?:von|by|de|from)\s+(?P<author>.{1,60})",
)
_NAMEDATE_RE = re.compile(
    rf"(?P<name>[^\W\d_@][^•·|]{{0,70}}?|@\S.{{0,60}}?)\s*(?:[•·|,–—-]\s*|\s+)"
    rf"(?:{RELATIVE_TIME}|(?:on\s+)?{DATE}(?:\s*(?:,|at|um|à)?\s*{TIME})?)",
)
_SIGNATURE_RE = re.compile(
    r"(?P<name>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2}),\s+[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2}"
)
_BULLET_RE = re.compile(r"[•·▪‣●◦*-]\s*(?P<name>\S.*)")
_CHATTY_WORDS = frozenset(
    """
    i i'm i’m i'll i’ll i'd i’d i've i’ve me my mine myself you your you're you’re ya u ur lol lmao rofl imo imho
    idk btw omg wtf xd ich mir mich mein meine meiner meinen du dich dir je moi vous tu yo أنا انا أنت انت الله
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_TOKEN_RE = re.compile(r"[\w'’]+")
_EMOTICON_RE = re.compile(r"[:;]-?[)(DP]")
_SAYS_WORDS = ("says", "said", "wrote", "writes", "schreibt", "écrit", "dice", "sagt", "commented", "replied",
               "beitrag", "kommentar", "post ", "comment ", "message")  # fmt: skip
_TIME_WORDS = ("ago", "yesterday", "just now", "vor ", "il y a", "hace", "منذ")
_WORD_RE = re.compile(r"\w{3,}")
_MAX_WORDS_CHARS = 3000


@dataclass(slots=True)
class Cue:
    """What one non-blank line tells about a comment thread."""

    line: int
    norm: str
    boiler: bool
    marker: int = 0
    head: int = HEAD_NONE
    chrome: bool = False
    para: bool = False
    chatty: bool = False
    formal: int = 0  # characters of a long non-chatty paragraph
    chars: int = 0

    def at(self, line: int) -> Cue:
        """The same cue for another line with the same text."""
        return Cue(line, self.norm, self.boiler, self.marker, self.head, self.chrome, self.para, self.chatty,
                   self.formal, self.chars)  # fmt: skip


@dataclass(slots=True)
class _Unit:
    start: int  # cue position of its header block
    head: int  # cue position of the last commenter header in the block
    end: int = 0
    strength: int = HEAD_NONE
    good: bool = False
    bad: bool = False
    strong: bool = False
    short: bool = False
    name_words: list[str] = field(default_factory=list)


def head_kind(norm: str) -> tuple[int, str]:
    """Return (header strength, name) for a commenter header line, or (HEAD_NONE, "")."""
    if len(norm) > 120:
        return HEAD_NONE, ""
    lower = norm.lower()
    match = None
    if any(w in lower for w in _SAYS_WORDS):
        match = _SAYS_RE.fullmatch(lower)
    if not match and (HAS_DIGIT_RE.search(norm) or any(w in lower for w in _TIME_WORDS)):
        match = _NAMEDATE_RE.fullmatch(lower)
    name = match and (match.group("name") or match.groupdict().get("author"))
    if name and _name_ok(name, words=8):
        return HEAD_STRONG, name
    match = _BULLET_RE.fullmatch(norm)
    if match and looks_like_handle(match.group("name").strip()):
        return HEAD_BULLET, match.group("name")
    if looks_like_handle(norm):
        return HEAD_NAME, norm
    match = _SIGNATURE_RE.fullmatch(norm)
    if match and looks_like_handle(match.group("name")):
        return HEAD_NAME, match.group("name")  # "Layla, Beirut" under a reader's comment
    return HEAD_NONE, ""


def _name_ok(name: str, words: int) -> bool:
    parts = name.replace("@", " ").split()
    return 0 < len(parts) <= words and all(looks_like_handle(p) or len(p) <= 2 for p in parts)


def is_chatty(norm: str) -> bool:
    """First or second person, "lol", a question or exclamation outside quotes, a lowercase or @ start."""
    if not norm:
        return False
    if norm[0].islower() or norm[0] == "@":
        return True
    text = norm[:2000]
    if not _has_chatty(text):
        return False
    return _has_chatty(QUOTED_RE.sub(" ", text))  # quoted speech is the article's, not the commenter's


def _has_chatty(text: str) -> bool:
    if "?" in text or "!" in text or "؟" in text:
        return True
    if (":" in text or ";" in text) and _EMOTICON_RE.search(text):
        return True
    return not _CHATTY_WORDS.isdisjoint(_TOKEN_RE.findall(text.lower()))


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text[:_MAX_WORDS_CHARS].lower())


def _build_units(cues: list[Cue]) -> list[_Unit]:
    units: list[_Unit] = []
    block_start: int | None = None
    for pos, cue in enumerate(cues):
        if cue.para:
            block_start = None
            continue
        if block_start is None:
            block_start = pos
        if cue.head:
            if units and units[-1].start == block_start:
                units[-1].head = pos
                units[-1].strength = max(units[-1].strength, cue.head)
            else:
                units.append(_Unit(block_start, pos, strength=cue.head))
    for unit, after in pairwise(units):
        unit.end = after.start
    if units:
        units[-1].end = len(cues)
    return units


def _classify(cues: list[Cue], units: list[_Unit]) -> None:
    """Judge every unit; word sets are built only for paragraphs above the last header or inside a unit."""
    if not units:
        return
    seen: set[str] = set()
    para_words: dict[int, set[str]] = {}
    ui = 0
    for pos, cue in enumerate(cues[: units[-1].end]):
        while ui < len(units) and units[ui].head == pos:
            unit = units[ui]
            words = _words(head_kind(cue.norm)[1] or cue.norm)
            unit.name_words = [w for w in words if w not in seen]
            unit.good = len(unit.name_words) * 2 >= len(words) > 0  # fresh so far
            ui += 1
        if cue.para:
            para_words[pos] = set(_words(cue.norm))
            seen |= para_words[pos]
    for unit in units:
        paras = [pos for pos in range(unit.head + 1, unit.end) if cues[pos].para]
        own = [para_words[pos] for pos in paras[:20] if pos in para_words]
        fresh = unit.good and not any(w in words for words in own for w in unit.name_words)
        _judge(unit, [cues[pos] for pos in paras], cues[unit.start : unit.end], fresh)


def _judge(unit: _Unit, paras: list[Cue], block: list[Cue], fresh: bool) -> None:
    """Set a unit's strong / good / bad flags (see the module docstring)."""
    chatty = any(c.chatty for c in paras)
    formal = sum(c.formal for c in paras)
    unit.strong = unit.strength == HEAD_STRONG or any(c.chrome for c in block)
    if unit.strong and not chatty and sum(1 for c in paras if c.formal) >= 2:
        unit.strong, unit.good, unit.bad = False, False, True  # a byline and date over an article
        return
    short_bullet = unit.strength == HEAD_BULLET and paras and sum(c.chars for c in paras) <= 400
    unit.good = unit.strong or (fresh and bool(paras) and (chatty or bool(short_bullet)))
    unit.bad = not unit.strong and bool(paras) and ((not fresh and not chatty) or formal >= BAD_UNIT_FORMAL_CHARS)
    unit.short = fresh and bool(paras) and not unit.bad and sum(c.chars for c in paras) <= SHORT_UNIT_CHARS


class _Evidence:
    """Prefix sums over cues and units: any candidate's window is judged in O(1)."""

    def __init__(self, cues: list[Cue], units: list[_Unit]) -> None:
        self.cues, self.units = cues, units
        self.good = [0, *accumulate(int(u.good) for u in units)]
        self.strong = [0, *accumulate(int(u.strong) for u in units)]
        self.bad = [0, *accumulate(int(u.bad) for u in units)]
        self.short = [0, *accumulate(int(u.short) for u in units)]
        self.paras = [0, *accumulate(int(c.para) for c in cues)]
        self.chatty = [0, *accumulate(int(c.para and c.chatty) for c in cues)]
        self.formal = [0, *accumulate(c.formal for c in cues)]
        self.body = [0, *accumulate(c.chars if not c.boiler and (c.para or c.head) else 0 for c in cues)]
        self.plain = [0, *accumulate(c.chars if c.para and not c.chatty else 0 for c in cues)]
        first_text = next((pos for pos, c in enumerate(cues) if not c.boiler), 0)
        self.leads = [0, *accumulate(int(pos > first_text and c.para and c.chars >= LEAD_CHARS)
                                     for pos, c in enumerate(cues))]  # fmt: skip
        self.heads = [u.head for u in units]

    def _units(self, first: int) -> tuple[int, int, int, int, int]:
        """(good, strong, bad, short) units of the window starting at unit ``first``, and its end cue."""
        last = min(first + WINDOW_UNITS, len(self.units))
        if last <= first:
            return 0, 0, 0, 0, len(self.cues)
        good, strong = self.good[last] - self.good[first], self.strong[last] - self.strong[first]
        bad, short = self.bad[last] - self.bad[first], self.short[last] - self.short[first]
        return good, strong, bad, short, self.units[last - 1].end

    def marker_starts_thread(self, pos: int) -> bool:
        """A comment-section marker at cue ``pos``: see the module docstring."""
        if not self.leads[pos]:
            return False  # a headline alone is not an article
        before = self.body[pos]
        first = bisect_right(self.heads, pos)
        stop = self.units[first].head if first < len(self.units) else len(self.cues)
        pre_paras, pre_chatty = self.paras[stop] - self.paras[pos], self.chatty[stop] - self.chatty[pos]
        pre_formal = self.formal[stop] - self.formal[pos]
        n_good, _, n_bad, n_short, end_cue = self._units(first)
        after_plain = self.plain[end_cue] - self.plain[pos]  # not chatty paragraph text after the marker
        evidence = (
            n_good > 0 or pre_chatty > 0 or (pre_paras == 0 and first == len(self.units))
            or (n_short >= 2 and after_plain <= before)
        )  # fmt: skip
        if self.cues[pos].marker >= 2:
            return pre_formal <= max(600, before) and n_bad <= n_good and (evidence or after_plain <= before)
        chatty_enough = pre_chatty * 2 >= pre_paras - (1 if pre_formal == 0 else 0)
        return pre_formal <= 400 and chatty_enough and n_bad * 3 <= n_good and evidence

    def header_starts_thread(self, index: int, last_para: str) -> bool:
        """The commenter header of unit ``index``, with no marker: see the module docstring."""
        unit = self.units[index]
        if self.body[unit.start] < MIN_BODY_CHARS or not unit.good:
            return False
        if unit.strength == HEAD_NAME and not last_para.endswith(SENTENCE_END):
            return False  # a plain name right after an unfinished line is a subheading or a caption
        n_good, n_strong, n_bad, _, end_cue = self._units(index)
        n_paras = self.paras[end_cue] - self.paras[unit.start]
        n_chatty = self.chatty[end_cue] - self.chatty[unit.start]
        chatty_enough = n_strong >= 2 or n_chatty * 10 >= n_paras * 3
        return (n_strong >= 2 or n_good >= 3) and n_bad * 3 <= n_good and chatty_enough


def find_thread_start(cues: list[Cue]) -> int | None:
    """Return the position (in ``cues``) where the comment thread starts, or None.

    Candidates are tried in text order (markers, then commenter headers); the first one the evidence
    accepts wins.
    """
    if not cues:
        return None
    units = _build_units(cues)
    _classify(cues, units)
    evidence = _Evidence(cues, units)
    unit_at = {u.start: i for i, u in enumerate(units)}
    last_para = ""
    for pos, cue in enumerate(cues):
        if cue.marker and evidence.marker_starts_thread(pos):
            return pos
        if pos in unit_at and evidence.header_starts_thread(unit_at[pos], last_para):
            unit = units[unit_at[pos]]
            return next(p for p in range(unit.start, unit.end) if cues[p].head or cues[p].chrome)
        if cue.para and not cue.boiler:
            last_para = cue.norm
    return None
