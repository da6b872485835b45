"""PDF documents: the text a person would copy, read with pdfium in a separate, resource-limited process.

``extract_pdf(data, name, limits)`` parses in this process: pdfium reads every page's lines with their
boxes (``pdf_pdfium``); running heads, page numbers and line numbers are found across pages
(``pdf_furniture``); the body is put in reading order, column by column (``pdf_layout``); lines are joined
into paragraphs and typesetters' hyphens undone (``pdf_text``, ``pdf_flow``); ligatures and presentation
forms become ordinary letters and right-to-left text comes out in logical order (``pdf_unicode``). Page
furniture stays in the text, at its place, as boilerplate segments. Title, author and date are judged
rather than copied from the properties (``pdf_meta``): a creation date is never a publication date.
A file pdfium refuses gets a second chance through pypdf (``pdf_repair``).

``import_bytes`` runs it, like every importer, in the import sandbox (``importers.sandbox``): a child
process with a memory limit (``RLIMIT_AS``), a CPU limit and a wall-clock timeout after which the child is
killed: a PDF built to hang or exhaust the parser (reference loops, decompression bombs) is rejected
with a clear reason and the app never stops responding; ``extract_pdf_isolated`` does the same for PDFs
alone. No library's own message reaches the user: every reason says what is wrong with the file in plain
words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.domain.segments import remark
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise
from workbench.importers.heuristics import fill_gaps, guess_metadata, tidy
from workbench.importers.segments import segment
from workbench.importers.text import check_size, check_text_size

MEDIA_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"
_HEADER_WINDOW = 1024  # the PDF header may follow some junk bytes
_OBJECT = re.compile(rb"\d{1,10}[ \t\r\n\f\x00]{1,64}\d{1,10}[ \t\r\n\f\x00]{1,64}obj\b")


def is_pdf(data: bytes) -> bool:
    """Tell whether bytes carry a PDF header in their first kilobyte."""
    return PDF_MAGIC in data[:_HEADER_WINDOW]


def _open(data: bytes) -> Any:
    """Open with pdfium; on refusal, with pdfium again after pypdf rewrote the file."""
    from workbench.importers.pdf_pdfium import PdfProblem, open_pdf
    from workbench.importers.pdf_repair import rewrite

    try:
        return open_pdf(data)
    except PdfProblem as problem:
        rewritten, locked = rewrite(data)
        if locked:
            raise PdfProblem("is encrypted (it needs a password to open); ask the sender for an unprotected "
                             "copy") from None
        if rewritten is None:
            raise
        try:
            return open_pdf(rewritten)
        except PdfProblem:
            raise problem from None


def _read(data: bytes, name: str, limits: Limits) -> tuple[Any, list[Any], str]:
    """Properties, the pages that could be read, and a note on those that could not ("" when none)."""
    from workbench.importers.pdf_pdfium import PdfProblem, properties, read_page

    try:
        pdf = _open(data)
    except PdfProblem as problem:
        raise ImportRejected(name, problem.reason) from None
    pages, broken, chars = [], [], 0
    first_problem: PdfProblem | None = None
    for index in range(len(pdf)):
        try:
            page = read_page(pdf, index)
        except PdfProblem as problem:  # one broken page does not lose the others
            broken.append(index + 1)
            first_problem = first_problem or problem
            continue
        chars += sum(len(line.text) + 1 for line in page.lines)
        if chars > limits.max_text_chars:
            raise ImportRejected(name, f"is too large (more than {limits.max_text_chars:,} characters of text)")
        pages.append(page)
    if broken and not pages and first_problem is not None:
        raise ImportRejected(name, first_problem.reason)
    note = ""
    if broken:
        listed = ", ".join(str(n) for n in broken[:10]) + (" …" if len(broken) > 10 else "")
        note = f"damaged: {len(broken)} of {len(pdf)} pages could not be read (page {listed}); they are left out"
    return properties(pdf), pages, note


def _segments(text: str, furniture: list[tuple[int, int]]) -> tuple[Segment, ...]:
    segments = segment(text)
    for start, end in furniture:
        segments = remark(segments, len(text), start, end, SegmentKind.BOILERPLATE)
    return segments


def extract_pdf(data: bytes, name: str = "document.pdf", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import the text of a PDF as a person would copy it (see the module doc).

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document: paragraphs separated by a blank line, page furniture marked as boilerplate;
        ``extraction`` names the pages left out when some (not all) could not be read.

    Raises:
        ImportRejected: not a PDF, damaged, encrypted, or without a text layer.
    """
    from workbench.importers.pdf_flow import assemble
    from workbench.importers.pdf_furniture import split_furniture
    from workbench.importers.pdf_meta import is_plausible_author, judge

    check_size(data, name, limits)
    if not is_pdf(data):
        raise ImportRejected(name, "is not a PDF file (no %PDF- header)")
    props, pages, note = _read(data, name, limits)
    if not pages:
        raise ImportRejected(name, "is damaged: it has no pages")
    flow = assemble(split_furniture(pages))
    text = canonicalise(flow.text)
    furniture = flow.furniture if text == flow.text else []  # (the flow writes no CR or BOM: always equal)
    if not text.strip():
        from workbench.importers.pdf_repair import looks_damaged

        if looks_damaged(data):  # pdfium shows nothing; pypdf cannot read the structure either
            raise ImportRejected(name, "is damaged: its pages could not be read")
        raise ImportRejected(name, "has no text layer (scanned image?)")
    check_text_size(text, name, limits)
    body = "\n\n".join(text[a:b] for a, b in _body_ranges(len(text), furniture))
    chosen = judge(props, flow.first_page, flow.first_page_text, body)
    guessed = guess_metadata(body)
    if not is_plausible_author(guessed.author):  # a "Membres :" or "English:" line is no byline
        guessed = replace(guessed, author="")
    metadata = fill_gaps(DocumentMetadata(title=chosen.title, author=chosen.author, published=chosen.published),
                         guessed)
    derived = chosen.derived if chosen.title or not metadata.title else ("title",)
    return ImportedDocument(
        text=text,
        encoding="",
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=_segments(text, furniture),
        derived=derived,
        extraction=note,
    )


def _body_ranges(length: int, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    ranges, pos = [], 0
    for start, end in furniture:
        ranges.append((pos, start))
        pos = end
    ranges.append((pos, length))
    return ranges


def extract_pdf_checked(data: bytes, name: str = "document.pdf", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """``extract_pdf`` after the cheap checks (size, header, any PDF object at all): what the sandbox runs."""
    _precheck(data, name, limits)
    return extract_pdf(data, name, limits)


def _precheck(data: bytes, name: str, limits: Limits) -> None:
    check_size(data, name, limits)
    if not is_pdf(data):
        raise ImportRejected(name, "is not a PDF file (no %PDF- header)")
    if not _OBJECT.search(data):  # no "N G obj" at all: nothing a parser could read (saves starting one)
        raise ImportRejected(name, "is damaged: it contains no PDF objects")


def extract_pdf_isolated(data: bytes, name: str = "document.pdf", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import the text layer of a PDF, parsed in the import sandbox (``importers.sandbox``).

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: the sandbox's limits (time, memory, output) and the size limits.

    Returns:
        The imported document, as ``extract_pdf`` would return it.

    Raises:
        ImportRejected: everything ``extract_pdf`` rejects, plus: too slow (the
            child is killed), too much memory, or the parser process failing.
    """
    from workbench.importers.sandbox import run_import

    _precheck(data, name, limits)
    return run_import(data, name, limits)
