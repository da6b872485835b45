"""Issue 14 on the command line: ``workbench profile`` (no project), ``workbench desk show|set``, ``workbench
claim assign`` and ``workbench list P claims --mine``; the sign-off rule refuses with exit 2 and changes nothing;
assigning is undoable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workbench import cli
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

OPS = Path(__file__).resolve().parents[1] / "fixtures" / "ops"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("desk") / "template.fcw"
    project = project_ops.create_project(path)
    try:
        (outcome,), _ = doc_ops.import_files(project, [OPS / "khirbet-nour-clashes.txt"])
        ids = []
        for quote in ("captured the grain mill", "denied that the village had changed hands"):
            start, end = claim_ops.locate_quote(project, outcome.document_id, quote)
            ids.append(str(claim_ops.create_claim_from_passage(project, outcome.document_id, start, end)[0]))
    finally:
        project.close()
    return path, ids


@pytest.fixture
def desk(template: tuple[Path, list[str]], tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "desk.fcw"
    shutil.copyfile(template[0], path)
    return path, template[1]


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: object) -> Any:
    code, out, err = wb(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_profile_show_and_set(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "fieldlaptop")
    shown = ok(capsys, "profile")
    assert (shown["set"], shown["name"], shown["display"]) == (False, "", "fieldlaptop")
    code, out, _ = wb(capsys, "profile")
    assert code == 0 and "No profile set" in out and "workbench profile set --name" in out
    row = ok(capsys, "profile", "set", "--name", "Lina Haddad", "--organisation", "Night Desk")
    assert (row["name"], row["organisation"], row["email"], row["display"]) == (
        "Lina Haddad", "Night Desk", "", "Lina Haddad (Night Desk)")
    row = ok(capsys, "profile", "set", "--name", "Lina Haddad", "--email", "lina@orontes.example")
    assert (row["organisation"], row["email"]) == ("Night Desk", "lina@orontes.example")  # kept, added
    assert ok(capsys, "profile", "show") == row
    code, out, _ = wb(capsys, "profile", "show")
    assert "history names you: Lina Haddad (Night Desk)" in out
    for args, message in ((["--name", ""], "Your name cannot be empty"),
                          (["--name", "Lina\tHaddad"], "control characters"),
                          (["--name", "Lina", "--email", "lina"], "“lina” is not an email address")):
        code, out, err = wb(capsys, "profile", "set", *args)
        assert (code, out) == (2, "") and message in err, err
    assert ok(capsys, "profile") == row  # refused: unchanged


def test_desk_rule_assignment_and_mine(desk: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, (mill, denial) = desk
    assert ok(capsys, "desk", "show", path) == {"signoff": "none", "reviewers": [], "members": []}
    row = ok(capsys, "desk", "set", path, "--signoff", "second", "--members", "Lina Haddad; Omar Khalil")
    assert row == {"signoff": "second", "reviewers": [], "members": ["Lina Haddad", "Omar Khalil"]}
    code, out, _ = wb(capsys, "desk", "show", path)
    assert "sign-off: second" in out and "members: Lina Haddad; Omar Khalil" in out
    code, out, err = wb(capsys, "desk", "set", path, "--signoff", "three")
    assert (code, out) == (2, "") and "“three” is not a sign-off rule" in err
    code, out, err = wb(capsys, "desk", "set", path)
    assert code == 2 and "give at least one of --signoff" in err

    ok(capsys, "profile", "set", "--name", "Lina Haddad", "--organisation", "Night Desk")
    assert ok(capsys, "claim", "assign", path, mill[:8], "Lina Haddad") == {"id": mill, "assignee": "Lina Haddad"}
    assert ok(capsys, "claim", "assign", path, denial[:8], "Omar Khalil")["assignee"] == "Omar Khalil"
    assert [r["id"] for r in ok(capsys, "list", path, "claims", "--mine")] == [mill]
    assert [r["assignee"] for r in ok(capsys, "list", path, "claims")] == ["Lina Haddad", "Omar Khalil"]
    code, out, err = wb(capsys, "list", path, "documents", "--mine")
    assert code == 2 and "--mine applies to “list claims” only" in err

    code, out, err = wb(capsys, "verdict", path, "--claim", mill, "--status", "final")
    assert (code, out) == (2, "") and "does not let a draft become final directly" in err
    assert ok(capsys, "verdict", path, "--claim", mill, "--status", "review")["status"] == "review"
    code, out, err = wb(capsys, "verdict", path, "--claim", mill, "--status", "final")
    assert code == 2 and "Lina Haddad (Night Desk) sent this verdict to review, so someone else" in err
    ok(capsys, "profile", "set", "--name", "Omar Khalil", "--organisation", "")
    assert ok(capsys, "verdict", path, "--claim", mill, "--status", "final")["status"] == "final"
    shown = ok(capsys, "claim", "show", path, mill)
    assert (shown["status"], shown["assignee"], shown["submitted_by"], shown["reviewed_by"]) == (
        "final", "Lina Haddad", "Lina Haddad (Night Desk)", "Omar Khalil")
    assert shown["reviewed_at"].startswith(shown["submitted_at"][:4])
    code, out, _ = wb(capsys, "claim", "show", path, mill)
    assert "desk: assigned to Lina Haddad · sent to review by Lina Haddad (Night Desk) " in out
    assert f"reviewed by Omar Khalil {shown['reviewed_at'][:10]}" in out
    history = ok(capsys, "history", path, "--claim", mill)
    assert [(e["who"], e["sentences"]) for e in history[-2:]] == [
        ("Lina Haddad (Night Desk)", ["status changed from draft to review"]),
        ("Omar Khalil", ["status changed from review to final"])]
    assert [r["id"] for r in ok(capsys, "list", path, "claims", "--mine")] == [denial]


def test_assigning_is_one_undoable_step(desk: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, (mill, _denial) = desk
    ok(capsys, "claim", "assign", path, mill, "Rana Aziz")
    ok(capsys, "claim", "assign", path, mill, "")
    code, out, _ = wb(capsys, "claim", "assign", path, mill, "Omar Khalil")
    assert code == 0 and out.strip() == f"{mill}  assigned to Omar Khalil"
    log = ok(capsys, "log", path)
    assert [e["label"] for e in log][:3] == ["Assign claim"] * 3
    assert wb(capsys, "undo", path)[0] == 0
    assert ok(capsys, "list", path, "claims")[0]["assignee"] == ""
    assert wb(capsys, "undo", path)[0] == 0
    assert ok(capsys, "list", path, "claims")[0]["assignee"] == "Rana Aziz"
    code, out, err = wb(capsys, "claim", "assign", path, "beefbeef", "Omar")
    assert code == 2 and "beefbeef" in err
