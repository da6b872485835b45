"""Renaming a claimant (issue 16, item 5): rename the source everywhere, or give this claim another source;
sources nobody uses can be listed and removed (undoable), from the window and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.domain.changes import Changes
from workbench.domain.reasoning import describe
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import sources as src_ops
from workbench.ops import undo as undo_ops
from workbench.ops.project import open_project
from workbench.store.project import Project

from .conftest import KHIRBET

QUOTE = "fighters of the Northern Tribes Brigade entered the western quarter of Khirbet al-Nour"


@pytest.fixture
def claim(project: Project) -> str:
    from workbench.ops import documents as doc_ops

    outcome = doc_ops.import_file(project, KHIRBET)
    doc_id = outcome.document_id
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, *claim_ops.locate_quote(project, doc_id, QUOTE),
                                                      claimant="the document")
    return claim_id


def _names(project: Project) -> list[str]:
    return [s.name for s in src_ops.list_sources(project)]


def test_renaming_the_claimant_renames_its_source(project: Project, claim: str) -> None:
    """Issue 16 item 5 as reported: a new source was created and "the document" left with 0 uses."""
    claim_ops.rename_claimant(project, claim, "Qalamoun Voice")
    assert _names(project) == ["Qalamoun Voice"]
    assert claim_ops.claimant_name(project, claim_ops.get_claim(project, claim)) == "Qalamoun Voice"


def test_unused_sources_are_listed(project: Project, claim: str, tmp_path: Path) -> None:
    claim_ops.update_claim(project, claim, claimant="Qalamoun Voice")
    assert [s.name for s in src_ops.unused_sources(project)] == ["the document"]


def test_rename_keeps_every_use_and_can_keep_the_old_name_as_an_alias(project: Project, claim: str) -> None:
    from workbench.domain.model import Stance
    from workbench.ops import evidence as ev_ops
    from workbench.ops import verdicts

    verdicts.set_attribution(project, claim, ["the document", "local sources"])
    ev_ops.add_note_evidence(project, claim, "Said so on the phone.", Stance.SUPPORTS, source="the document")
    change = claim_ops.claimant_change(project, claim, "  Qalamoun   Voice ")
    assert change.needs_choice and change.can_rename and change.new_name == "Qalamoun Voice"
    assert (change.old_name, change.other_uses) == ("the document", 2)
    claim_ops.rename_claimant(project, claim, "Qalamoun Voice", keep_alias=True)
    src = src_ops.get_source(project, src_ops.resolve_source(project, "Qalamoun Voice"))
    assert src.aliases == ("the document",)
    assert src_ops.source_usage(project, src.id) == {"claimant": 1, "attribution": 1, "evidence": 1}
    assert _names(project) == ["local sources", "Qalamoun Voice"]
    entry = claim_ops.claim_history(project, claim)[-1]
    assert describe(entry) == ["claimant's source renamed from the document to Qalamoun Voice, everywhere it is used"]


def test_no_question_when_the_name_is_the_same_source_or_there_was_no_claimant(project: Project, claim: str) -> None:
    src_ops.update_source(project, src_ops.resolve_source(project, "the document"), aliases=["TD"])
    assert not claim_ops.claimant_change(project, claim, "td").needs_choice  # an alias of the same source
    assert not claim_ops.claimant_change(project, claim, "THE  document").needs_choice
    assert not claim_ops.claimant_change(project, claim, "").needs_choice  # clearing it
    claim_ops.update_claim(project, claim, claimant="")
    assert not claim_ops.claimant_change(project, claim, "Amaq").needs_choice


def test_rename_refuses_a_name_of_another_source(project: Project, claim: str) -> None:
    src_ops.create_source(project, "Amaq", aliases=["A'maq"])
    change = claim_ops.claimant_change(project, claim, "a'maq")
    assert change.needs_choice and not change.can_rename and change.existing_name == "Amaq"
    with pytest.raises(BadArgument, match="“a'maq” already names another source \\(Amaq\\)"):
        claim_ops.rename_claimant(project, claim, "a'maq")
    assert sorted(_names(project)) == ["Amaq", "the document"]


def test_another_source_for_this_claim_only_removes_the_old_one_if_asked(project: Project, claim: str) -> None:
    claim_ops.set_claimant(project, claim, "Amaq", remove_unused=True)
    assert _names(project) == ["Amaq"]
    changeset = project.last_changeset
    undo_ops.revert(project, changeset, "Change claimant")  # one step: the old source and claimant come back
    assert sorted(_names(project)) == ["the document"]
    assert claim_ops.claimant_name(project, claim_ops.get_claim(project, claim)) == "the document"
    undo_ops.reapply(project, changeset, "Change claimant")
    assert _names(project) == ["Amaq"]


def test_another_source_keeps_an_old_source_that_is_still_used(project: Project, claim: str) -> None:
    from workbench.ops import verdicts

    verdicts.set_attribution(project, claim, ["the document"])
    claim_ops.set_claimant(project, claim, "Amaq", remove_unused=True)
    assert sorted(_names(project)) == ["Amaq", "the document"]
    claim_ops.set_claimant(project, claim, "Amaq", remove_unused=True)  # nothing to do


def test_remove_unused_sources_is_one_undoable_step(project: Project, claim: str) -> None:
    claim_ops.update_claim(project, claim, claimant="Qalamoun Voice")
    src_ops.create_source(project, "Sputnik", affiliation="Russian state media")
    graded = src_ops.resolve_source(project, "Sputnik")
    assert [(s.name, src_ops.has_details(s)) for s in src_ops.unused_sources(project)] == [
        ("Sputnik", True), ("the document", False)]
    with pytest.raises(BadArgument, match="“Qalamoun Voice” is in use"):
        src_ops.remove_unused_sources(project, [src_ops.resolve_source(project, "Qalamoun Voice"), graded])
    assert len(_names(project)) == 3
    names, changes = src_ops.remove_unused_sources(project)
    assert names == ["Sputnik", "the document"] and changes
    assert _names(project) == ["Qalamoun Voice"]
    undo_ops.revert(project, project.last_changeset, "Remove unused sources")
    assert sorted(_names(project)) == ["Qalamoun Voice", "Sputnik", "the document"]
    assert src_ops.get_source(project, graded).affiliation == "Russian state media"
    assert src_ops.remove_unused_sources(project, []) == ([], Changes.NONE)


def test_an_entity_keeps_its_source(project: Project, claim: str) -> None:
    from workbench.ops import entities as entity_ops

    src_ops.create_source(project, "Deir Ezzor 24", aliases=["DZ24"])
    entity_ops.seed_from_sources(project)
    assert [s.name for s in src_ops.unused_sources(project)] == []


def test_cli_source_prune(project: Project, claim: str, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench import cli

    claim_ops.update_claim(project, claim, claimant="Qalamoun Voice")
    src_ops.create_source(project, "Sputnik", reliability="D")
    path = project.path
    project.close()
    assert cli.main(["source", "prune", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["would remove  the document",
                                "kept          Sputnik (described: use --all to remove it too)"]
    assert cli.main(["source", "prune", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in report["removed"]] == ["the document"]
    assert [s["name"] for s in report["kept"]] == ["Sputnik"] and report["dry_run"] is False
    assert cli.main(["source", "prune", str(path), "--all"]) == 0
    assert capsys.readouterr().out.splitlines() == ["removed       Sputnik"]
    assert cli.main(["source", "prune", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["no unused sources"]
    reopened = open_project(path)
    try:
        assert _names(reopened) == ["Qalamoun Voice"]
    finally:
        reopened.close()
