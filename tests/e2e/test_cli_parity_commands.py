"""CLI at parity (issue 11): the window's actions that had no command — document metadata, segment marks,
claim/evidence/source editing and grading, the rating scale, entities' spellings, new projects, backups — run
through ``cli.main`` in-process on real projects. Each bad input names the thing and the reason, exits 2 and
leaves every table of the project as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workbench import cli, cli_entities
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

OPS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ops"
KHIRBET = OPS_FIXTURES / "khirbet-nour-clashes.txt"
AIN_JADID = OPS_FIXTURES / "ain-jadid-shelling.txt"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Two articles, one claim with an appearance and a piece of evidence from a source (made with the ops)."""
    path = tmp_path_factory.mktemp("parity") / "template.fcw"
    project = project_ops.create_project(path)
    try:
        outcomes, _ = doc_ops.import_files(project, [KHIRBET, AIN_JADID])
        docs = {Path(o.path).stem: o.document_id for o in outcomes}
        k = docs["khirbet-nour-clashes"]
        start, end = claim_ops.locate_quote(project, k, "captured the grain mill")
        claim_id, _ = claim_ops.create_claim_from_passage(project, k, start, end, claimant="Local sources")
        start, end = claim_ops.locate_quote(project, k, "denied that the village had changed hands")
        ev_id, _ = claim_ops.add_passage_evidence(project, claim_id, k, start, end, Stance.REFUTES,
                                                  source="Levant News Agency")
        start, end = claim_ops.locate_quote(project, k, "the clashes had moved")
        app_id, _ = claim_ops.add_appearance(project, claim_id, k, start, end)
    finally:
        project.close()
    return path, {**docs, "claim": claim_id, "evidence": ev_id, "appearance": app_id}


@pytest.fixture
def desk(template: tuple[Path, dict[str, str]], tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the template for one test; backups go under tmp_path."""
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "desk.fcw"
    shutil.copyfile(template[0], path)
    return path, template[1]


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ok_json(capsys: pytest.CaptureFixture[str], *args: object) -> Any:
    code, out, err = wb(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the project (to show that a refused command wrote nothing)."""
    project = project_ops.open_project(path, read_only=True, check_content=False)
    try:
        with project.read() as db:
            return {name: list(db[name].rows) for name in db.table_names()}
    finally:
        project.close()


def refused(capsys: pytest.CaptureFixture[str], path: Path, *args: object) -> str:
    """Run a command that must be refused: exit 2, nothing on stdout, the project unchanged; the message."""
    before = tables(path)
    code, out, err = wb(capsys, *args)
    assert code == 2, (args, out, err)
    assert out == ""
    assert err.startswith("error: ")
    assert tables(path) == before, args
    return err


# ------------------------------------------------------------------------------------------ documents


def test_document_set_gives_a_url_that_claimreview_uses(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    k = ids["khirbet-nour-clashes"]
    shown = ok_json(capsys, "document", "show", path, k[:8])
    assert (shown["id"], shown["url"], shown["author"]) == (k, "", "Rami Haddad")
    row = ok_json(capsys, "document", "set", path, k[:8], "--url", "https://orontes.example/khirbet",
                  "--publisher", "Orontes Dispatch (Beirut)", "--author", "Rami Haddad, Beirut",
                  "--published", "2017-12-09", "--language", "en", "--direction", "ltr")
    assert {key: row[key] for key in ("url", "publisher", "author", "published", "language", "direction")} == {
        "url": "https://orontes.example/khirbet", "publisher": "Orontes Dispatch (Beirut)",
        "author": "Rami Haddad, Beirut", "published": "2017-12-09", "language": "en", "direction": "ltr"}
    assert row["title"] == shown["title"]  # a field not given stays
    listed = {d["id"]: d for d in ok_json(capsys, "list", path, "documents")}
    assert listed[k]["url"] == "https://orontes.example/khirbet"

    # the URL is what ClaimReview's appearance needs
    assert wb(capsys, "verdict", path, "--claim", ids["claim"], "--rating", "False", "--status", "final")[0] == 0
    out = tmp_path / "review.json"
    assert "set the base URL" in refused(capsys, path, "export", path, "--format", "claimreview", "-o", out)
    assert not out.exists()
    assert wb(capsys, "settings", path, "--base-url", "https://orontes.example/checks/")[0] == 0
    assert wb(capsys, "export", path, "--format", "claimreview", "-o", out)[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    reviews = data if isinstance(data, list) else data.get("@graph", [data])
    appearance = reviews[0]["itemReviewed"]["appearance"][0]
    assert appearance["url"] == "https://orontes.example/khirbet"

    code, out_text, _ = wb(capsys, "document", "set", path, k[:8], "--direction", "auto", "--author", "")
    assert code == 0 and "direction: (not set)" in out_text and "author: (not set)" in out_text
    history = [e["action"] for e in ok_json(capsys, "history", path, "--claim", ids["claim"])]
    assert "claim created" in history


def test_document_set_refusals_change_nothing(desk: tuple[Path, dict[str, str]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    k = ids["khirbet-nour-clashes"][:8]
    assert "No document with id 'beefbeef'" in refused(capsys, path, "document", "set", path, "beefbeef",
                                                       "--title", "x")
    assert "“ftp://orontes.example” is not a web address" in refused(capsys, path, "document", "set", path, k,
                                                                      "--url", "ftp://orontes.example")
    assert "“2017-02-30” is not a date" in refused(capsys, path, "document", "set", path, k, "--published",
                                                   "2017-02-30", "--title", "changed")
    assert "“sideways” is not a writing direction" in refused(capsys, path, "document", "set", path, k,
                                                              "--direction", "sideways")
    assert "“english!” is not a language tag" in refused(capsys, path, "document", "set", path, k,
                                                         "--language", "english!")
    assert "give at least one of --title" in refused(capsys, path, "document", "set", path, k)
    assert "no such project file" in refused(capsys, path, "document", "show", path.with_name("gone.fcw"), k)


def test_segment_mark_by_range_and_by_quote(desk: tuple[Path, dict[str, str]],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    k = ids["khirbet-nour-clashes"]
    text = KHIRBET.read_text(encoding="utf-8").replace("\r\n", "\n")
    start = text.index("Support Orontes Dispatch")
    end = start + len("Support Orontes Dispatch")
    assert ok_json(capsys, "document", "text", path, k[:8])["text"] == text
    assert wb(capsys, "document", "text", path, k[:8])[1] == text
    before = ok_json(capsys, "segment", "list", path, k[:8])
    assert all(s["text"] == text[s["start"]:s["end"]] for s in before)
    marked = ok_json(capsys, "segment", "mark", path, k[:8], "comments", "--range", f"{start}-{end}")
    assert (marked["start"], marked["end"], marked["kind"]) == (start, end, "comments")
    assert {"start": start, "end": end, "kind": "comments", "text": "Support Orontes Dispatch"} in marked["segments"]
    assert ok_json(capsys, "segment", "list", path, k[:8]) == marked["segments"]

    quote = "The outlet did not publish any photos to support the report."
    marked = ok_json(capsys, "segment", "mark", path, k[:8], "boilerplate", "--quote", quote)
    q = text.index(quote)
    assert (marked["start"], marked["end"]) == (q, q + len(quote))
    assert any(s["kind"] == "boilerplate" and s["start"] <= q and q + len(quote) <= s["end"]
               for s in marked["segments"])
    code, out, _ = wb(capsys, "segment", "mark", path, k[:8], "body", "--range", f"{start}:{end}")
    assert code == 0 and out.startswith(f"marked {start}-{end} of {k[:8]} as body: “Support Orontes Dispatch”")


def test_segment_mark_refusals_change_nothing(desk: tuple[Path, dict[str, str]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    k = ids["khirbet-nour-clashes"][:8]
    n = len(KHIRBET.read_text(encoding="utf-8").replace("\r\n", "\n"))
    assert "--range 40-10: the start must come before the end" in refused(
        capsys, path, "segment", "mark", path, k, "comments", "--range", "40-10")
    err = refused(capsys, path, "segment", "mark", path, k, "comments", "--range", f"10-{n + 5}")
    assert f"--range 10-{n + 5} is outside document {k}" in err and f"which has {n} characters" in err
    assert "--range “ten-twenty”: not a range" in refused(capsys, path, "segment", "mark", path, k, "body",
                                                          "--range", "ten-twenty")
    assert "No document with id 'beefbeef'" in refused(capsys, path, "segment", "mark", path, "beefbeef", "body",
                                                       "--range", "1-5")
    assert "does not occur in" in refused(capsys, path, "segment", "mark", path, k, "body", "--quote",
                                          "words that are not there")
    assert "one" in refused(capsys, path, "segment", "mark", path, k, "body")
    with pytest.raises(SystemExit) as exit_:  # an unknown kind is a usage error (argparse: exit 2)
        cli.main(["segment", "mark", str(path), k, "adverts", "--range", "1-5"])
    assert exit_.value.code == 2
    assert "use body, comments or boilerplate" in capsys.readouterr().err


# ------------------------------------------------------------------------------- claims and evidence


def test_claim_show_set_appearance_unlink_delete(desk: tuple[Path, dict[str, str]],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    c = ids["claim"][:8]
    shown = ok_json(capsys, "claim", "show", path, c)
    assert [a["id"] for a in shown["appearances"]][1:] == [ids["appearance"]]
    assert [e["id"] for e in shown["evidence"]] == [ids["evidence"]]

    row = ok_json(capsys, "claim", "set", path, c, "--text", "Tribal fighters captured the grain mill",
                  "--date", "2017-12-08", "--attribution", "Qalamoun Voice", "--tag", "mill", "--tag", "village")
    assert (row["text"], row["claim_date"], row["attribution"], row["tags"]) == (
        "Tribal fighters captured the grain mill", "2017-12-08", ["Qalamoun Voice"], ["mill", "village"])
    row = ok_json(capsys, "claim", "set", path, c, "--rename-claimant", "Village sources", "--keep-alias")
    assert row["claimant"] == "Village sources"
    sources = {s["name"]: s for s in ok_json(capsys, "list", path, "sources")}
    assert sources["Village sources"]["aliases"] == ["Local sources"]

    made = ok_json(capsys, "claim", "appearance", path, c, "--document", ids["khirbet-nour-clashes"][:8],
                   "--quote", "Heavy fighting broke out")
    assert made["claim_id"] == ids["claim"]
    assert made["id"] in [a["id"] for a in ok_json(capsys, "claim", "show", path, c)["appearances"]]
    assert ok_json(capsys, "claim", "unlink", path, made["id"][:8]) == {"removed": made["id"]}
    assert made["id"] not in [a["id"] for a in ok_json(capsys, "claim", "show", path, c)["appearances"]]

    assert ok_json(capsys, "claim", "delete", path, c) == {"deleted": ids["claim"]}
    assert ok_json(capsys, "list", path, "claims") == []


def test_evidence_grade_set_remove(desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    e = ids["evidence"][:8]
    graded = ok_json(capsys, "evidence", "grade", path, e, "2")
    assert (graded["id"], graded["credibility"], graded["credibility_label"]) == (ids["evidence"], 2, "Probably true")
    row = ok_json(capsys, "evidence", "set", path, e, "--stance", "context", "--source", "SANA", "--note",
                  "Checked with a second call.")
    assert (row["stance"], row["source"], row["note"], row["credibility"]) == (
        "context", "SANA", "Checked with a second call.", 2)  # credibility not given: kept
    assert ok_json(capsys, "evidence", "grade", path, e, "none")["credibility"] is None
    listed = ok_json(capsys, "list", path, "evidence", "--claim", ids["claim"][:8])
    assert [(r["id"], r["stance"], r["credibility"]) for r in listed] == [(ids["evidence"], "context", None)]
    assert ok_json(capsys, "evidence", "remove", path, e) == {"removed": ids["evidence"]}
    assert ok_json(capsys, "list", path, "evidence") == []


def test_claim_and_evidence_refusals_change_nothing(desk: tuple[Path, dict[str, str]],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    c, e = ids["claim"][:8], ids["evidence"][:8]
    assert "not a grade" in refused(capsys, path, "evidence", "grade", path, e, "A")
    assert "not 9" in refused(capsys, path, "evidence", "grade", path, e, "9")
    assert "No evidence with id 'beefbeef'" in refused(capsys, path, "evidence", "grade", path, "beefbeef", "2")
    # an appearance is not evidence
    assert f"No evidence with id '{ids['appearance'][:8]}'" in refused(capsys, path, "evidence", "remove", path,
                                                                        ids["appearance"][:8])
    assert "No claim with id 'beefbeef'" in refused(capsys, path, "claim", "set", path, "beefbeef", "--text", "x")
    assert "“2017-13-40” is not a date" in refused(capsys, path, "claim", "set", path, c, "--text", "changed",
                                                   "--date", "2017-13-40")
    assert "A claim needs a text" in refused(capsys, path, "claim", "set", path, c, "--tag", "new", "--text", " ")
    assert "give at least one of" in refused(capsys, path, "claim", "set", path, c)
    assert "too short" in refused(capsys, path, "claim", "unlink", path, "ab")
    assert "does not occur" in refused(capsys, path, "claim", "appearance", path, c, "--document",
                                       ids["ain-jadid-shelling"][:8], "--quote", "grain mill")


# --------------------------------------------------------------------------------- sources and scale


def test_source_grade_set_show_delete(desk: tuple[Path, dict[str, str]],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    graded = ok_json(capsys, "source", "grade", path, "Levant News Agency", "b")
    assert (graded["name"], graded["reliability"], graded["reliability_label"]) == (
        "Levant News Agency", "B", "Usually reliable")
    row = ok_json(capsys, "source", "set", path, "Levant News Agency", "--alias", "LNA", "--affiliation",
                  "state-run", "--kind", "agency")
    assert (row["aliases"], row["affiliation"], row["kind"], row["reliability"]) == (
        ["LNA"], "state-run", "agency", "B")
    assert ok_json(capsys, "source", "grade", path, "LNA", "none")["reliability"] == ""  # found by its alias
    assert wb(capsys, "verdict", path, "--claim", ids["claim"], "--rating", "False")[0] == 0
    shown = ok_json(capsys, "source", "show", path, "LNA")
    assert shown["track_record"] == [{"claim_id": ids["claim"], "claim": "captured the grain mill",
                                      "role": shown["track_record"][0]["role"], "rating": "False"}]
    assert "refutes" in shown["track_record"][0]["role"]
    deleted = ok_json(capsys, "source", "delete", path, "LNA")
    assert deleted["name"] == "Levant News Agency"
    assert "Levant News Agency" not in [s["name"] for s in ok_json(capsys, "list", path, "sources")]


def test_source_refusals_change_nothing(desk: tuple[Path, dict[str, str]],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids = desk
    assert "“G” is not a reliability grade" in refused(capsys, path, "source", "grade", path, "Levant News Agency",
                                                       "G")
    assert "No source called “Nobody”" in refused(capsys, path, "source", "grade", path, "Nobody", "A")
    assert "already names another source" in refused(capsys, path, "source", "set", path, "Levant News Agency",
                                                     "--name", "Local sources")
    assert "give at least one of" in refused(capsys, path, "source", "set", path, "Levant News Agency")


def test_scale_round_trip_rename_and_refusals(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    scale = ok_json(capsys, "scale", path)
    assert [r["label"] for r in scale][:2] == ["True", "Mostly true"]
    assert wb(capsys, "verdict", path, "--claim", ids["claim"], "--rating", "True")[0] == 0
    scale[0]["label"] = "Accurate"
    new = tmp_path / "scale.json"
    new.write_text(json.dumps(scale), encoding="utf-8")
    assert "“True” is the rating of 1 claim(s)" in refused(capsys, path, "scale", path, "--load", new)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"label": "True", "value": "five"}]', encoding="utf-8")
    assert f"{bad}: rating 1 (“True”): \"value\" must be a whole number" in refused(capsys, path, "scale", path,
                                                                                    "--load", bad)
    bad.write_text("{not json", encoding="utf-8")
    assert f"{bad}: not a JSON rating scale" in refused(capsys, path, "scale", path, "--load", bad)
    assert "write OLD=NEW" in refused(capsys, path, "scale", path, "--load", new, "--rename", "True")

    after = ok_json(capsys, "scale", path, "--load", new, "--rename", "True=Accurate")
    assert after == scale
    assert [c["rating"] for c in ok_json(capsys, "list", path, "claims")] == ["Accurate"]


# --------------------------------------------------------------------------------------------- entities


def test_alias_remove_rename_kind_suggest_reject_delete(desk: tuple[Path, dict[str, str]],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids = desk
    made = ok_json(capsys, "alias", "add", path, "Khirbet al-Nour", "Khirbet en-Nur", "Kherbet Nour",
                   "--kind", "place")
    assert ok_json(capsys, "alias", "remove", path, "Kherbet Nour", "Kherbet Nour")["aliases"] == ["Khirbet en-Nur"]
    renamed = ok_json(capsys, "alias", "rename", path, made["id"], "Khirbet al-Nur")
    assert (renamed["id"], renamed["name"], renamed["kind"]) == (made["id"], "Khirbet al-Nur", "place")
    assert ok_json(capsys, "alias", "kind", path, "Khirbet al-Nur", "none")["kind"] == ""
    suggested = ok_json(capsys, "alias", "suggest", path, "Khirbet al-Nur")
    assert "Khirbet al-Nour" in [s["variant"] for s in suggested]  # the article's own spelling
    assert ok_json(capsys, "alias", "reject", path, "Khirbet al-Nur", "Khirbet al-Nour")["rejected"] == \
        "Khirbet al-Nour"
    assert "Khirbet al-Nour" not in [s["variant"] for s in ok_json(capsys, "alias", "suggest", path,
                                                                   "Khirbet al-Nur")]
    assert isinstance(ok_json(capsys, "alias", "suggest", path), list)
    assert ok_json(capsys, "alias", "delete", path, "Khirbet en-Nur")["name"] == "Khirbet al-Nur"
    assert "Khirbet al-Nur" not in [e["name"] for e in ok_json(capsys, "list", path, "entities")]


def test_alias_refusals_change_nothing(desk: tuple[Path, dict[str, str]],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids = desk
    assert wb(capsys, "alias", "add", path, "Khirbet al-Nour", "Khirbet en-Nur")[0] == 0
    assert "No entity called “Atlantis”" in refused(capsys, path, "alias", "rename", path, "Atlantis", "X")
    assert "“Kherbet Nour” is not a spelling of Khirbet al-Nour" in refused(
        capsys, path, "alias", "remove", path, "Khirbet al-Nour", "Kherbet Nour")


# ---------------------------------------------------------------------------------- new and backups


def test_new_backup_copy_and_restore(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    empty = tmp_path / "empty.fcw"
    assert ok_json(capsys, "new", empty) == {"path": str(empty)}
    assert ok_json(capsys, "list", empty, "documents") == []
    assert "already exists" in refused(capsys, empty, "new", empty)

    assert ok_json(capsys, "backup", "list", path) == []
    made = Path(ok_json(capsys, "backup", "make", path)["path"])
    assert made.is_file() and (tmp_path / "data" / "backups") in made.parents
    listed = ok_json(capsys, "backup", "list", path)
    assert [(b["number"], b["path"], b["documents"], b["claims"], b["ok"]) for b in listed] == [
        (1, str(made), 2, 1, True)]

    copy = tmp_path / "copy.fcw"
    assert ok_json(capsys, "backup", "copy", path, copy) == {"path": str(copy)}
    assert [c["id"] for c in ok_json(capsys, "list", copy, "claims")] == [ids["claim"]]

    assert wb(capsys, "claim", "delete", path, ids["claim"])[0] == 0  # a change after the backup
    restored = tmp_path / "restored.fcw"
    result = ok_json(capsys, "backup", "restore", path, "1", "--to", restored)
    assert result == {"restored": str(restored), "backup": str(made), "moved_aside": None}
    assert [c["id"] for c in ok_json(capsys, "list", restored, "claims")] == [ids["claim"]]
    assert ok_json(capsys, "list", path, "claims") == []  # the project itself is untouched

    assert "backup 2: desk.fcw has 1 backup(s)" in refused(capsys, path, "backup", "restore", path, "2", "--to",
                                                           tmp_path / "other.fcw")
    assert "already exists" in refused(capsys, path, "backup", "restore", path, "1", "--to", restored)
    assert "give --to TARGET" in refused(capsys, path, "backup", "restore", path, "1")

    in_place = ok_json(capsys, "backup", "restore", path, str(made), "--in-place")
    aside = Path(in_place["moved_aside"])
    assert aside.is_file() and aside.name.startswith("desk.fcw.damaged-")
    assert [c["id"] for c in ok_json(capsys, "list", path, "claims")] == [ids["claim"]]


def test_alias_groups_and_split_the_automatic_spellings(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "spellings.fcw"
    project = project_ops.create_project(path)
    try:
        doc_ops.import_files(project, sorted((OPS_FIXTURES.parent / "related").glob("*.txt")))
    finally:
        project.close()
    groups = ok_json(capsys, "alias", "groups", path)
    assert {"Khasham", "Khusham", "Ksham"} <= {n for g in groups for n in g["names"]}
    assert all(g["documents"] >= 2 for g in groups)
    code, plain, _err = wb(capsys, "alias", "groups", path)
    assert code == 0 and "≈" in plain and "document(s)" in plain
    calls: list[str] = []
    real = cli_entities._change
    monkeypatch.setattr(cli_entities, "_change", lambda p, label, fn, *a, **k: (calls.append(label),
                                                                                 real(p, label, fn, *a, **k))[1])
    split = ok_json(capsys, "alias", "split", path, "ksham")  # any case: the spelling as the documents write it
    assert split["spelling"] == "Ksham" and "Khasham" in split["group"] and calls == ["Split spelling off"]
    after = ok_json(capsys, "alias", "groups", path)
    assert not any("Ksham" in g["names"] and "Khasham" in g["names"] for g in after)
    hits = ok_json(capsys, "search", path, "Khasham", "--kind", "document")
    assert "Ksham" not in {h["matched_variant"] for h in hits}
    assert "is in no automatic spelling group" in refused(capsys, path, "alias", "split", path, "Aleppo")
    assert wb(capsys, "undo", path)[0] == 0
    assert any("Ksham" in g["names"] and "Khasham" in g["names"] for g in ok_json(capsys, "alias", "groups", path))
