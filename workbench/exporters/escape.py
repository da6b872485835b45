"""Escaping for every output format: JSON inside ``<script>``, URLs, CSS colours, CSV cells, Markdown.

Text from a project is untrusted (it comes from imported articles and from project files made by others):
nothing in it may become markup, script, a link to a ``javascript:`` URL, a spreadsheet formula or a second
JSON-LD block.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SAFE_URL = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FALLBACK_COLOUR = "#757575"


_PIECE = 64  # containers with more items than this are encoded item by item


def dumps(value: Any, indent: int | None = 2, *, ensure_ascii: bool = False, _level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=…, indent=indent)``, the same text, made item by item for large lists and
    objects. The C encoder holds the interpreter lock for a whole document (a 500-claim ClaimReview: 100-160 ms
    during which the window could not paint while an export ran on a worker thread); small pieces let the GUI
    thread in between them."""
    big = isinstance(value, (list, dict)) and len(value) > _PIECE
    if not big or indent is None:
        text = json.dumps(value, ensure_ascii=ensure_ascii, indent=indent)
        return text if not _level or indent is None else text.replace("\n", "\n" + " " * (indent * _level))
    inner = "\n" + " " * (indent * (_level + 1))
    if isinstance(value, list):
        items = [dumps(v, indent, ensure_ascii=ensure_ascii, _level=_level + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * (indent * _level) + "]"
    parts = []
    for k, v in value.items():
        one = json.dumps({k: 0}, ensure_ascii=ensure_ascii)  # the key as json writes it (1 → "1", None → "null")
        key = one[1:one.rindex(":")]
        parts.append(f"{key}: {dumps(v, indent, ensure_ascii=ensure_ascii, _level=_level + 1)}")
    return "{" + inner + ("," + inner).join(parts) + "\n" + " " * (indent * _level) + "}"


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same JSON strings), so no
    text can close the script element or open a comment; U+2028/U+2029 are escaped too.
    """
    text = dumps(value, 2)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) address without characters that could break out of an attribute, else ""."""
    url = (url or "").strip()
    return url if _SAFE_URL.fullmatch(url) else ""


def colour(value: str) -> str:
    """A ``#rrggbb`` colour, or grey for anything else (a colour is spliced into CSS)."""
    return value if _COLOUR.fullmatch(value or "") else FALLBACK_COLOUR


def text_colour_on(background: str) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio on ``background`` (at least 4.58:1 for any
    colour: the two ratios cross at a relative luminance of about 0.179)."""
    c = colour(background)

    def channel(hex2: str) -> float:
        v = int(hex2, 16) / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(c[1:3]) + 0.7152 * channel(c[3:5]) + 0.0722 * channel(c[5:7])
    on_black, on_white = (lum + 0.05) / 0.05, 1.05 / (lum + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet cannot run as a formula (OWASP): text starting with = + - @ TAB or CR
    (also after leading spaces) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) or text.lstrip(" ").startswith(FORMULA_START):
        return "'" + text
    return text


_SPACE = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """Plain text for Markdown: inline syntax characters (\\ ` * _ [ ] | ~) backslash-escaped, ``<`` and ``&``
    as entities, a block marker at the start (# > + = - or "1.") escaped, and line breaks as spaces (a value
    never starts a new block)."""
    text = _SPACE.sub(" ", text or "")  # runs of white space (line breaks too) → one space, ends kept
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit()
                                                      else "\\" + m.group(2)), text)


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LINK_DEST = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)<?(\S+?)>?(\s|$)", re.MULTILINE)
_SAFE_DEST = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)


def _safe_dest(url: str) -> bool:
    return bool(_SAFE_DEST.match(url))


def _neutralise_prose(text: str) -> str:
    parts = _CODE_SPAN.split(text)
    out = []
    # split() with one group pair yields [prose, ticks, code, prose, ticks, code, ...]
    for i in range(0, len(parts), 3):
        prose = parts[i].replace("<", "&lt;").replace("![", "\\![")
        prose = _LINK_DEST.sub(lambda m: "](" + (m.group(1) if _safe_dest(m.group(1)) else "#"), prose)
        prose = _REF_DEF.sub(lambda m: m.group(1) + (m.group(2) if _safe_dest(m.group(2)) else "#") + m.group(3),
                             prose)
        out.append(prose)
        if i + 2 < len(parts):
            out.append(parts[i + 1] + parts[i + 2] + parts[i + 1])
    return "".join(out)


def safe_markdown(text: str) -> str:
    """A Markdown rationale made safe for any Markdown renderer (also those that allow raw HTML).

    Outside code: ``<`` becomes ``&lt;`` (no raw HTML, no autolink), images become plain text (no resource is
    loaded), and link destinations other than http(s), mailto and #fragments become ``#``. Code spans and
    fenced code blocks are kept as they are (renderers escape them).
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in lines:
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence):
                fence = ""
            continue
        if m:
            if prose:
                out.append(_neutralise_prose("\n".join(prose)))
                prose = []
            fence = m.group(2)
            out.append(line)
            continue
        prose.append(line)
    if prose:
        out.append(_neutralise_prose("\n".join(prose)))
    if fence:
        out.append(fence)  # close an unterminated fence, so that what follows is not swallowed
    return "\n".join(out)
