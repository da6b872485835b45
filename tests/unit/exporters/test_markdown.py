"""The Markdown report: rendered by a permissive Markdown renderer (raw HTML allowed), then parsed as HTML."""

from __future__ import annotations

import pytest

from workbench.exporters.escape import md_text, safe_markdown

from .conftest import HOSTILE_CLAIM, Exported
from .helpers import assert_inert, export, markdown_to_html, text


def test_same_content_as_the_html_report(demo: Exported) -> None:
    md = export(demo.report, "md").decode()
    root = markdown_to_html(md)
    assert text(root.find(".//h1")) == demo.report.title
    headings = [text(h) for h in root.iter("h2")]
    for i, cr in enumerate(demo.report.claims, 1):
        assert f"Claim {i}: “{cr.claim.text}”" in headings
    page = text(root)
    for cr in demo.report.claims:
        assert f"Verdict: {cr.rating.label if cr.rating else 'Not rated yet'}" in page
        if cr.claimant:
            assert f"Claimed by: {cr.claimant.name}" in page
        for q in cr.appearances:
            assert " ".join(f"{q.before}{q.exact}{q.after}".split()) in page
        for e in cr.evidence:
            if e.quote:
                assert f"“{' '.join(e.quote.exact.split())}”" in page
    h4 = [text(h) for h in root.iter("h4")]
    assert any(h.startswith("Evidence that refutes the claim") for h in h4)
    assert "How we rate claims" in headings
    table_cells = [text(td) for td in root.iter("td")]
    for r in demo.report.scale:
        assert r.label in table_cells
    assert root.find(".//strong") is not None and root.find(".//ul") is not None  # the rationale's Markdown


def test_hostile_text_renders_as_text(hostile: Exported) -> None:
    md = export(hostile.report, "md").decode()
    root = markdown_to_html(md)
    assert_inert(root)
    assert f"Claim 1: “{' '.join(HOSTILE_CLAIM.split())}”" in [text(h) for h in root.iter("h2")]
    page = text(root)
    assert "<script>alert(1)</script>" in page and "Bold stays." in page
    assert not [a for a in root.iter("a") if "javascript" in (a.get("href") or "")]
    assert root.find(".//iframe") is None and root.find(".//img") is None


@pytest.mark.parametrize(("raw", "shown"), [
    ("# not a heading", "# not a heading"), ("1. not a list", "1. not a list"), ("- nor this", "- nor this"),
    ("*a* _b_ `c` [d](e) | f ~g~", "*a* _b_ `c` [d](e) | f ~g~"), ("<b>x</b> & y", "<b>x</b> & y"),
    ("two\n\nlines", "two lines"), ("  spaced  ", "spaced"),
])
def test_md_text_escapes_markdown_and_html(raw: str, shown: str) -> None:
    root = markdown_to_html(f"Value: {md_text(raw)}\n\n{md_text(raw)}")
    paragraphs = [text(p) for p in root.iter("p")]
    assert paragraphs == [f"Value: {shown}", shown]
    assert root.find(".//b") is None and root.find(".//em") is None and root.find(".//h1") is None


def test_safe_markdown_keeps_formatting_and_code() -> None:
    md = safe_markdown("**b** [ok](https://example.org) [bad](javascript:alert(1)) <em>x</em>\n\n"
                       "```\n<script>kept as code</script>\n```\n[ref]: javascript:alert(2)\n\n[r][ref]")
    root = markdown_to_html(md)
    assert_inert(root)
    assert text(root.find(".//strong")) == "b"
    assert [a.get("href") for a in root.iter("a")] == ["https://example.org", "#", "#"]
    assert "<script>kept as code</script>" in text(root.find(".//code"))
    assert root.find(".//em") is None
