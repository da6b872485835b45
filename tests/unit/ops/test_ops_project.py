"""ops.project: the full check, the demo project, and the offsets property over mixed scripts."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.unit.ops.conftest import MIXED
from workbench.domain.model import Stance
from workbench.errors import ProjectError
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import sources as source_ops
from workbench.ops import verdicts as verdict_ops
from workbench.store import passages as store_passages
from workbench.store.project import Project, open_project


@pytest.fixture
def sound(project: Project, docs: dict[str, str]) -> Path:
    """A closed project with three documents, a claim and a piece of evidence."""
    doc_id = docs["khirbet-nour-clashes"]
    start, end = claim_ops.locate_quote(project, doc_id, "the village is calm")
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, start, end, claimant="LNA")
    other = docs["ain-jadid-shelling"]
    s, e = claim_ops.locate_quote(project, other, "no artillery unit fired")
    claim_ops.add_passage_evidence(project, claim_id, other, s, e, Stance.CONTEXT)
    project.close()
    return project.path


def raw_edit(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()


# --- check -----------------------------------------------------------------------------------------------------


def test_check_a_sound_project(sound: Path) -> None:
    before = sound.read_bytes()
    report = project_ops.check(sound)
    assert report == project_ops.CheckReport(True, [], documents=3, claims=1, passages=2)
    assert sound.read_bytes() == before  # read-only


def test_check_finds_a_passage_whose_offsets_were_changed(sound: Path) -> None:
    raw_edit(sound, 'UPDATE passages SET start = start + 3, "end" = "end" + 3 WHERE exact = \'the village is calm\'')
    report = project_ops.check(sound)
    assert not report.ok
    [problem] = report.problems
    assert problem.startswith("passage ")
    assert problem.endswith("no longer matches its quote in "
                            "“Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply”")
    assert (report.documents, report.claims, report.passages) == (3, 1, 2)


def test_check_does_not_report_orphans(sound: Path) -> None:
    raw_edit(sound, 'UPDATE passages SET start = 0, "end" = 2, orphan = 1')
    assert project_ops.check(sound).ok


def test_check_finds_an_altered_original(sound: Path) -> None:
    raw_edit(sound, "UPDATE documents SET original = X'00' WHERE filename = 'ain-jadid-shelling.txt'")
    report = project_ops.check(sound)
    assert report.problems == ["the original of “Ministry Denies Shelling Of Ain Jadid Market” "
                               "no longer matches its SHA-256"]


def test_check_reports_text_that_is_no_longer_utf8(sound: Path) -> None:
    raw_edit(sound, "UPDATE documents SET text = CAST(X'4142FFFE43' AS TEXT) WHERE filename LIKE 'mixed%'")
    report = project_ops.check(sound)
    assert not report.ok
    assert any(p.startswith(f"{sound.name} is damaged (") for p in report.problems)


def test_check_a_truncated_project(sound: Path) -> None:
    os.truncate(sound, sound.stat().st_size // 3)
    report = project_ops.check(sound)
    assert not report.ok
    assert sound.name in report.problems[0]
    assert "damaged" in report.problems[0]


def test_check_files_that_are_not_projects(tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("Local sources said the road to Bir Hamid was cut.", encoding="utf-8")
    assert project_ops.check(text) == project_ops.CheckReport(
        False, ["article.txt is not a Fact-Check Workbench project (not an SQLite file)."])
    missing = project_ops.check(tmp_path / "missing.fcw")
    assert not missing.ok
    assert "missing.fcw" in missing.problems[0]


def test_check_reports_a_trigger(sound: Path) -> None:
    raw_edit(sound, "CREATE TRIGGER t AFTER DELETE ON claims BEGIN DELETE FROM documents; END")
    report = project_ops.check(sound)
    assert report.problems == [f"{sound.name} contains an unexpected trigger 't', which is not allowed."]


# --- demo ------------------------------------------------------------------------------------------------------


def test_build_demo_from_the_samples(tmp_path: Path, samples: Path) -> None:
    spec = json.loads((samples / "claims.json").read_text(encoding="utf-8"))["claims"]
    project = project_ops.build_demo(tmp_path / "demo.fcw", samples)
    try:
        assert len(doc_ops.list_documents(project)) == 5
        rows = claim_ops.list_claims(project)
        assert len(rows) == 5
        assert [r.claim.text for r in rows] == [item["text"] for item in spec]
        for row, item in zip(rows, spec, strict=True):
            assert row.claimant == item["claimant"]
            assert row.appearances == 1
            stances = [ev["stance"] for ev in item["evidence"]]
            assert (row.supports, row.refutes, row.context) == tuple(stances.count(s.value) for s in Stance)
        passages = 0
        for doc in doc_ops.list_documents(project):
            text = doc_ops.get_document(project, doc.id).text
            with project.read() as db:
                for p in store_passages.for_document(db, doc.id):
                    assert text[p.start : p.end] == p.quote.exact
                    passages += 1
        assert passages == sum(1 + len([ev for ev in item["evidence"] if "document" in ev]) for item in spec)
        # the demo shows verdicts, sources with affiliations and attribution chains
        assert [r.claim.rating for r in rows][:3] == ["False", "Mostly false", "Unproven"]
        names = {s.name: s for s in source_ops.list_sources(project)}
        assert names["Sawt al-Sharq"].affiliation == "pro-opposition" and names["Sawt al-Sharq"].reliability == "D"
        assert verdict_ops.attribution(project, rows[0].claim.id) == ["Sawt al-Sharq", "local sources in the village"]
    finally:
        project.close()
    assert project_ops.check(tmp_path / "demo.fcw").ok


def test_build_demo_refuses_an_existing_file(tmp_path: Path, samples: Path) -> None:
    path = tmp_path / "taken.fcw"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ProjectError, match="already exists"):
        project_ops.build_demo(path, samples)
    assert path.read_text(encoding="utf-8") == "keep me"


def test_samples_dir_holds_the_demo_articles() -> None:
    folder = project_ops.samples_dir()
    assert (folder / "claims.json").is_file()
    assert len(list(folder.glob("*.txt"))) == 5


# --- offsets property ------------------------------------------------------------------------------------------

MIXED_TEXT = MIXED.read_text(encoding="utf-8")


def test_the_fixture_mixes_scripts() -> None:
    assert any(ord(c) > 0xFFFF for c in MIXED_TEXT)  # emoji outside the BMP (two UTF-16 units each)
    assert any("\u0600" <= c <= "\u06ff" for c in MIXED_TEXT)  # Arabic
    assert any("\u0300" <= c <= "\u036f" for c in MIXED_TEXT)  # combining marks
    assert "\u200d" in MIXED_TEXT  # zero-width joiner inside a family emoji


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_claim_offsets_survive_a_reopen(tmp_path: Path, data: st.DataObject) -> None:
    path = tmp_path / "offsets.fcw"
    project = open_project(path) if path.exists() else project_ops.create_project(path)
    try:
        outcome = doc_ops.import_files(project, [MIXED])[0][0]
        doc_id = outcome.document_id
        text = doc_ops.get_document(project, doc_id).text
        assert text == MIXED_TEXT
        start = data.draw(st.integers(0, len(text) - 1), label="start")
        end = data.draw(st.integers(start + 1, len(text)), label="end")
        assume(text[start:end].strip())
        claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, start, end)
    finally:
        project.close()
    reopened = open_project(path, read_only=True)
    try:
        [link] = claim_ops.claim_links(reopened, claim_id)
        assert (link.passage.start, link.passage.end) == (start, end)
        assert link.passage.quote.exact == text[start:end]
        assert link.passage.quote.prefix == text[max(0, start - 32) : start]
        assert link.passage.quote.suffix == text[end : end + 32]
        assert claim_ops.get_claim(reopened, claim_id).text == text[start:end].strip()
    finally:
        reopened.close()
