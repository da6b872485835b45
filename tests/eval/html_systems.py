"""The three HTML extractors the HTML suites compare: our importer, trafilatura alone, readability-lxml alone.

Every system gets the page's raw bytes, exactly as stored in the corpus (decompressed), and decodes them itself.
Our importer's result is cached per page, so the metadata suite and the body suite import each page once per run.
"""

from __future__ import annotations

import functools
import gzip
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import readability
import trafilatura

from workbench.domain.model import DocumentMetadata, SegmentKind
from workbench.errors import ImportRejected

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "dl", "dt", "dd",
    "address", "hr", "br", "form", "fieldset",
})  # fmt: skip
_BLANK_LINES_RE = re.compile(r"\n\s*\n\s*")


@dataclass(frozen=True)
class OurImport:
    """What our importer made of one page.

    Attributes:
        body, comments, boilerplate: the text of the segments of each kind, joined by newlines.
        status: "ok", "rejected" (``ImportRejected``: a refusal the user sees) or "crashed" (any other exception).
        error: the exception's type and message when not "ok".
        seconds: wall-clock time of ``import_bytes``.
        metadata: the document's metadata, or None when the import failed.
        extraction: "" when the main extractor gave the text, else the fallback named by the importer.
    """

    body: str
    comments: str
    boilerplate: str
    status: str
    error: str
    seconds: float
    metadata: DocumentMetadata | None
    extraction: str

    @property
    def crashed(self) -> bool:
        """The importer raised something other than ``ImportRejected`` (a bug)."""
        return self.status == "crashed"

    @property
    def rejected(self) -> bool:
        """The importer refused the page with ``ImportRejected``."""
        return self.status == "rejected"


def read_page(path: Path) -> bytes:
    """A corpus page's bytes (pages are stored gzipped)."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@functools.cache
def import_page(path: Path) -> OurImport:
    """Import one corpus page with ``import_bytes`` as the application does; never raises for the page's sake.

    The importer package is imported here, not at module level, so that suite discovery (which imports every
    suite) survives a broken importer: the suite then fails alone, with the import error.
    """
    from workbench.importers import import_bytes

    data = read_page(path)
    filename = path.name.removesuffix(".gz")
    start = time.perf_counter()
    try:
        doc = import_bytes(data, filename)
    except ImportRejected as exc:
        return OurImport("", "", "", "rejected", str(exc), time.perf_counter() - start, None, "")
    except Exception as exc:  # a crash is what this harness is here to record
        error = f"{type(exc).__name__}: {exc}"
        return OurImport("", "", "", "crashed", error, time.perf_counter() - start, None, "")
    seconds = time.perf_counter() - start
    parts: dict[SegmentKind, list[str]] = {kind: [] for kind in SegmentKind}
    for seg in doc.segments:
        parts[seg.kind].append(doc.text[seg.start : seg.end])
    return OurImport(
        body="\n".join(parts[SegmentKind.BODY]),
        comments="\n".join(parts[SegmentKind.COMMENTS]),
        boilerplate="\n".join(parts[SegmentKind.BOILERPLATE]),
        status="ok",
        error="",
        seconds=seconds,
        metadata=doc.metadata,
        extraction=doc.extraction,
    )


@dataclass(frozen=True)
class BaselineResult:
    """A baseline extractor's text for one page; ``error`` is set (and ``text`` empty) when it raised."""

    text: str
    seconds: float
    error: str = ""


def _timed(extract: Callable[[bytes], str], data: bytes) -> BaselineResult:
    start = time.perf_counter()
    try:
        text = extract(data)
    except Exception as exc:  # a baseline failing on a page scores 0 there, like ours
        return BaselineResult("", time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    return BaselineResult(text, time.perf_counter() - start)


def _trafilatura_text(data: bytes) -> str:
    return trafilatura.extract(data) or ""


def _readability_text(data: bytes) -> str:
    return html_to_text(readability.Document(data).summary())


def run_trafilatura(data: bytes) -> BaselineResult:
    """trafilatura alone: ``trafilatura.extract`` with its default settings, plain-text output."""
    return _timed(_trafilatura_text, data)


def run_readability(data: bytes) -> BaselineResult:
    """readability-lxml alone: ``Document(html).summary()``, then its text with a newline per block element."""
    return _timed(_readability_text, data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: lxml ``text_content`` with line breaks around block elements."""
    if not markup or not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()
