"""Renaming the claimant in the claim editor (issue 16, item 5): the editor asks whether to rename the source
everywhere or to give this claim another source; no source is left behind unused by accident."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import sources as source_ops
from workbench.ops.claims import ClaimantChange
from workbench.ui.claim_editor import ClaimEditor
from workbench.ui.claimant_dialog import ClaimantDecision, ClaimantDialog
from workbench.ui.sources_dialog import SourcesDialog
from workbench.ui.unused_sources import UnusedSourcesDialog

from .reasoning_helpers import Case, open_case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def _editor(qtbot: QtBot, case: Case) -> ClaimEditor:
    editor = ClaimEditor(case.session)
    qtbot.addWidget(editor)
    case.session.changed.connect(lambda _c: editor.load(editor.claim_id))
    editor.load(case.claim_id)
    return editor


def _usage(case: Case) -> dict[str, int]:
    project = case.session.project
    assert project is not None
    return {s.name: sum(source_ops.source_usage(project, s.id).values()) for s in source_ops.list_sources(project)}


def test_renaming_the_claimant_asks_and_leaves_no_unused_source(qtbot: QtBot, case: Case) -> None:
    """Issue 16 item 5 as reported: typing another name made a new source and left the old one with 0 uses."""
    editor = _editor(qtbot, case)
    asked: list[Any] = []

    def choose(change: Any) -> Any:
        asked.append(change)
        return None  # cancel: nothing changes

    editor.choose_claimant = choose  # type: ignore[attr-defined]
    assert editor.claimant.text() == "Shaam Voice"
    editor.claimant.setText("Shaam News Network")
    editor.claimant.editingFinished.emit()
    assert asked, "the editor did not ask what to do with the old source"
    assert 0 not in _usage(case).values()
    project = case.session.project
    assert project is not None
    assert claim_ops.claimant_name(project, claim_ops.get_claim(project, case.claim_id)) == "Shaam Voice"


def _claimant(case: Case, claim_id: str) -> str:
    project = case.session.project
    assert project is not None
    return claim_ops.claimant_name(project, claim_ops.get_claim(project, claim_id))


def _type_claimant(editor: ClaimEditor, name: str, decision: ClaimantDecision | None) -> list[ClaimantChange]:
    asked: list[ClaimantChange] = []

    def choose(change: ClaimantChange) -> ClaimantDecision | None:
        asked.append(change)
        editor.claimant.editingFinished.emit()  # focus moving to the dialog must not ask twice
        return decision

    editor.choose_claimant = choose  # type: ignore[method-assign]
    editor.claimant.setText(name)
    editor.claimant.editingFinished.emit()
    return asked


def test_rename_everywhere_is_one_undoable_step(qtbot: QtBot, case: Case) -> None:
    editor = _editor(qtbot, case)
    asked = _type_claimant(editor, "Shaam News Network", ClaimantDecision(True, "Shaam News Network",
                                                                           keep_alias=True))
    assert len(asked) == 1 and asked[0].can_rename and asked[0].other_uses == 0
    assert _usage(case) == {"Al-Watan Today": 1, "Euphrates Watch": 2, "Levant Dispatch": 1, "Shaam News Network": 1}
    assert case.session.undo_stack.undoText() == "Rename source"
    assert editor.claimant.text() == "Shaam News Network"
    assert editor.history.lines()[0] == (
        "claimant's source renamed from Shaam Voice to Shaam News Network, everywhere it is used")
    case.session.undo_stack.undo()
    assert "Shaam Voice" in _usage(case) and _claimant(case, case.claim_id) == "Shaam Voice"
    case.session.undo_stack.redo()
    assert _claimant(case, case.claim_id) == "Shaam News Network"
    assert case.errors == []


def test_another_source_for_this_claim_only(qtbot: QtBot, case: Case) -> None:
    editor = _editor(qtbot, case)
    asked = _type_claimant(editor, "Euphrates Watch", ClaimantDecision(False, "EW", remove_unused=True))
    assert not asked[0].can_rename and asked[0].existing_name == "Euphrates Watch"
    assert _claimant(case, case.claim_id) == "Euphrates Watch"
    assert "Shaam Voice" not in _usage(case)  # it had no other use and the user asked to remove it
    assert case.session.undo_stack.undoText() == "Change claimant"
    case.session.undo_stack.undo()
    assert _claimant(case, case.claim_id) == "Shaam Voice" and _usage(case)["Shaam Voice"] == 1


def test_clearing_or_first_claimant_asks_nothing(qtbot: QtBot, case: Case) -> None:
    editor = _editor(qtbot, case)
    assert _type_claimant(editor, "", None) == []
    assert _claimant(case, case.claim_id) == ""
    assert _type_claimant(editor, "Amaq", None) == []
    assert _claimant(case, case.claim_id) == "Amaq"


def test_the_dialog(qtbot: QtBot, case: Case, tmp_path: Path) -> None:
    project = case.session.project
    assert project is not None
    change = claim_ops.claimant_change(project, case.claim_id, "Shaam News Network")
    dialog = ClaimantDialog(change, ["Al-Watan Today", "Euphrates Watch", "Shaam Voice"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.rename.isChecked() and dialog.remove_old.isVisible() and not dialog.source.isEnabled()
    dialog.grab().save(str(tmp_path / "claimant-dialog.png"))
    assert dialog.decision() == ClaimantDecision(True, "Shaam News Network")
    dialog.keep_alias.setChecked(True)
    assert dialog.decision().keep_alias
    qtbot.mouseClick(dialog.other, Qt.MouseButton.LeftButton)
    assert dialog.source.isEnabled() and not dialog.keep_alias.isEnabled()
    dialog.source.setEditText("")
    assert not dialog.ok.isEnabled()
    dialog.source.setEditText("Al-Watan  Today")
    assert dialog.decision() == ClaimantDecision(False, "Al-Watan Today", remove_unused=True)
    # a claimant used elsewhere: "this claim only" is proposed, and the old source is never offered for removal
    claim_ops.update_claim(project, case.denial_id, claimant="Euphrates Watch")  # also the source of evidence
    other = claim_ops.claimant_change(project, case.denial_id, "shaam voice")
    assert (other.existing_name, other.other_uses) == ("Shaam Voice", 2)
    second = ClaimantDialog(other, [])
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert not second.rename.isEnabled() and second.other.isChecked() and second.rename_note.isVisible()
    assert not second.remove_old.isVisible()
    assert second.decision() == ClaimantDecision(False, "Shaam Voice")
    second.grab().save(str(tmp_path / "claimant-dialog-taken.png"))


def test_remove_unused_sources_from_the_registry(qtbot: QtBot, case: Case, tmp_path: Path) -> None:
    project = case.session.project
    assert project is not None
    claim_ops.update_claim(project, case.denial_id, claimant="the document")  # Al-Watan Today is left unused
    source_ops.create_source(project, "Sputnik", kind="outlet", affiliation="Russian state media", reliability="D")
    dialog = SourcesDialog(case.session, lambda _t, _q: True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.unused_button.isEnabled() and dialog.unused_button.toolTip().startswith("2 sources are used by no")
    # the real list: bare sources checked, described ones not
    listing = UnusedSourcesDialog(source_ops.unused_sources(project), dialog)
    qtbot.addWidget(listing)
    listing.show()
    qtbot.waitExposed(listing)
    items = [listing.list.item(i) for i in range(listing.list.count())]
    assert [(i.text(), i.checkState() == Qt.CheckState.Checked) for i in items if i is not None] == [
        ("Al-Watan Today — no details", True),
        ("Sputnik — outlet, Russian state media, reliability D (not usually reliable)", False)]
    assert listing.ok.text() == "&Remove 1"
    listing.grab().save(str(tmp_path / "unused-sources.png"))
    listing.none_button.click()
    assert not listing.ok.isEnabled()
    listing.all_button.click()
    assert len(listing.chosen()) == 2
    listing.close()
    offered: list[list[str]] = []

    def choose(sources: list[source_ops.Source]) -> list[str]:
        offered.append([s.name for s in sources])
        return [s.id for s in sources if s.name == "Al-Watan Today"]

    dialog.choose_unused = choose  # type: ignore[method-assign]
    assert dialog.remove_unused() == ["Al-Watan Today"]
    assert offered == [["Al-Watan Today", "Sputnik"]]
    assert "Al-Watan Today" not in [r[0].name for r in dialog.model.rows]
    assert case.session.undo_stack.undoText() == "Remove unused sources"
    case.session.undo_stack.undo()
    assert "Al-Watan Today" in [r[0].name for r in dialog.model.rows]
    dialog.grab().save(str(tmp_path / "sources-dialog.png"))
    assert case.errors == []
