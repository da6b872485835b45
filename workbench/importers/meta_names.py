"""Clean the author and publisher values that pages, files and bylines give: keep names, drop the rest.

Real values that these functions exist for: "Username", "作者" ("author"), "Joshua Sokol May" (a month
glued on), "Jane Roe, Jane Roe", "[South Front](#), [South Front](#),", "By [South Front](#)",
"Administrator", "user", "Supreme" (a PDF producer's junk), "Leila Haddad; Editing by Tom Price".

Decisions:
    * Several authors are split on "and", "&", ",", ";" (and "und", "et", "y", "e", "en", "и", "و", "、")
      and joined again as "A, B"; the same name twice (case and spacing aside) is kept once.
    * A name is 1-5 words (particles such as al, bin, de, van, von not counted), letters only (with ' - .
      and the joiners of Persian), no digits; in scripts with capitals, each word other than a particle
      starts with one. Words that name a role or a placeholder ("Staff Writer", "Admin", "Redaktion",
      "作者"...) are not names.
    * E-mail addresses and URLs are always dropped. An @handle is dropped when a name comes with it and
      kept when it is all there is ("@warmonitor" says who posted; a fact-checker needs it).
    * A news agency next to a person's name is the person's affiliation and is dropped ("Sami Haddad,
      Reuters" → "Sami Haddad"); alone it is kept ("Reuters Staff" → "Reuters").
"""

from __future__ import annotations

import html
import re
import unicodedata

from workbench.importers.meta_dates import FOREIGN_MONTH_NUMBERS

MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 60
_MAX_CJK_NAME_CHARS = 8
_MAX_PUBLISHER_CHARS = 80
_MAX_PUBLISHER_WORDS = 8

_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_REF_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_TAG_RE = re.compile(r"<[^>]*>?")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE_RE = re.compile(r"(?<![\w@])@\w{2,30}")
_SEPARATOR_RE = re.compile(r"\s+[|•·—–-]\s+|\s*[|•·]\s*|\s*\(.*$")
_TRAILER_RE = re.compile(
    r"\s+(?:last\s+)?(?:updated|published|posted|modified|aktualisiert|veröffentlicht|mis\s+à\s+jour|publié"
    r"|actualizado|publicado|aggiornato|pubblicato)\b.*$",
    re.IGNORECASE,
)
_DIGIT_TAIL_RE = re.compile(r"\s*\d.*$")
_SPLIT_RE = re.compile(r"\s*[,;&、،]\s*|\s+(?:and|und|et|y|e|en|и|та|ve|و)\s+", re.IGNORECASE)
_NOT_AUTHOR_PART_RE = re.compile(
    r"^(?:additional\s+reporting|editing|edited|compiled|translated|translation|photos?|graphics|video|фото)\b",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(
    r"^(?:(?:written|reporting|story|words|text|report|writing)\s+by|by|авторы?|текст|author|authors|autor|autorin"
    r"|auteur|autore|yazar|yazan|verfasser)(?:\s*[:：]\s*|\s+)"
    r"|^(?:بقلم|كتب|كتبه|كتبت|الكاتب|نویسنده|نوشته|מאת|כתב|כתבה|作者|记者|記者|本报记者|撰文|글|기자)\s*[:：/]?\s*"
    r"|^文\s*[/:：]\s*",
    re.IGNORECASE,
)
# "By" in other languages, which are also name parts ("Da Silva", "Von Trapp"): stripped only when two
# name words remain after them.
_AMBIGUOUS_PREFIX_RE = re.compile(r"^(?:von|par|por|door|di|da|av|przez)\s+(?P<rest>.+)$", re.IGNORECASE)
_REST_HEAD_RE = re.compile(r"^[^,;|(\d]*")
_SUFFIX_RE = re.compile(r"\s*(?:기자|记者|記者)$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "al el ul bin ibn bint abu abd de da di do dos das du del della der den van von ter ten la le y e zu "
    "af av mac st d"
)
_ROLE_SUFFIXES = (
    "staff writer", "staff reporter", "staff correspondent", "special correspondent", "senior correspondent",
    "foreign correspondent", "correspondent", "senior editor", "news editor", "editor", "reporter",
    "contributor", "staff", "writer", "journalist", "in beirut", "in damascus", "in moscow", "in cairo",
)  # fmt: skip
_JUNK = _words(
    """username user users admin admins administrator administrators anonymous anon guest staff unknown author
    authors autor auteur autore yazar verfasser redaktion rédaction redaccion redacción redazione redactie
    редакция editor editors editorial webmaster newsroom team contributor contributors correspondent reporter
    writer owner default supreme root test tester null none nobody name by home menu login share print email
    comments subscribe publisher blogger sponsored advertisement wordpress pc word microsoft libreoffice
    openoffice python-docx more next previous follow reply tweet like
    作者 匿名 佚名 管理员 编辑 责任编辑 记者 本报记者 記者 編集部 관리자 기자 편집부 익명
    مدير المدير المحرر محرر الكاتب كاتب مجهول مشرف"""
) | {
    "staff writer", "staff reporter", "editorial team", "editorial board", "editorial staff", "the editors",
    "web desk", "news desk", "our correspondent", "microsoft word", "microsoft office user", "microsoft office",
    "windows user", "n/a", "no author", "your name", "author name", "first last", "firstname lastname",
    "guest author", "guest contributor", "press release", "site admin", "admin user", "all rights reserved",
    "our work", "us", "log in", "sign in", "read more", "see more",
}  # fmt: skip
_JUNK_WORDS = _words(
    "staff writer reporter editor editorial desk news team admin user web online digital correspondent "
    "correspondents contributor agencies agency wire wires service"
)
AGENCIES = _words(
    """reuters afp ap dpa efe ansa tass xinhua anadolu sana irna sputnik upi bloomberg kyodo yonhap interfax
    pti ani wam spa qna mena petra kuna"""
) | {"associated press", "agence france-presse", "agence france presse", "ria novosti", "anadolu agency"}
# Words of outlet and organisation names: "Jill Disis, CNN Business" → the person only.
ORGANISATION_WORDS = _words(
    """news business insider times post press daily journal herald network tv radio magazine agency media
    online sports political national international world report review tribune gazette chronicle observer
    monitor today weekly channel group center centre institute council ministry municipal prefeitura
    university foundation bureau service office desk staff team cnn bbc nbc cbs abc fox msnbc cnbc"""
)
_MONTH_WORDS = _words(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september oct
    october nov november dec december"""
) | frozenset(FOREIGN_MONTH_NUMBERS)
_TRAILING_WORDS = _words(
    "on at am um le el the updated published posted gmt utc est edt cet cest pm monday tuesday wednesday "
    "thursday friday saturday sunday today yesterday ago hours minutes"
)
_NAME_PUNCT = frozenset("'’-.\u200c\u200d")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def strip_markup(value: str) -> str:
    """Markdown links and emphasis, HTML tags and entities, and stray brackets removed; spaces collapsed."""
    text = html.unescape(str(value or ""))
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_REF_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = text.replace("`", "").replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
    return " ".join(text.replace("\u00a0", " ").split()).strip(" []")


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def _is_cased(word: str) -> bool:
    return word.lower() != word.upper()


def _split_particle(word: str) -> tuple[str, str, str]:
    """"al-Khabil" → ("al", "-", "Khabil"); "d'Alembert" → ("d", "'", "Alembert"); else (word, "", "")."""
    match = re.match(r"^(\w+)([-'’])(.+)$", word)
    return (match.group(1), match.group(2), match.group(3)) if match else (word, "", "")


def looks_like_name(part: str) -> bool:
    """Tell whether a string is shaped like one person's (or one outlet's) name."""
    words = part.split()
    counted = [w for w in words if w.lower() not in PARTICLES]
    if not counted or len(counted) > MAX_NAME_WORDS or len(words) > MAX_NAME_WORDS + 2:
        return False
    if len(part) > _MAX_NAME_CHARS or _key(part) in _JUNK or all(w.lower() in _JUNK_WORDS for w in words):
        return False
    letters = [ch for ch in part if ch.isalpha()]
    if len(letters) < 2 or any(ch.isdigit() for ch in part):
        return False
    first = words[0].casefold().rstrip(".,")
    if len(words) == 1 and (first in _MONTH_WORDS or first in _TRAILING_WORDS
                            or (len(letters) <= 2 and first not in AGENCIES and not _is_cjk(letters[0]))):
        return False  # "November" split off a date, "AS", "On"
    if first == "the" and not is_organisation(part):
        return False  # "The Russian": a person's name does not start with "The"
    if all(_is_cjk(ch) for ch in letters) and len(letters) > _MAX_CJK_NAME_CHARS:
        return False
    for word in words:
        if not all(ch.isalpha() or ch in _NAME_PUNCT or unicodedata.category(ch).startswith("M") for ch in word):
            return False
        if word.lower() in PARTICLES or word.lower() in _JUNK_WORDS or not _is_cased(word):
            continue  # particles, and role words after a name ("Levant Frontline desk")
        head, _, rest = _split_particle(word)
        if not (word[0].isupper() or (head.lower() in PARTICLES and rest[:1].isupper())):
            return False
    return True


def _drop_trailing(part: str) -> str:
    """Remove role words, month and weekday names and other date debris from the end of one name."""
    changed = True
    while changed and part:
        changed = False
        lower = part.casefold()
        for role in _ROLE_SUFFIXES:
            if lower.endswith(" " + role):
                part, changed = part[: -len(role) - 1].rstrip(" ,"), True
                break
        words = part.split()
        last = words[-1].lower().rstrip(".,") if words else ""
        if (len(words) >= 2 and last in _TRAILING_WORDS) or (len(words) >= 3 and last in _MONTH_WORDS):
            part, changed = " ".join(words[:-1]), True
    return part.strip(" ,;:-–—")


def strip_byline_prefix(value: str) -> str:
    """"By Jane Roe" → "Jane Roe" (also Von, Par, Por, Door, di, Автор:, بقلم, מאת, 作者：, …; "NAME 기자")."""
    previous = None
    while previous != value:
        previous = value
        value = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", value, count=1)).strip(" :：-–—")
        match = _AMBIGUOUS_PREFIX_RE.match(value)
        if match:
            head = _REST_HEAD_RE.match(match.group("rest"))
            words = [w for w in (head.group(0) if head else "").split() if w.lower() not in PARTICLES]
            if len(words) >= 2:
                value = match.group("rest")
    return value


def is_organisation(name: str) -> bool:
    """Tell whether a cleaned name is an agency or outlet rather than a person ("Reuters", "AP National
    Political", "CNN Business", "Levant Frontline desk")."""
    words = name.casefold().split()
    return (_key(name) in AGENCIES or (bool(words) and words[0] in AGENCIES)
            or any(w in ORGANISATION_WORDS for w in words))


def has_byline_marker(line: str) -> bool:
    """Tell whether a line starts with an unambiguous byline word ("By", "Author:", "بقلم", "作者"…) or
    ends with the Korean/Chinese "reporter" suffix ("김민수 기자")."""
    return bool(_PREFIX_RE.match(line) or _SUFFIX_RE.search(line.split("|")[0].strip()))


def _author_parts(text: str) -> list[str]:
    text = _SEPARATOR_RE.split(text, maxsplit=1)[0]
    text = _TRAILER_RE.sub("", text)
    text = _DIGIT_TAIL_RE.sub("", text)
    parts = []
    for raw in _SPLIT_RE.split(text):
        if not raw or _NOT_AUTHOR_PART_RE.match(raw):
            continue
        part = _drop_trailing(strip_byline_prefix(raw.strip(" .,;:")))
        if part:
            parts.append(part)
    return parts


def clean_author(value: str) -> str:
    """The author name(s) in a metadata value or byline, cleaned, or "" when there is none.

    Args:
        value: e.g. "By [Jane Roe](https://…)", "Jane Roe, Jane Roe", "Joshua Sokol May",
            "Nour Ali and Sami Haddad", "Reporting by Leila Haddad; Editing by Tom Price", "作者".

    Returns:
        "Name" or "Name A, Name B"; an @handle when it is all there is; "" for no name.
    """
    text = strip_markup(value)
    text = _URL_RE.sub(" ", _EMAIL_RE.sub(" ", text))
    handles = _HANDLE_RE.findall(text)
    text = " ".join(_HANDLE_RE.sub(" ", text).split())
    names: list[str] = []
    seen: set[str] = set()
    for part in _author_parts(strip_byline_prefix(text)):
        if looks_like_name(part) and _key(part) not in seen:
            seen.add(_key(part))
            names.append(part)
    people = [n for n in names if not is_organisation(n)]
    if people:
        names = people
    if not names and len(handles) == 1 and not text.strip(" ,;:()"):
        return handles[0]
    return ", ".join(names)


_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*|\s*\ball rights reserved\b.*$"
    r"|\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*$",
    re.IGNORECASE,
)
_HOST_RE = re.compile(r"^(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)+)/?\S*$", re.IGNORECASE)


def clean_publisher(value: str) -> str:
    """The outlet(s) in a publisher value, cleaned, or "" when there is none.

    Markdown links and HTML are stripped, "© 2017 … All rights reserved" trimmed, a bare URL becomes its
    host name, parts split on "," ";" "|" are deduplicated, and placeholders ("Unknown", "Admin", "Home")
    dropped. Digits are allowed ("France 24").

    Args:
        value: e.g. "[South Front](#), [South Front](#),", "© 2019 North Syria Daily. All rights reserved.".

    Returns:
        "Outlet" or "Outlet A, Outlet B", or "".
    """
    text = strip_markup(value)
    host = _HOST_RE.match(text)
    if host:
        return host.group(1).lower()
    text = _EMAIL_RE.sub(" ", _URL_RE.sub(" ", text))
    names: list[str] = []
    seen: set[str] = set()
    for raw in re.split(r"\s*[,;|]\s*", text):
        part = _COPYRIGHT_RE.sub("", raw.strip(" .:-–—")).strip(" .,;:-–—")
        part = _COPYRIGHT_RE.sub("", part).strip(" .,;:-–—")
        words = part.split()
        if (not part or _key(part) in _JUNK or len(part) > _MAX_PUBLISHER_CHARS
                or len(words) > _MAX_PUBLISHER_WORDS or not any(ch.isalpha() for ch in part)
                or _key(part) in seen):
            continue
        seen.add(_key(part))
        names.append(part)
    return ", ".join(names)
