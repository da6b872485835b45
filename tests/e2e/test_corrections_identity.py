"""Issue 13, points 3 and 4 — corrections and dates, claimant identity.

A correction notice is a record (date, what changed, why), printed under "Corrections" in the reports and giving
ClaimReview its ``dateModified``; ``datePublished`` is the day the verdict first became final, not its last edit.
The sources registry holds a claimant's public identity (job title, sameAs links, image), and Person vs
Organization follows the source's kind and name. Every output is read back with its parser."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import html5lib
import pytest

from workbench import cli
from workbench.domain.model import Source
from workbench.exporters.claimreview import source_agent
from workbench.ops import claims as claim_ops
from workbench.ops import corrections, verdicts
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.store import migrations

OPS = Path(__file__).resolve().parents[1] / "fixtures" / "ops"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """One article; a claim made final as Misleading, then re-rated False; a draft claim."""
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "desk.fcw"
    project = project_ops.create_project(path)
    try:
        (outcome,), _ = doc_ops.import_files(project, [OPS / "khirbet-nour-clashes.txt"])
        doc = outcome.document_id
        start, end = claim_ops.locate_quote(project, doc, "captured the grain mill")
        final, _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant="SDF media wing")
        start, end = claim_ops.locate_quote(project, doc, "the clashes had moved")
        draft, _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant="Local sources")
        verdicts.set_verdict(project, final, rating="Misleading", status="final")
    finally:
        project.close()
    return path, {"final": final, "draft": draft, "doc": doc}


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _claim(path: Path, claim_id: str) -> dict:
    project = project_ops.open_project(path, read_only=True)
    try:
        c = claim_ops.get_claim(project, claim_id)
        return {"published_at": c.published_at, "updated_at": c.updated_at, "status": c.status.value}
    finally:
        project.close()


def _set_published(path: Path, claim_id: str, at: str) -> None:
    """Move the first publication into the past, as if the verdict had been final since ``at``."""
    con = sqlite3.connect(path)
    con.execute("UPDATE claims SET published_at = ? WHERE id = ?", [at, claim_id])
    con.commit()
    con.close()


def test_published_at_is_the_first_final_and_survives_review_and_refinal(
        desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    first = _claim(path, ids["final"])["published_at"]
    assert first and _claim(path, ids["draft"])["published_at"] == ""
    _set_published(path, ids["final"], "2026-03-01T09:00:00Z")
    assert wb(capsys, "verdict", path, "--claim", ids["final"], "--status", "review")[0] == 0
    assert wb(capsys, "verdict", path, "--claim", ids["final"], "--status", "final", "--rating", "False")[0] == 0
    after = _claim(path, ids["final"])
    assert after["published_at"] == "2026-03-01T09:00:00Z" and after["updated_at"] > after["published_at"]
    assert wb(capsys, "settings", path, "--base-url", "https://desk.example/checks/")[0] == 0
    out = path.parent / "cr.json"
    assert wb(capsys, "export", path, "--format", "claimreview", "-o", out)[0] == 0
    (review,) = json.loads(out.read_text(encoding="utf-8"))
    assert review["datePublished"] == "2026-03-01"  # not the day of the last edit
    assert "dateModified" not in review  # no notice yet: a silent re-rating is not a correction


def test_correction_notice_in_every_format_and_date_modified(
        desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    c = ids["final"]
    _set_published(path, c, "2026-03-01T09:00:00Z")
    assert wb(capsys, "verdict", path, "--claim", c, "--rating", "False")[0] == 0
    why = "A second resident reached by phone said the mill never changed hands."
    code, out, err = wb(capsys, "correction", "add", path, c, "--text", why, "--date", "2026-03-04", "--json")
    assert code == 0, err
    notice = json.loads(out)
    assert notice["change"] == "Rating changed from Misleading to False."  # written from the history
    assert notice["date"] == "2026-03-04" and notice["text"] == why
    listed = json.loads(wb(capsys, "correction", "list", path, c[:8], "--json")[1])
    assert [n["id"] for n in listed] == [notice["id"]]
    assert wb(capsys, "settings", path, "--base-url", "https://desk.example/checks/", "--author", "Night Desk")[0] == 0
    files = {fmt: path.parent / f"out.{fmt}" for fmt in ("html", "md", "csv", "claimreview")}
    for fmt, target in files.items():
        code, _out, err = wb(capsys, "export", path, "--format", fmt, "-o", target)
        assert code == 0, (fmt, err)
    root = html5lib.parse(files["html"].read_bytes(), namespaceHTMLElements=False)
    section = next(s for s in root.iter("section") if "corrections" in (s.get("class") or ""))
    text = " ".join("".join(section.itertext()).split())
    assert "Corrections" in text and "Rating changed from Misleading to False." in text and why in text
    assert "Edit history" not in "".join(root.itertext())  # the edit log is never published
    meta = {"".join(tr.find("th").itertext()): "".join(tr.find("td").itertext())
            for tr in root.iter("tr") if tr.find("th") is not None and tr.find("td") is not None}
    assert meta["Published"].startswith("2026-03-01 by Night Desk") and "updated 2026-03-04" in meta["Published"]
    md = files["md"].read_text(encoding="utf-8")
    assert "### Corrections" in md and why in md and "Edit history" not in md
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert (rows[0]["published"], rows[0]["corrected"]) == ("2026-03-01", "2026-03-04")
    assert why in rows[0]["corrections"]
    (review,) = json.loads(files["claimreview"].read_text(encoding="utf-8"))
    assert (review["datePublished"], review["dateModified"]) == ("2026-03-01", "2026-03-04")


def test_the_review_copy_shows_the_edit_history_the_publication_does_not(
        desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids = desk
    out = path.parent / "review.md"
    assert wb(capsys, "export", path, "--format", "md", "--include-drafts", "-o", out)[0] == 0
    assert "Edit history (review copy only" in out.read_text(encoding="utf-8")


def test_correction_edit_remove_undo_and_refusals(desk: tuple[Path, dict[str, str]],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    code, out, err = wb(capsys, "correction", "add", path, ids["draft"], "--text", "Premature.")
    assert (code, out) == (2, "") and "never been final (draft)" in err
    code, out, err = wb(capsys, "correction", "add", path, ids["final"], "--text", "x", "--date", "2026-02-30")
    assert (code, out) == (2, "") and "“2026-02-30” is not a date" in err
    code, out, err = wb(capsys, "correction", "add", path, ids["final"], "--text", "  ")
    assert (code, out) == (2, "") and "needs its text" in err
    code, out, err = wb(capsys, "correction", "set", path, "abcd")
    assert code == 2 and "give at least one of" in err
    notice = wb(capsys, "correction", "add", path, ids["final"], "--text", "Photo was from 2014.",
                "--change", "Evidence replaced")[1].strip()
    code, out, _ = wb(capsys, "correction", "set", path, notice[:8], "--date", "2026-05-06", "--json")
    assert code == 0 and json.loads(out)["date"] == "2026-05-06"
    assert wb(capsys, "undo", path)[0] == 0  # the edit
    (only,) = json.loads(wb(capsys, "correction", "list", path, ids["final"], "--json")[1])
    assert only["date"] != "2026-05-06" and only["change"] == "Evidence replaced"
    assert wb(capsys, "correction", "remove", path, notice[:8])[0] == 0
    assert json.loads(wb(capsys, "correction", "list", path, ids["final"], "--json")[1]) == []
    assert wb(capsys, "undo", path)[0] == 0  # the removal
    assert len(json.loads(wb(capsys, "correction", "list", path, ids["final"], "--json")[1])) == 1
    shown = json.loads(wb(capsys, "claim", "show", path, ids["final"], "--json")[1])
    assert [n["text"] for n in shown["corrections"]] == ["Photo was from 2014."] and shown["published_at"]
    assert wb(capsys, "claim", "delete", path, ids["final"])[0] == 0  # its notices go with it
    project = project_ops.open_project(path, read_only=True)
    try:
        assert project.db.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    finally:
        project.close()


def test_claimant_identity_in_the_registry_and_in_claimreview(
        desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    assert wb(capsys, "source", "set", path, "SDF media wing", "--kind", "official",
              "--same-as", "https://www.wikidata.org/wiki/Q15109806")[0] == 0
    assert wb(capsys, "settings", path, "--base-url", "https://desk.example/checks/")[0] == 0
    out = path.parent / "cr.json"
    assert wb(capsys, "export", path, "--format", "claimreview", "-o", out)[0] == 0
    author = json.loads(out.read_text(encoding="utf-8"))[0]["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "SDF media wing",  # an official body, not a Person
                      "sameAs": "https://www.wikidata.org/wiki/Q15109806"}
    code, _out, err = wb(capsys, "source", "add", path, "Leila Hamdan", "--kind", "official", "--job-title",
                         "Council co-chair", "--same-as", "https://example.org/hamdan", "--same-as",
                         "https://www.wikidata.org/wiki/Q1", "--image", "https://example.org/hamdan.jpg")
    assert code == 0, err
    assert wb(capsys, "claim", "set", path, ids["final"], "--claimant", "Leila Hamdan")[0] == 0
    assert wb(capsys, "export", path, "--format", "claimreview", "-o", out)[0] == 0
    author = json.loads(out.read_text(encoding="utf-8"))[0]["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Leila Hamdan", "jobTitle": "Council co-chair",
                      "sameAs": ["https://example.org/hamdan", "https://www.wikidata.org/wiki/Q1"],
                      "image": "https://example.org/hamdan.jpg"}
    shown = json.loads(wb(capsys, "source", "show", path, "Leila Hamdan", "--json")[1])
    assert (shown["job_title"], len(shown["same_as"]), shown["image"]) == (
        "Council co-chair", 2, "https://example.org/hamdan.jpg")
    for bad in (["--same-as", "javascript:alert(1)"], ["--image", "ftp://example.org/x.jpg"],
                ["--same-as", "https://"]):
        code, out, err = wb(capsys, "source", "set", path, "Leila Hamdan", *bad)
        assert (code, out) == (2, "") and "must be a web address" in err, bad
    assert wb(capsys, "source", "set", path, "Leila Hamdan", "--same-as", "", "--image", "")[0] == 0
    cleared = json.loads(wb(capsys, "source", "show", path, "Leila Hamdan", "--json")[1])
    assert (cleared["same_as"], cleared["image"], cleared["job_title"]) == ([], "", "Council co-chair")


@pytest.mark.parametrize(("name", "kind", "job", "person"), [
    ("Leila Hamdan", "person", "", True),
    ("Nabil Qassem", "official", "", True),
    ("SDF media wing", "official", "", False),
    ("Ministry of Health", "official", "", False),
    ("Syrian Observatory for Human Rights", "organisation", "", False),
    ("Amaq", "agency", "", False),
    ("Omar Haddad", "", "Mayor", True),
    ("Unknown", "", "", False),
    # checked after the rule was written (8/10 at first: a nationality made a minister a body, an acronym a person)
    ("Russian Defense Ministry", "official", "", False),
    ("Igor Konashenkov", "official", "", True),
    ("Kurdish Red Crescent", "official", "", False),
    ("SANA", "official", "", False),
    ("Governor of Deir Ezzor", "official", "", True),
    ("Turkish Foreign Minister Mevlut Cavusoglu", "official", "", True),
    ("Hmeimim reconciliation centre", "official", "", False),
    ("US State Department", "official", "", False),
    ("Kremlin spokesman Dmitry Peskov", "official", "", True),
])
def test_person_or_organization_from_kind_and_name(name: str, kind: str, job: str, person: bool) -> None:
    agent = source_agent(Source(id="s", name=name, kind=kind, job_title=job))
    assert agent["@type"] == ("Person" if person else "Organization")
    assert ("jobTitle" in agent) == bool(person and job)


def test_upgrade_backfills_published_at_from_history(desk: tuple[Path, dict[str, str]]) -> None:
    """A project of schema 9 (before publishing dates): the first time the history shows a verdict made final."""
    path, ids = desk
    con = sqlite3.connect(path)
    final_at = con.execute("SELECT min(at) FROM history WHERE claim_id = ? AND json_extract([after], '$.status') "
                           "= 'final'", [ids["final"]]).fetchone()[0]
    con.execute("UPDATE history SET at = '2025-01-02T03:04:05Z' WHERE claim_id = ? AND at = ?",
                [ids["final"], final_at])
    con.execute("DROP TABLE corrections")
    for table, column in (("claims", "published_at"), ("sources", "same_as"), ("sources", "job_title"),
                          ("sources", "image")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DROP INDEX idx_passages_annotation")
    con.execute("ALTER TABLE passages DROP COLUMN note")
    con.execute("ALTER TABLE passages DROP COLUMN annotation")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_publishing'")
    con.execute("PRAGMA user_version = 9")
    con.commit()
    con.close()
    project = project_ops.open_project(path)
    try:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert claim_ops.get_claim(project, ids["final"]).published_at == "2025-01-02T03:04:05Z"
        assert claim_ops.get_claim(project, ids["draft"]).published_at == ""
        assert corrections.corrections(project, ids["final"]) == []
    finally:
        project.close()
