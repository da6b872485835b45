"""Reading web annotations from other tools: Hypothesis API JSON and W3C Web Annotations (JSON-LD).

``parse(value)`` takes decoded JSON and returns one ``ForeignAnnotation`` per annotation found, whatever the
envelope:

- Hypothesis (``h``'s API): one annotation (``{"uri": …, "target": [{"source": …, "selector": [...]}], …}``),
  an array of them, or a search response ``{"rows": [...], "total": n}``. Its ``TextPositionSelector`` counts
  UTF-16 code units (JavaScript string offsets of the page's text): ``units = "utf16"``.
- W3C: an ``Annotation``, an array, an ``AnnotationPage`` (``items``) or an ``AnnotationCollection`` whose
  ``first`` page is embedded (``first.items``; a page only named by its URL cannot be fetched: nothing is ever
  fetched). Positions count code points (the model's rule, and this app's own export): ``units = "codepoints"``.

The note kept with a passage is the annotation's text (Hypothesis ``text``; W3C ``TextualBody`` values), its tags,
its links and who made it. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.model import TextQuote

UTF16, CODEPOINTS = "utf16", "codepoints"


@dataclass(frozen=True, slots=True)
class ForeignAnnotation:
    """One annotation read from a file: where it points, its quote and position, and its note."""

    id: str
    sources: tuple[str, ...]  # target source URIs (an http(s) URL, urn:sha256:…, urn:x-pdf:…)
    quote: TextQuote | None
    position: tuple[int, int] | None
    units: str  # UTF16 or CODEPOINTS: what ``position`` counts
    note: str = ""
    title: str = ""
    problem: str = ""  # why it cannot be imported as a highlight (a reply, a page note…), or ""
    tags: tuple[str, ...] = field(default=())


def _types(value: Any) -> set[str]:
    raw = value if isinstance(value, list) else [value]
    return {str(t).rsplit(":", 1)[-1].rsplit("#", 1)[-1] for t in raw if isinstance(t, str)}


def _type(obj: dict[str, Any]) -> set[str]:
    return _types(obj.get("type", obj.get("@type")))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def is_hypothesis(obj: Any) -> bool:
    return isinstance(obj, dict) and "uri" in obj and isinstance(obj.get("target", []), list) \
        and "@context" not in obj


def kind(value: Any) -> str:
    """ "hypothesis", "w3c" or "" (not annotations) for decoded JSON."""
    if isinstance(value, dict):
        if isinstance(value.get("rows"), list) and "total" in value:
            return "hypothesis"
        if is_hypothesis(value):
            return "hypothesis"
        if _type(value) & {"Annotation", "AnnotationPage", "AnnotationCollection"}:
            return "w3c"
        return ""
    if isinstance(value, list) and value:
        kinds = {kind(v) for v in value if isinstance(v, dict)}
        if len(kinds) == 1 and "" not in kinds and all(isinstance(v, dict) for v in value):
            return kinds.pop()
    return ""


def _stable_id(obj: Any) -> str:
    digest = hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"urn:sha256:{digest}"


def _selectors(selectors: list[Any]) -> tuple[TextQuote | None, tuple[int, int] | None]:
    quote, position = None, None
    for sel in selectors:
        if not isinstance(sel, dict):
            continue
        types = _type(sel)
        if "TextQuoteSelector" in types and quote is None and _str(sel.get("exact")):
            quote = TextQuote(_str(sel.get("exact")), _str(sel.get("prefix")), _str(sel.get("suffix")))
        elif "TextPositionSelector" in types and position is None:
            start, end = sel.get("start"), sel.get("end")
            if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) \
                    and not isinstance(end, bool) and 0 <= start < end:
                position = (start, end)
    return quote, position


def _hypothesis(obj: dict[str, Any]) -> ForeignAnnotation:
    ann_id = _str(obj.get("id")) or _stable_id(obj)
    targets = [t for t in _as_list(obj.get("target")) if isinstance(t, dict)]
    sources = [_str(t.get("source")) for t in targets if _str(t.get("source"))]
    uri = _str(obj.get("uri"))
    if uri and uri not in sources:
        sources.insert(0, uri)
    quote, position = _selectors(_as_list(targets[0].get("selector")) if targets else [])
    tags = tuple(t for t in _as_list(obj.get("tags")) if isinstance(t, str) and t)
    user = _str(obj.get("user"))
    info = obj.get("user_info")
    name = _str(info.get("display_name")) if isinstance(info, dict) else ""
    who = name or user.removeprefix("acct:")
    parts = [_str(obj.get("text")).strip()]
    if tags:
        parts.append("Tags: " + ", ".join(tags))
    if who:
        parts.append(f"— {who} (Hypothesis)")
    doc = obj.get("document")
    titles = _as_list(doc.get("title")) if isinstance(doc, dict) else []
    problem = ""
    if _as_list(obj.get("references")):
        problem = "a reply to another annotation (no highlight of its own)"
    elif quote is None:
        problem = "a page note (no quoted text to highlight)"
    return ForeignAnnotation(ann_id, tuple(sources), quote, position, UTF16, "\n".join(p for p in parts if p),
                             _str(titles[0]) if titles else "", problem, tags)


def _body_text(bodies: list[Any]) -> tuple[list[str], list[str], list[str]]:
    texts, tags, links = [], [], []
    for b in bodies:
        if isinstance(b, str):
            links.append(b)
            continue
        if not isinstance(b, dict):
            continue
        purpose = set(_as_list(b.get("purpose")))
        value = _str(b.get("value")) or _str(b.get("chars"))
        if "tagging" in purpose and value:
            tags.append(value)
        elif value:
            texts.append(value)
        elif _str(b.get("source")) or _str(b.get("id")):
            links.append(_str(b.get("source")) or _str(b.get("id")))
    return texts, tags, links


def _w3c(obj: dict[str, Any]) -> ForeignAnnotation:
    ann_id = _str(obj.get("id")) or _str(obj.get("@id")) or _stable_id(obj)
    sources: list[str] = []
    quote, position = None, None
    for t in _as_list(obj.get("target")):
        if isinstance(t, str):
            sources.append(t)
        elif isinstance(t, dict):
            src = t.get("source")
            src_id = _str(src) or (_str(src.get("id")) if isinstance(src, dict) else "") or _str(t.get("id"))
            if src_id:
                sources.append(src_id)
            if quote is None:
                quote, pos = _selectors(_as_list(t.get("selector")))
                position = position or pos
    texts, tags, links = _body_text(_as_list(obj.get("body")) + _as_list(obj.get("bodyValue")))
    creator = obj.get("creator")
    who = _str(creator) if isinstance(creator, str) else _str((creator or {}).get("name")) \
        if isinstance(creator, dict) else ""
    parts = list(texts)
    if tags:
        parts.append("Tags: " + ", ".join(tags))
    if links:
        parts.append("Links: " + " ".join(links))
    if who:
        parts.append(f"— {who}")
    problem = "" if quote is not None else "no TextQuoteSelector (no quoted text to highlight)"
    return ForeignAnnotation(ann_id, tuple(sources), quote, position, CODEPOINTS, "\n".join(parts), "",
                             problem, tuple(tags))


def _w3c_items(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [a for v in value for a in _w3c_items(v)]
    if not isinstance(value, dict):
        return []
    types = _type(value)
    if "Annotation" in types:
        return [value]
    if "AnnotationPage" in types:
        return _w3c_items(value.get("items", []))
    if "AnnotationCollection" in types:
        return _w3c_items(value.get("first")) if isinstance(value.get("first"), dict) else []
    return []


def parse(value: Any) -> list[ForeignAnnotation]:
    """Every annotation in decoded JSON (see the module docstring); [] when it holds none."""
    found = kind(value)
    if found == "hypothesis":
        rows = value["rows"] if isinstance(value, dict) and isinstance(value.get("rows"), list) else \
            _as_list(value)
        return [_hypothesis(r) for r in rows if isinstance(r, dict)]
    if found == "w3c":
        return [_w3c(a) for a in _w3c_items(value)]
    return []


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def url_key(url: str) -> str:
    """A URL as documents are matched by it: no scheme, no "www.", no fragment, no trailing slash, the host in
    lower case ("https://www.Example.org/a/#x" → "example.org/a")."""
    url = url.strip().split("#", 1)[0]
    url = _SCHEME.sub("", url)
    host, slash, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + slash + rest).rstrip("/")
