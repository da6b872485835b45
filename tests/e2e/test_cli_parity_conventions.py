"""CLI at parity (issue 11): the conventions every command keeps — one top-level help naming every command and
subcommand with the exit codes, --json on every command, exit 0/1/2 (3 for a bug), one argument order (suggest's
old order still accepted), a closed pipe exits 141 quietly, and every change goes through ``cli._change`` with
the window's undo label."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench import cli, cli_documents, cli_edit, cli_entities
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

ROOT = Path(__file__).resolve().parents[2]
OPS_FIXTURES = ROOT / "tests" / "fixtures" / "ops"
KHIRBET = OPS_FIXTURES / "khirbet-nour-clashes.txt"
UI = ROOT / "workbench" / "ui"
# Labels of command-line changes the window makes without an undo step (or not at all), and why.
CLI_ONLY_LABELS = {
    "Import files": "the window imports on a worker, outside the undo stack",
    "Import bundle": "bundles are imported by the command line only",
    "Edit report settings": "the export dialog saves settings outside the undo stack",
    "Re-segment documents": "the Re-segment dialog runs outside the undo stack",
    "Edit claim": "claim set with several options: their edits as one step",
    "": "the sources' aliases becoming entities: no undo step in the window either",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("conventions") / "template.fcw"
    project = project_ops.create_project(path)
    try:
        (outcome,), _ = doc_ops.import_files(project, [KHIRBET])
        doc = outcome.document_id
        start, end = claim_ops.locate_quote(project, doc, "captured the grain mill")
        claim_id, _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant="Local sources")
        start, end = claim_ops.locate_quote(project, doc, "denied that the village had changed hands")
        ev_id, _ = claim_ops.add_passage_evidence(project, claim_id, doc, start, end, Stance.REFUTES,
                                                  source="Levant News Agency")
    finally:
        project.close()
    return path, {"doc": doc, "claim": claim_id, "evidence": ev_id}


@pytest.fixture
def desk(template: tuple[Path, dict[str, str]], tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "desk.fcw"
    shutil.copyfile(template[0], path)
    return path, template[1]


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8"}


# ------------------------------------------------------------------------------------------------ help


def test_top_level_help_names_every_command_and_subcommand_and_the_exit_codes(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line per command
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    described = dict(re.findall(r"^    (\S+) +(\S.*)$", out, flags=re.MULTILINE))
    leaves = cli.subcommands()
    commands = {name.split()[0] for name in leaves}
    assert commands == set(cli.COMMANDS)  # the window's dispatch (app.main) knows every command
    assert set(described) == commands  # each with its one-line description
    for name in leaves:  # "claim set" → the line of "claim" names "set"
        words = name.split()
        if len(words) == 2:
            assert re.search(rf"\b{words[1]}\b", described[words[0]]), (name, described[words[0]])
    for code in ("0", "1", "2", "3", "141"):
        assert re.search(rf"^  {code} +\S", out, flags=re.MULTILINE), code
    assert "--json" in out
    assert out.endswith(cli.commands_help() + "\n")  # for the window's `workbench --help` to end with


def test_every_command_takes_json_and_has_help() -> None:
    leaves = cli.subcommands()
    assert len(leaves) >= 40
    for name, parser in leaves.items():
        options = {o for action in parser._actions for o in action.option_strings}
        assert "--json" in options, name
        assert parser.description, name


# ----------------------------------------------------------------------------------------- exit codes


def test_exit_codes_bad_input_missing_or_damaged_project_and_a_bug(
        desk: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = desk
    code, out, err = wb(capsys, "list", tmp_path / "nowhere.fcw", "documents", "--json")
    assert (code, out) == (2, "") and err == f"error: {tmp_path / 'nowhere.fcw'}: no such project file.\n"
    damaged = tmp_path / "damaged.fcw"
    damaged.write_bytes(b"this is not a project file" * 100)
    code, out, err = wb(capsys, "claim", "show", damaged, ids["claim"], "--json")
    assert (code, out) == (2, "") and err.startswith("error: ") and "damaged.fcw" in err
    assert damaged.read_bytes() == b"this is not a project file" * 100

    code, out, err = wb(capsys, "import", path, KHIRBET, tmp_path / "never-written.txt", "--json")
    assert code == 1  # partly refused: one file of the batch
    assert [o["status"] for o in json.loads(out)] == ["duplicate", "rejected"]

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug in listing")

    monkeypatch.setattr(doc_ops, "list_documents", broken)
    code, out, err = wb(capsys, "list", path, "documents")
    assert (code, out) == (3, "")
    assert err.startswith("internal error (a bug") and "RuntimeError: a bug in listing" in err


def test_closed_pipe_exits_141_quietly(desk: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`workbench list P documents | head -1`: here the reader is gone before the command writes, every time.
    With stdout unbuffered (PYTHONUNBUFFERED) argparse itself ignores a help text it cannot write: exit 0."""
    path, _ids = desk
    buffered = {k: v for k, v in env(tmp_path).items() if k != "PYTHONUNBUFFERED"}
    for args, environ, status in ((["list", str(path), "documents"], buffered, 141),
                                  (["list", str(path), "documents"], {**buffered, "PYTHONUNBUFFERED": "1"}, 141),
                                  (["list", "--help"], buffered, 141)):
        proc = subprocess.Popen([sys.executable, "-m", "workbench", *args], env=environ, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the only reader closes the pipe at once
        with proc.stderr:
            err = proc.stderr.read()
        assert proc.wait(timeout=60) == status, (args, err)
        assert err == b"", err  # no traceback, no "Exception ignored"


def test_the_windows_help_names_every_command_and_ends_quietly_on_a_closed_pipe(tmp_path: Path) -> None:
    """`workbench --help` (the window's arguments) ends with the command list; `workbench --help | head -1`
    prints no traceback."""
    out = subprocess.run([sys.executable, "-m", "workbench", "--help"], env=env(tmp_path), cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.rstrip().endswith(cli.commands_help())
    for command in cli.COMMANDS:
        assert f"\n    {command} " in out, command
    buffered = {k: v for k, v in env(tmp_path).items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "--help"], env=buffered, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141 and err == b"", err


def test_suggest_takes_the_project_first_and_still_the_old_order(
        desk: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    new = wb(capsys, "suggest", path, "claims", "--document", ids["doc"][:8], "--json")
    old = wb(capsys, "suggest", "claims", path, "--document", ids["doc"][:8], "--json")
    assert new[0] == 0 and new == old
    assert all(s["document_id"] == ids["doc"] for s in json.loads(new[1]))
    code, out, err = wb(capsys, "suggest", path, "everything")
    assert (code, out) == (2, "") and "“everything” is not something to suggest" in err
    with pytest.raises(SystemExit):
        cli.main(["suggest", "--help"])
    assert "usage: workbench suggest [-h] [--document ID]" in " ".join(capsys.readouterr().out.split())


# ----------------------------------------------------------------------------------- one way to change


def _window_labels() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in UI.glob("*.py"))


def test_every_change_goes_through_change_with_the_windows_label(
        desk: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = desk
    calls: list[tuple[str, str]] = []
    real = cli._change

    def recording(project: Any, label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append((label, fn.__name__))
        return real(project, label, fn, *args, **kwargs)

    for module in (cli, cli_documents, cli_edit, cli_entities):  # the others import it when they run
        monkeypatch.setattr(module, "_change", recording)
    c, e, d = ids["claim"][:8], ids["evidence"][:8], ids["doc"][:8]
    scale = tmp_path / "scale.json"
    scale.write_text(wb(capsys, "scale", path, "--json")[1], encoding="utf-8")
    commands: list[tuple[list[object], list[str]]] = [
        (["import", path, OPS_FIXTURES / "ain-jadid-shelling.txt"], ["Import bundle", "Import files"]),
        (["claim", "add", path, "--document", d, "--quote", "grain mill"], ["New claim"]),
        (["evidence", "add", path, "--claim", c, "--note", "A call to the mill", "--stance", "supports"],
         ["Add evidence"]),
        (["verdict", path, "--claim", c, "--rating", "False"], ["Change verdict"]),
        (["verdict", path, "--claim", c, "--rationale", "Because."], ["Edit rationale"]),
        (["verdict", path, "--claim", c, "--status", "final"], ["Change verdict"]),
        (["correction", "add", path, c, "--text", "A second call to the mill."], ["Publish correction"]),
        (["source", "add", path, "Qalamoun Voice"], ["Add source"]),
        (["source", "prune", path], ["Remove unused sources"]),
        (["settings", path, "--author", "Night Desk"], ["Edit report settings"]),
        (["alias", "add", path, "Khirbet al-Nour", "Khirbet en-Nur"], ["Add spelling"]),
        (["resegment", path, d], ["Re-segment documents"]),
        (["document", "set", path, d, "--url", "https://orontes.example/k"], ["Edit metadata"]),
        (["segment", "mark", path, d, "comments", "--range", "0-10"], ["Mark as comments"]),
        (["claim", "set", path, c, "--text", "The mill was captured"], ["Edit claim text"]),
        (["claim", "set", path, c, "--claimant", "Tribal sources"], ["Change claimant"]),
        (["claim", "set", path, c, "--rename-claimant", "Tribe sources"], ["Rename source"]),
        (["claim", "set", path, c, "--date", "2017-12-08"], ["Edit claim date"]),
        (["claim", "set", path, c, "--attribution", "Qalamoun Voice"], ["Edit attribution"]),
        (["claim", "set", path, c, "--tag", "mill"], ["Edit tags"]),
        (["claim", "set", path, c, "--tag", "mill", "--date", "2017-12-07"], ["Edit claim"]),
        (["claim", "appearance", path, c, "--document", d, "--quote", "Heavy fighting"], ["Add appearance"]),
        (["evidence", "grade", path, e, "3"], ["Edit evidence"]),
        (["evidence", "set", path, e, "--stance", "context"], ["Edit evidence"]),
        (["source", "grade", path, "Levant News Agency", "B"], ["Edit source"]),
        (["source", "set", path, "Levant News Agency", "--kind", "agency"], ["Edit source"]),
        (["scale", path, "--load", scale], ["Edit rating scale"]),
        (["alias", "rename", path, "Khirbet al-Nour", "Khirbet al-Nur"], ["", "Rename entity"]),
        (["alias", "kind", path, "Khirbet al-Nur", "place"], ["", "Change entity kind"]),
        (["alias", "remove", path, "Khirbet al-Nur", "Khirbet en-Nur"], ["", "Remove spelling"]),
        (["alias", "reject", path, "Khirbet al-Nur", "Kherbet Nour"], ["", "Reject spelling"]),
        (["alias", "delete", path, "Khirbet al-Nur"], ["", "Delete entity"]),
        (["claim", "assign", path, c, "Lina Haddad"], ["Assign claim"]),
        (["desk", "set", path, "--members", "Lina Haddad; Omar Khalil"], ["Edit desk settings"]),
        (["evidence", "remove", path, e], ["Remove evidence"]),
        (["source", "delete", path, "Levant News Agency"], ["Delete source"]),
    ]
    for args, labels in commands:
        calls.clear()
        code, _out, err = wb(capsys, *args)
        assert code == 0, (args, err)
        assert [label for label, _fn in calls] == labels, args
    shown = json.loads(wb(capsys, "claim", "show", path, c, "--json")[1])
    calls.clear()
    assert wb(capsys, "claim", "unlink", path, shown["appearances"][-1]["id"])[0] == 0
    assert [label for label, _ in calls] == ["Remove link"]
    calls.clear()
    assert wb(capsys, "claim", "delete", path, c)[0] == 0
    assert calls == [("Delete claim", "delete_claim")]

    window = _window_labels()
    used = {label for _args, labels in commands for label in labels} | {"Remove link", "Delete claim"}
    for label in used - set(CLI_ONLY_LABELS):
        literal = 'undo=f"Mark as {kind.value}"' if label.startswith("Mark as ") else f'"{label}"'
        assert literal in window, f"{label!r} is not a label of the window"

    calls.clear()  # commands that only read never call it
    for args in (["list", path, "claims"], ["claim", "show", path, c], ["scale", path], ["segment", "list", path, d],
                 ["document", "show", path, d], ["history", path, "--claim", ids["claim"]], ["backup", "list", path],
                 ["desk", "show", path], ["profile"], ["list", path, "claims", "--mine"]):
        wb(capsys, *args)
    assert calls == []


FOLLOW_UP = """Market Shelling In Ain Jadid: Nurse Speaks Again

Valley Courier — 12/12/2017

A nurse at the field hospital in Ain Jadid told Valley Courier on Tuesday that six civilians were killed when \
shells hit the market shortly after noon on Saturday. The ministry has denied that any artillery unit fired in \
the direction of Ain Jadid.
"""


def test_suggest_make_and_add_take_the_nth_suggestion_as_the_window_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    follow_up = tmp_path / "follow-up.txt"
    follow_up.write_text(FOLLOW_UP, encoding="utf-8")
    path = tmp_path / "market.fcw"
    code, out, err = wb(capsys, "import", path, OPS_FIXTURES / "ain-jadid-shelling.txt", follow_up, "--json")
    assert code == 0, err
    market, nurse = (o["document_id"] for o in json.loads(out))
    labels: list[str] = []
    real = cli._change

    def recording(project: Any, label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        labels.append(label)
        return real(project, label, fn, *args, **kwargs)

    monkeypatch.setattr(cli, "_change", recording)
    suggestions = json.loads(wb(capsys, "suggest", path, "claims", "--document", market[:8], "--json")[1])
    nurse_cited = next(i for i, s in enumerate(suggestions, 1) if "cited a nurse" in s["sentence"])
    made = json.loads(wb(capsys, "suggest", path, "claims", "--document", market[:8], "--make", nurse_cited,
                         "--json")[1])
    assert labels == ["New claim from suggestion"]
    claim = json.loads(wb(capsys, "claim", "show", path, made["id"], "--json")[1])
    chosen = suggestions[nurse_cited - 1]
    assert (claim["claimant"], claim["attribution"], claim["text"]) == (chosen["claimant"], ["FVN"],
                                                                        chosen["sentence"])

    shelling = json.loads(wb(capsys, "claim", "add", path, "--document", market, "--quote",
                             "shells hit the market shortly after noon", "--json")[1])["id"]
    labels.clear()
    related = json.loads(wb(capsys, "suggest", path, "evidence", "--claim", shelling[:8], "--json")[1])
    assert related[0]["document_id"] == nurse
    added = json.loads(wb(capsys, "suggest", path, "evidence", "--claim", shelling[:8], "--add", "1",
                          "--stance", "supports", "--json")[1])
    assert labels == ["Add evidence (supports)"]
    evidence = json.loads(wb(capsys, "list", path, "evidence", "--json")[1])
    assert [(e["id"], e["stance"], e["document_id"], e["start"]) for e in evidence] == [
        (added["id"], "supports", nurse, related[0]["start"])]
    assert 'undo=f"Add evidence ({stance.label.lower()})"' in _window_labels()

    code, out, err = wb(capsys, "suggest", path, "claims", "--document", market[:8], "--make", "99")
    assert (code, out) == (2, "") and f"document {market[:8]}: there are" in err and "no suggestion 99" in err
    code, out, err = wb(capsys, "suggest", path, "evidence", "--claim", shelling[:8], "--add", "1")
    assert code == 2 and "--add N and --stance" in err
    assert labels == ["Add evidence (supports)"]  # refused: nothing changed


def test_a_broken_pipe_that_is_not_stdout_is_a_bug_not_silence(
        desk: tuple[Path, dict[str, str]], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the reader of stdout going away is quiet (141); a pipe to a worker breaking is reported (3)."""
    path, _ids = desk

    def worker_gone(*_args: Any, **_kwargs: Any) -> None:
        raise BrokenPipeError(32, "Broken pipe (a worker's)")

    monkeypatch.setattr(doc_ops, "list_documents", worker_gone)
    assert cli.main(["list", str(path), "documents"]) == 3  # stdout (here a file) is fine
    out, err = capfd.readouterr()
    assert out == "" and "internal error" in err and "a worker's" in err
