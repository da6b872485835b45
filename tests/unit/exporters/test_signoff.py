"""Reports print who signed off a final verdict ("Reviewed by NAME, DATE") — HTML, Markdown, PDF — and the CSV
has a ``reviewed_by`` column; a verdict that is not final prints no sign-off. Parsed with real parsers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench import identity
from workbench.exporters.model import Report
from workbench.ops import claims as claim_ops
from workbench.ops import desk, reports, verdicts
from workbench.ops import documents as doc_ops
from workbench.ops.project import create_project

from .helpers import by_class, export, markdown_to_html, parse_html, text

KHIRBET = Path(__file__).resolve().parents[2] / "fixtures" / "ops" / "khirbet-nour-clashes.txt"
REVIEWER = "Omar <b>Khalil</b> & Sons"  # escaped everywhere


@pytest.fixture
def report(tmp_path: Path) -> Report:
    """Two claims rated False: the first signed off by a second reader, the second still in review."""
    project = create_project(tmp_path / "signoff.fcw")
    try:
        desk.set_settings(project, signoff="second")
        (outcome,), _ = doc_ops.import_files(project, [KHIRBET])
        ids = []
        for quote in ("captured the grain mill", "denied that the village had changed hands"):
            start, end = claim_ops.locate_quote(project, outcome.document_id, quote)
            claim_id, _ = claim_ops.create_claim_from_passage(project, outcome.document_id, start, end)
            ids.append(claim_id)
            identity.save_profile(identity.Profile("Lina Haddad", "Night Desk"))
            verdicts.set_verdict(project, claim_id, rating="False", status="review")
        identity.save_profile(identity.Profile(REVIEWER, "Valley Desk"))
        verdicts.set_verdict(project, ids[0], status="final")
        return reports.build_report(project)
    finally:
        project.close()


def test_csv_has_who_reviewed_final_verdicts(report: Report) -> None:
    data = export(report, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert [(r["status"], r["reviewed_by"]) for r in rows] == [
        ("final", f"{REVIEWER} (Valley Desk)"), ("review", "")]


def test_html_prints_reviewed_by_for_the_final_verdict_only(report: Report) -> None:
    root = parse_html(export(report, "html"))
    day = report.claims[0].claim.reviewed_at[:10]
    signed = by_class(root, "td", "signoff")
    assert [text(td) for td in signed] == [f"Reviewed by {REVIEWER} (Valley Desk), {day}"]
    assert not [e for e in root.iter("b")]  # the name is text, not markup


def test_markdown_prints_reviewed_by(report: Report) -> None:
    md = export(report, "md").decode("utf-8")
    day = report.claims[0].claim.reviewed_at[:10]
    items = [text(li) for li in markdown_to_html(md).iter("li") if text(li).startswith("Signed off")]
    assert items == [f"Signed off: Reviewed by {REVIEWER} (Valley Desk), {day}"]


def test_pdf_prints_reviewed_by(report: Report) -> None:
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(export(report, "pdf"))).pages]
    joined = " ".join(pages)
    assert joined.count("Reviewed by Omar <b>Khalil</b> & Sons (Valley Desk)") == 1
