"""The PDF report: text extracted with pypdf holds the claims and the page numbers; fonts are embedded."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

from pypdf import PdfReader

from workbench import exporters, render_pdf

from .conftest import HOSTILE_CLAIM, Exported
from .helpers import export


def pages_text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """Text as pypdf extracts it from Qt's PDF, comparable: ligatures (ﬁ, ﬀ) undone, no white space (Qt breaks
    long tokens such as "</script>" where it likes)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def embedded_fonts(data: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                descriptor = desc.get_object().get("/FontDescriptor")
                if descriptor is not None and ({"/FontFile2", "/FontFile", "/FontFile3"}
                                               & set(descriptor.get_object())):
                    found.add(str(font["/BaseFont"]))
    return found


def test_project_report_has_a_title_page_every_claim_and_page_numbers(demo: Exported) -> None:
    data = export(demo.report, "pdf")
    assert data.startswith(b"%PDF-")
    pages = pages_text(data)
    n = len(pages)
    assert n > len(demo.report.claims)
    assert demo.report.title in pages[0] and "5 claim(s) reviewed" in pages[0]
    assert "Claims in this report" in pages[0] and "Claim 1 of 5" not in pages[0]  # a cover with the contents
    assert "Claim 1 of 5" in pages[1]
    for i, page in enumerate(pages, 1):
        assert page.endswith(f"Page {i} of {n}")
    whole = squash(" ".join(pages))
    for cr in demo.report.claims:
        assert squash(f"“{cr.claim.text}”") in whole
        if cr.rating:
            assert squash(cr.rating.definition) in whole
    assert "How we rate claims" in pages[-1]
    assert PdfReader(io.BytesIO(data)).metadata.title == demo.report.title


def test_fonts_are_embedded(demo: Exported) -> None:
    fonts = embedded_fonts(export(demo.report, "pdf"))
    assert fonts and any("Serif" in f for f in fonts) and any("Sans" in f for f in fonts)


def test_one_claim_starts_on_page_one(demo: Exported) -> None:
    cr = demo.report.claims[0]
    pages = pages_text(export(replace(demo.report, claims=(cr,), whole_project=False), "pdf"))
    assert squash(f"“{cr.claim.text}”") in squash(pages[0]) and pages[0].endswith(f"Page 1 of {len(pages)}")


def test_hostile_text_is_printed_as_text(hostile: Exported) -> None:
    whole = squash(" ".join(pages_text(export(hostile.report, "pdf"))))
    assert squash(HOSTILE_CLAIM) in whole
    assert "<script>alert(1)</script>" in whole  # the rationale's raw HTML, shown not run


def test_register_adds_pdf_to_the_registry() -> None:
    render_pdf.register()
    render_pdf.register()
    assert exporters.names().count("pdf") == 1
    assert exporters.get("pdf").media_type == "application/pdf"
