"""Issue 13 point 6 — annotations both ways: ``workbench annotations import`` of this app's own W3C export and
of a Hypothesis search response (h's real format), matched by URL or SHA-256, anchored by quote (fuzzy when the
quote changed a little), reported when nothing matches, idempotent, and one undoable step per file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from workbench import cli
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import reports, verdicts
from workbench.store import passages as store_passages

ROOT = Path(__file__).resolve().parents[2]
OPS = ROOT / "tests" / "fixtures" / "ops"
KHIRBET, AIN_JADID = OPS / "khirbet-nour-clashes.txt", OPS / "ain-jadid-shelling.txt"
SEARCH = ROOT / "tests" / "fixtures" / "annotations" / "hypothesis-search.json"
URL = "https://orontes-dispatch.example/2017/12/khirbet-nour-clashes"


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _desk(path: Path) -> dict[str, str]:
    """A project with the two fixture articles, Khirbet's with its URL (the other has none: urn:sha256)."""
    project = project_ops.create_project(path)
    try:
        outcomes, _ = doc_ops.import_files(project, [KHIRBET, AIN_JADID])
        khirbet, ain = outcomes[0].document_id, outcomes[1].document_id
        meta = doc_ops.get_document(project, khirbet).metadata
        doc_ops.update_metadata(project, khirbet, replace(meta, url=URL))
        ids = {"khirbet": khirbet, "ain": ain}
    finally:
        project.close()
    return ids


def _passages(path: Path) -> list[Any]:
    project = project_ops.open_project(path, read_only=True)
    try:
        with project.read() as db:
            docs = {d.id: d.sha256 for d in doc_ops.list_documents(project)}
            return [(docs[p.document_id], p.start, p.end, p.note, p.annotation)
                    for d in docs for p in store_passages.for_document(db, d)]
    finally:
        project.close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_our_w3c_export_comes_back_at_the_same_offsets(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = env / "source.fcw"
    ids = _desk(source)
    project = project_ops.open_project(source)
    try:
        start, end = claim_ops.locate_quote(project, ids["khirbet"], "captured the grain mill")
        claim_id, _ = claim_ops.create_claim_from_passage(project, ids["khirbet"], start, end)
        start, end = claim_ops.locate_quote(project, ids["khirbet"], "denied that the village had changed hands")
        claim_ops.add_passage_evidence(project, claim_id, ids["khirbet"], start, end, Stance.REFUTES)
        text = doc_ops.get_document(project, ids["ain"]).text
        word = next(w for w in ("shells", "market", "Ain Jadid") if w in text)
        start, end = claim_ops.locate_quote(project, ids["ain"], word)
        claim_ops.add_passage_evidence(project, claim_id, ids["ain"], start, end, Stance.CONTEXT)
        verdicts.set_verdict(project, claim_id, rating="False", status="final")
        export = env / "highlights.jsonld"
        reports.export(project, "annotations", None, export)
    finally:
        project.close()
    original = sorted(p[:3] for p in _passages(source))
    assert len(original) == 3

    fresh = env / "fresh.fcw"
    _desk(fresh)
    code, out, err = wb(capsys, "annotations", "import", fresh, export, "--json")
    assert code == 0, err
    (result,) = json.loads(out)
    assert result["format"] == "w3c" and len(result["imported"]) == 3 and result["unmatched"] == []
    back = _passages(fresh)
    assert sorted(p[:3] for p in back) == original  # every passage at the same offsets, on the same document
    assert all(p[4].startswith("urn:uuid:") and p[3] for p in back)  # the annotation's id, its note
    assert any("Refutes the claim" in p[3] and "evidence-refutes" in p[3] for p in back)

    code, out, _ = wb(capsys, "annotations", "import", fresh, export, "--json")  # again: nothing added
    (again,) = json.loads(out)
    assert code == 0 and again["imported"] == [] and len(again["skipped"]) == 3
    assert {s["reason"] for s in again["skipped"]} == {"already imported"}
    assert len(_passages(fresh)) == 3

    # onto the project it came from: the same passages are there already
    code, out, _ = wb(capsys, "annotations", "import", source, export, "--json")
    assert code == 0 and json.loads(out)[0]["imported"] == [] and len(_passages(source)) == 3


def test_a_hypothesis_search_response(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk = env / "desk.fcw"
    ids = _desk(desk)
    code, out, err = wb(capsys, "annotations", "import", desk, SEARCH, "--json")
    assert code == 1, err  # partly: two annotations could not be placed
    (result,) = json.loads(out)
    assert result["format"] == "hypothesis"
    placed = {p["id"]: p for p in result["imported"]}
    assert set(placed) == {"Kq3vXHoBEe-9c2mQ1aZt4w", "Lr4wYIoBEe-Ad3nR2bAu5x"}
    text = Path(KHIRBET).read_text(encoding="utf-8")
    mill = placed["Kq3vXHoBEe-9c2mQ1aZt4w"]
    assert mill["document_id"] == ids["khirbet"]  # http://www.…/ matched https://… without www. and slash
    assert text[mill["start"]:mill["end"]] == "captured the grain mill and the old pumping station"
    denial = placed["Lr4wYIoBEe-Ad3nR2bAu5x"]  # its quote says "has" where the article says "had": fuzzy
    assert denial["method"] == "fuzzy"
    assert "denied that the village had changed hands" in text[denial["start"]:denial["end"]]
    unmatched = {u["id"]: u["reason"] for u in result["unmatched"]}
    assert "levant-news.example" in unmatched["Ms5xZJoBEe-Be4oS3cBv6y"]  # its document is not in the project
    assert "no document with that address" in unmatched["Ms5xZJoBEe-Be4oS3cBv6y"]
    assert "reply" in unmatched["Nt6yaKoBEe-Cf5pT4dCw7z"]
    notes = {p[4]: p[3] for p in _passages(desk)}
    assert "**local sources**" in notes["Kq3vXHoBEe-9c2mQ1aZt4w"]
    assert "Tags: unverified, attribution-chain" in notes["Kq3vXHoBEe-9c2mQ1aZt4w"]
    assert "Aleppo desk" in notes["Kq3vXHoBEe-9c2mQ1aZt4w"]

    project = project_ops.open_project(desk, read_only=True)
    try:
        highlights = claim_ops.highlights(project, ids["khirbet"])
    finally:
        project.close()
    assert sorted(h.role.value for h in highlights) == ["annotation", "annotation"]
    assert all(h.claim_id == "" and h.note for h in highlights)

    code, out, _ = wb(capsys, "annotations", "import", desk, SEARCH, "--json")
    assert [s["reason"] for s in json.loads(out)[0]["skipped"]] == ["already imported"] * 2
    assert len(_passages(desk)) == 2

    code, out, err = wb(capsys, "undo", desk, "--json")
    assert code == 0 and json.loads(out)["undone"] == ["Import annotations"], err
    assert _passages(desk) == []  # one step: all of the file's annotations


def test_a_passage_with_an_annotation_outlives_its_claim(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk = env / "desk.fcw"
    ids = _desk(desk)
    assert wb(capsys, "annotations", "import", desk, SEARCH)[0] == 1
    project = project_ops.open_project(desk)
    try:
        start, end = claim_ops.locate_quote(project, ids["khirbet"], "captured the grain mill")
        claim_id, _ = claim_ops.create_claim_from_passage(project, ids["khirbet"], start, end)
        claim_ops.delete_claim(project, claim_id)
    finally:
        project.close()
    assert len(_passages(desk)) == 2  # the claim's own passage went, the annotations stay


def test_import_of_an_annotations_file_as_a_document_says_what_to_do(env: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    desk = env / "desk.fcw"
    _desk(desk)
    code, out, err = wb(capsys, "import", desk, SEARCH)
    assert code == 1 and "workbench annotations import" in out + err
    code, out, err = wb(capsys, "annotations", "import", desk, KHIRBET)
    assert code == 2 and "is not JSON" in err
