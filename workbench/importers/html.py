"""HTML pages: article text and reader comments, never rendered, never fetched.

The page is decoded with its BOM or declared charset (``<meta charset>``,
``http-equiv`` Content-Type, XML declaration), else UTF-8, else
charset-normalizer. Two extractors read it offline, from a string:
trafilatura (precision mode: the main text, the comment thread apart, and the
metadata: title, author, site name, date, canonical URL) and readability-lxml;
``html_ensemble.choose`` takes the article text from the one that did not fail
(see its rules and scores). When neither finds anything, the page is never
refused while it has text: the ``articleBody`` of its schema.org JSON-LD, then
its visible text (lxml, scripts, styles, frames and embedded objects removed),
and the document is marked as extracted by that fallback. The result is plain
text only: no markup, no script, no remote resource survives.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbench.domain.model import DocumentMetadata
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise
from workbench.importers.heuristics import (
    fill_gaps,
    guess_language,
    guess_metadata,
    parse_date,
    tidy,
    with_derived_title,
)
from workbench.importers.html_ensemble import choose
from workbench.importers.html_title import headline
from workbench.importers.segments import segment
from workbench.importers.text import check_text_size, decode_text

MEDIA_TYPE = "text/html"

_HEAD_BYTES = 4096
_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<cs>[A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["'](?P<xml>[A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_DECL_RE = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DIR_RE = re.compile(r"""<html\b[^>]*?\sdir\s*=\s*["']?\s*(?P<dir>rtl|ltr)\b""", re.IGNORECASE)
_JSON_LD_RE = re.compile(r"""<script[^>]+type\s*=\s*["']?application/ld\+json["']?[^>]*>(?P<json>.*?)</script>""",
                         re.IGNORECASE | re.DOTALL)
_MAX_JSON_LD_CHARS = 2_000_000
_MAX_SECOND_EXTRACTOR_CHARS = 3_000_000  # above this, readability is not run too (time; issue: hostile pages)
FALLBACK_JSON_LD = "fallback: the page's structured data (schema.org articleBody)"
FALLBACK_VISIBLE = "fallback: the page's visible text (the article extractors found nothing)"
_LANG_RE = re.compile(r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?\s*(?P<lang>[A-Za-z]{2,3})\b""", re.IGNORECASE)
_CONTENT_LANG_RE = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?\s*(?P<lang>[A-Za-z]{2,3})\b""",
    re.IGNORECASE,
)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "figure", "figcaption",
    "dl", "dt", "dd", "address", "hr", "form", "fieldset",
)  # fmt: skip
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "applet", "svg", "math", "head", "canvas", "video", "audio", "picture",
)  # fmt: skip
# Void elements hold nothing, but libxml2 nests what follows an <embed> inside it: unwrap them (keeping what the
# parser put inside) rather than dropping the rest of the page with them.
_VOID_TAGS = ("embed", "img", "source", "link", "meta", "input", "br", "hr", "wbr", "track", "param", "area", "col")


def declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares near its start, or None."""
    match = _CHARSET_RE.search(data[:_HEAD_BYTES])
    if not match:
        return None
    label = match.group("cs") or match.group("xml")
    return label.decode("ascii", errors="ignore") or None


def page_language(markup: str) -> str:
    """Return the primary language subtag of ``<html lang>`` or Content-Language, or ""."""
    head = markup[: _HEAD_BYTES * 4]
    match = _LANG_RE.search(head) or _CONTENT_LANG_RE.search(head)
    return match.group("lang").lower() if match else ""


def page_direction(markup: str) -> str:
    """Return "rtl" or "ltr" from ``<html dir>``, or ""."""
    match = _DIR_RE.search(markup[: _HEAD_BYTES * 4])
    return match.group("dir").lower() if match else ""


def _inline_text(element: Any) -> str:
    """Text of a trafilatura XML element; <lb/> becomes a line break, nested lists lines."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag == "list":
            parts.append("\n" + _list_text(child) + "\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _list_text(element: Any) -> str:
    return "\n".join(_inline_text(item).strip() for item in element if item.tag == "item")


def _table_text(element: Any) -> str:
    rows = []
    for row in element.iter("row"):
        cells = [" ".join(_inline_text(cell).split()) for cell in row if cell.tag == "cell"]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _tidy_lines(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def xml_blocks_text(body: Any) -> str:
    """Turn trafilatura's XML body into text, one blank line between blocks."""
    if body is None:
        return ""
    blocks = [body.text or ""]
    for child in body:
        if child.tag == "list":
            blocks.append(_list_text(child))
        elif child.tag == "table":
            blocks.append(_table_text(child))
        else:
            blocks.append(_inline_text(child))
        blocks.append(child.tail or "")
    tidied = (_tidy_lines(block) for block in blocks)
    return "\n\n".join(block for block in tidied if block.strip())


def _with_trafilatura(markup: str) -> tuple[str, str, DocumentMetadata]:
    """Return (article text, comments text, metadata) from trafilatura, empty on failure."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=True,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            deduplicate=False,
        )
        if doc is None:
            return "", "", DocumentMetadata()

        def field(key: str) -> Any:
            return doc.get(key) if isinstance(doc, dict) else getattr(doc, key, None)

        body = xml_blocks_text(field("body")) or _tidy_lines(str(field("text") or ""))
        comments = xml_blocks_text(field("commentsbody")) or _tidy_lines(str(field("comments") or ""))
        metadata = DocumentMetadata(
            title=str(field("title") or ""),
            publisher=str(field("sitename") or ""),
            author=str(field("author") or ""),
            url=str(field("url") or ""),
            published=parse_date(str(field("date") or "")),
        )
    except Exception:  # any failure of the extractor on hostile markup: fall back to lxml
        return "", "", DocumentMetadata()
    return body, comments, metadata


def lxml_text(markup: str) -> tuple[str, str]:
    """Return (visible text, <title>) with lxml, scripts and embedded content removed.

    The tree is only read, never written (hostile text may hold characters
    that lxml refuses to store back).
    """
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml_html.document_fromstring(markup, parser=parser)
        title = " ".join((root.findtext(".//title") or "").split())
        etree.strip_tags(root, *(t for t in _VOID_TAGS if t not in ("br", "hr")))
        etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
        parts: list[str] = []
        for event, element in etree.iterwalk(root, events=("start", "end")):
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                parts.append("\n\n" if tag in _BLOCK_TAGS else "\n" if tag == "br" else "")
                parts.append(element.text or "")
            else:
                parts.append("\n\n" if tag in _BLOCK_TAGS else "")
                if element is not root:
                    parts.append(element.tail or "")
    except Exception:  # lxml on hostile markup: nothing readable
        return "", ""
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text, title


def _quiet_readability() -> Any:
    """readability-lxml's ``Document``, its cleaner told not to rewrite ``javascript:`` links.

    Its cleaner rewrites every link of the page to drop ``javascript:`` URLs: 40% of its time, for HTML that we
    never keep (only the text is read). A copy of the library's own cleaner with that one option off replaces it
    (the same text on the 60 pages measured; 54 → 31 ms of CPU per page).
    """
    import copy

    import readability.readability as engine

    cleaner = getattr(engine, "html_cleaner", None)
    if cleaner is not None and getattr(cleaner, "javascript", False):
        quiet = copy.copy(cleaner)
        quiet.javascript = False
        engine.html_cleaner = quiet
    return engine.Document


def readability_text(markup: str) -> str:
    """The main text readability-lxml finds, blocks separated by blank lines ("" on failure)."""
    if len(markup) > _MAX_SECOND_EXTRACTOR_CHARS:
        return ""
    try:
        document = _quiet_readability()
        summary = document(markup).summary(html_partial=True)
    except Exception:  # any failure of the extractor on hostile markup: the other extractor decides
        return ""
    text, _title = lxml_text(summary)
    return text


def _json_ld_bodies(value: Any, depth: int = 0) -> list[str]:
    if depth > 20:
        return []
    if isinstance(value, dict):
        body = value.get("articleBody")
        found = [body] if isinstance(body, str) and body.strip() else []
        for child in value.values():
            if isinstance(child, dict | list):
                found += _json_ld_bodies(child, depth + 1)
        return found
    if isinstance(value, list):
        return [b for item in value[:200] for b in _json_ld_bodies(item, depth + 1)]
    return []


def without_blocks_of(text: str, other: str) -> str:
    """``text`` without the blocks (paragraphs) whose words stand, in the same order, in ``other``."""
    others = {" ".join(block.split()) for block in other.split("\n") if block.strip()}
    kept = [block for block in text.split("\n\n") if " ".join(block.split()) not in others]
    return "\n\n".join(kept)


def json_ld_article_body(markup: str) -> str:
    """The longest schema.org ``articleBody`` in the page's JSON-LD blocks, as plain text, or ""."""
    import json

    bodies: list[str] = []
    for match in _JSON_LD_RE.finditer(markup):
        raw = match.group("json").strip()
        if not raw or len(raw) > _MAX_JSON_LD_CHARS:
            continue
        try:
            bodies += _json_ld_bodies(json.loads(raw))
        except (ValueError, RecursionError):  # broken or hostile JSON: ignored
            continue
    if not bodies:
        return ""
    body = max(bodies, key=len)
    if "<" in body:  # some sites put markup in articleBody: read it as HTML, never render it
        body, _title = lxml_text(body)
    return _tidy_lines(re.sub(r"\n{3,}", "\n\n", body))


def main_text(markup: str) -> tuple[str, str, DocumentMetadata, str]:
    """Return (article text, comments text, metadata, extraction) for a decoded page.

    ``extraction`` is "" when the article extractors found the text, else the fallback that did.
    """
    traf_body, comments, metadata = _with_trafilatura(markup)
    choice = choose(traf_body, readability_text(markup))
    body = choice.text
    if choice.source == "readability" and comments.strip():
        body = without_blocks_of(body, comments)  # readability may have kept the comment thread in its text
    if body.strip():
        return body, comments, metadata, ""
    body = json_ld_article_body(markup)
    if body.strip():
        return body, comments, metadata, FALLBACK_JSON_LD
    body, title = lxml_text(markup)
    metadata = fill_gaps(metadata, DocumentMetadata(title=title))
    return body, comments if body.strip() else "", metadata, FALLBACK_VISIBLE if body.strip() else ""


def extract_html(data: bytes, name: str = "page.html", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import an HTML page as plain text with its comment thread as a comments segment.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document (media type "text/html").

    Raises:
        ImportRejected: empty, binary, undecodable, or without readable text.
    """
    markup, encoding = decode_text(data, name, limits, declared=declared_charset(data))
    markup = _XML_DECL_RE.sub("", markup, count=1)
    body, comments, metadata, extraction = main_text(markup)
    metadata = replace(metadata, title=headline(metadata.title, metadata.publisher, markup, body))
    body = canonicalise(body).strip("\n")
    comments = canonicalise(comments).strip("\n")
    if not body.strip() and not comments.strip():
        raise ImportRejected(name, "has no readable text")
    if body and comments:
        text = body + "\n\n" + comments
        comments_start: int | None = len(body) + 2
    elif comments:
        text, comments_start = comments, 0
    else:
        text, comments_start = body, None
    check_text_size(text, name, limits)
    language = page_language(markup) or guess_language(text)
    metadata = fill_gaps(metadata, DocumentMetadata(language=language, direction=page_direction(markup)))
    metadata = fill_gaps(metadata, guess_metadata(body))
    metadata, derived = with_derived_title(metadata, body or comments)
    # No thread is guessed in a page whose structure showed none: an expert round-up of quoted names is no thread.
    return ImportedDocument(
        text=text,
        encoding=encoding,
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=segment(text, comments_start=comments_start, guess_comments=comments_start is not None, paged=False),
        derived=derived,
        extraction=extraction,
    )
