"""Fuzzing every document importer with mutated real files (see ``harness``): a consistent document or an
``ImportRejected`` naming the file — never another exception.

Text, Markdown, HTML and DOCX are parsed in this process (``importers.text.import_text`` …: what the import
sandbox's worker runs), so that a crash shows its traceback; PDF goes through the sandbox (``import_bytes``),
a child process per file — slow, so few examples.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import ROOT, budget, check_document, expect_clean, mutated, mutated_zip, save_crash
from tests.unit.importers.importer_builders import ENTITY_BOMB_XML, make_docx, make_pdf, replace_zip_member
from workbench.errors import ImportRejected
from workbench.importers import import_bytes
from workbench.importers.base import ImportedDocument, Limits
from workbench.importers.docx import extract_docx
from workbench.importers.html import extract_html
from workbench.importers.markdown import import_markdown
from workbench.importers.text import import_text

FIXTURES = ROOT / "tests" / "fixtures"
Importer = Callable[[bytes, str, Limits], ImportedDocument]


def _files(*patterns: str, limit: int = 100_000) -> list[bytes]:
    found = sorted({p for pattern in patterns for p in ROOT.glob(pattern)})
    return [p.read_bytes() for p in found if p.stat().st_size <= limit]


TEXT_SEEDS = _files("tests/fixtures/importers/*.txt", "tests/fixtures/articles/*.txt",
                    "tests/corpus/metadata/1[0-9]-*.txt", "tests/corpus/metadata/2[0-9]-*.txt", limit=4000)
MARKDOWN_SEEDS = _files("tests/fixtures/importers/*.md", "tests/corpus/metadata/*.md", limit=4000)
HTML_SEEDS = _files("tests/fixtures/importers/*.html", limit=4000)


def _docx_seeds() -> list[bytes]:
    article = (FIXTURES / "importers" / "article-qasr-marwan.txt").read_text(encoding="utf-8")
    arabic = (FIXTURES / "importers" / "article-arabic.txt").read_text(encoding="utf-8")
    plain = make_docx([p for p in article.split("\n\n") if p.strip()][:5], title="Qasr Marwan", author="Desk",
                      created=datetime(2018, 2, 14, 9, 30), table=[["Name", "Spelling"], ["Halab Echo", "Kasr"]],
                      table_after=2)
    return [plain, make_docx([p for p in arabic.split("\n\n") if p.strip()][:3])]


DOCX_SEEDS = _docx_seeds()


def _run(importer: Importer, target: str, data: bytes, name: str) -> None:
    try:
        doc = expect_clean(target, data, "." + name.rsplit(".", 1)[-1], lambda: importer(data, name, Limits()),
                           (ImportRejected,))
    except ImportRejected:  # pragma: no cover - expect_clean returns None for it
        return
    if doc is not None:
        try:
            check_document(doc, name)
        except AssertionError as exc:  # an inconsistent document is a crash too
            save_crash(target, data, "." + name.rsplit(".", 1)[-1], exc)
            raise


def _rejection_names_the_file(importer: Importer, data: bytes, name: str) -> None:
    try:
        importer(data, name, Limits())
    except ImportRejected as error:
        assert error.name == name and error.reason and str(error).startswith(f"{name}: ")


@given(data=mutated(TEXT_SEEDS))
@budget(ci=300, long=20_000)
def test_fuzz_text(data: bytes) -> None:
    _run(import_text, "text", data, "article.txt")
    _rejection_names_the_file(import_text, data, "article.txt")


@given(data=mutated(MARKDOWN_SEEDS))
@budget(ci=200, long=10_000)
def test_fuzz_markdown(data: bytes) -> None:
    _run(import_markdown, "markdown", data, "article.md")


@given(data=mutated(HTML_SEEDS))
@budget(ci=120, long=10_000)
def test_fuzz_html(data: bytes) -> None:
    _run(extract_html, "html", data, "page.html")


@given(data=mutated_zip(DOCX_SEEDS))
@budget(ci=120, long=5_000)
def test_fuzz_docx_structure(data: bytes) -> None:
    _run(extract_docx, "docx", data, "article.docx")


@given(data=mutated(DOCX_SEEDS, max_ops=2))
@budget(ci=80, long=3_000)
def test_fuzz_docx_bytes(data: bytes) -> None:
    _run(extract_docx, "docx", data, "article.docx")


@given(data=mutated(TEXT_SEEDS + MARKDOWN_SEEDS + HTML_SEEDS + DOCX_SEEDS, max_ops=3),
       name=st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a", "a.json"]))
@budget(ci=120, long=5_000)
def test_fuzz_format_dispatch(data: bytes, name: str) -> None:
    """Any bytes under any name, through the sniffing dispatcher (in this process when the sandbox offers it)."""
    from workbench import importers

    here = getattr(importers, "import_here", None)
    if here is None or name.endswith(".pdf") or data.startswith(b"%PDF"):
        return  # PDF is fuzzed through the sandbox below
    _run(lambda d, n, limits: here(d, n, limits), "dispatch", data, name)


def _pdf_seeds() -> list[bytes]:
    article = (FIXTURES / "importers" / "article-tal-hamra.txt").read_text(encoding="utf-8")
    lines = [line for line in article.splitlines() if line.strip()][:12]
    small = make_pdf([lines[:6], lines[6:]], {"Title": "Tal Hamra", "CreationDate": "D:20170925"})
    return [small, (ROOT / "tests" / "corpus" / "pdf" / "real" / "crazyones.pdf").read_bytes()]


PDF_SEEDS = _pdf_seeds()


@given(data=mutated(PDF_SEEDS, max_ops=3))
@budget(ci=8, long=300)
def test_fuzz_pdf_in_the_sandbox(data: bytes) -> None:
    if not data.startswith(b"%PDF"):
        data = b"%PDF-1.4\n" + data  # keep it a PDF for the dispatcher
    try:
        doc = expect_clean("pdf", data, ".pdf", lambda: import_bytes(data, "report.pdf"), (ImportRejected,))
    except ImportRejected:  # pragma: no cover
        return
    if doc is not None:
        check_document(doc, "report.pdf")


def test_the_seeds_import_cleanly() -> None:
    """The seeds themselves must import: a fuzz target whose seed is refused fuzzes nothing but the refusal."""
    for seed in TEXT_SEEDS:
        check_document(import_text(seed, "seed.txt", Limits()), "seed.txt")
    for seed in MARKDOWN_SEEDS:
        check_document(import_markdown(seed, "seed.md", Limits()), "seed.md")
    for seed in HTML_SEEDS:
        try:
            check_document(extract_html(seed, "seed.html", Limits()), "seed.html")
        except ImportRejected as error:  # page-scripts-only.html has no text, by design
            assert "scripts" in str(error) or "text" in str(error)
    for seed in DOCX_SEEDS:
        check_document(extract_docx(seed, "seed.docx", Limits()), "seed.docx")
    assert len(TEXT_SEEDS) >= 10 and MARKDOWN_SEEDS and HTML_SEEDS


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "[Content_Types].xml"])
def test_the_zip_mutator_reaches_the_dtd_check(part: str) -> None:
    """A sanity check of the harness: a DOCX part swapped for an entity bomb is refused, not parsed."""
    data = replace_zip_member(DOCX_SEEDS[0], part, ENTITY_BOMB_XML)
    with pytest.raises(ImportRejected, match="DTD or entity"):
        extract_docx(data, "bomb.docx", Limits())
