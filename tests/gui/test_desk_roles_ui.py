"""Issue 14 in the window: the Verdict tab's assignee (desk members, editable; undoable "Assign claim"), the
sign-off record and a status change the desk's rule refuses, the claim list's "Mine" filter, the Profile and Desk
settings dialogs (Edit menu) and the profile asked once on first run (by the composition root)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from workbench import identity
from workbench.domain.model import ClaimStatus
from workbench.ops import claims as claim_ops
from workbench.ops import desk
from workbench.ui import profile_dialog
from workbench.ui.desk_dialog import DeskDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.profile_dialog import ProfileDialog, ask_profile_on_first_run

from .test_claim_editor import _claim


def _pick_status(window: MainWindow, value: str) -> None:
    view = window.claims.editor.verdict
    view.status.setCurrentIndex(view.status.findData(value))
    view.status.activated.emit(view.status.currentIndex())


def test_assign_from_the_verdict_tab_with_the_desks_members(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    window.session.apply(desk.set_settings, members="Lina Haddad; Omar Khalil", undo="Edit desk settings")
    editor = window.claims.editor
    view = editor.verdict
    assert [view.assignee.itemText(i) for i in range(view.assignee.count())] == ["", "Lina Haddad", "Omar Khalil"]
    view.assignee.setCurrentIndex(2)
    view.assignee.activated.emit(2)
    assert claim_ops.get_claim(window.project, claim_id).assignee == "Omar Khalil"
    assert window.session.undo_stack.undoText() == "Assign claim"
    view.assignee.setEditText("Rana   Aziz")  # someone not listed: typed
    view.assignee.lineEdit().editingFinished.emit()
    assert claim_ops.get_claim(window.project, claim_id).assignee == "Rana Aziz"
    assert view.assignee.currentText() == "Rana Aziz"  # shown after the reload
    window.session.replay(True)
    assert claim_ops.get_claim(window.project, claim_id).assignee == "Omar Khalil"
    assert view.assignee.currentText() == "Omar Khalil"
    model = window.claims.model
    assert "Assigned to Omar Khalil" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def test_the_status_combo_follows_the_desks_signoff_rule(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    window.session.apply(desk.set_settings, signoff="second", undo="Edit desk settings")
    identity.save_profile(identity.Profile("Lina Haddad", "Night Desk"))
    view = window.claims.editor.verdict
    _pick_status(window, "final")
    assert "does not let a draft become final directly" in window.last_error
    assert view.status.currentData() == "draft"  # put back
    assert claim_ops.get_claim(window.project, claim_id).status is ClaimStatus.DRAFT
    _pick_status(window, "review")
    assert view.signoff.text().startswith("Sent to review by Lina Haddad (Night Desk) on ")
    window.last_error = ""
    _pick_status(window, "final")
    assert "Lina Haddad (Night Desk) sent this verdict to review, so someone else must make it final" \
        in window.last_error
    assert view.status.currentData() == "review"
    identity.save_profile(identity.Profile("Omar Khalil"))
    _pick_status(window, "final")
    claim = claim_ops.get_claim(window.project, claim_id)
    assert (claim.status, claim.reviewed_by) == (ClaimStatus.FINAL, "Omar Khalil")
    assert f"Reviewed by Omar Khalil on {claim.reviewed_at[:10]}" in view.signoff.text()
    assert window.session.undo_stack.undoText() == "Change verdict"


def test_mine_filter_shows_the_claims_assigned_to_the_profile(qtbot: QtBot, window: MainWindow) -> None:
    first = _claim(qtbot, window)
    text = window.reading.document.text  # type: ignore[union-attr]
    quote = "bridge"
    start = text.index(quote)
    doc_id = window.reading.document.id  # type: ignore[union-attr]
    second = window.session.apply(claim_ops.create_claim_from_passage, doc_id, start, start + len(quote),
                                  undo="New claim")
    identity.save_profile(identity.Profile("Lina Haddad"))
    window.session.apply(desk.assign, first, "Lina Haddad", undo="Assign claim")
    window.session.apply(desk.assign, second, "Omar Khalil", undo="Assign claim")
    panel = window.claims
    assert panel.proxy.rowCount() == 2
    panel.mine.setChecked(True)
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole) == first
    assert panel.count.text() == "1 of 2"
    panel.mine.setChecked(False)
    assert panel.proxy.rowCount() == 2


def test_profile_dialog_checks_and_saves(qtbot: QtBot, window: MainWindow) -> None:
    assert window.act_profile.shortcut().toString() == "Ctrl+Alt+P"
    assert window.act_desk.shortcut().toString() == "Ctrl+Alt+D"
    edit_menu = window.act_undo_history.associatedObjects()[1]
    assert {window.act_profile, window.act_desk} <= set(edit_menu.actions())  # type: ignore[union-attr]
    dialog = ProfileDialog(window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and dialog.error.text() == ""  # empty: nothing to complain about yet
    dialog.name.setText("Lina Haddad")
    dialog.email.setText("lina@")
    assert not save.isEnabled() and "“lina@” is not an email address" in dialog.error.text()
    dialog.email.setText("lina@orontes.example")
    dialog.organisation.setText("Night Desk")
    assert save.isEnabled() and dialog.preview.text() == "Lina Haddad (Night Desk)"
    save.click()
    assert dialog.saved == identity.Profile("Lina Haddad", "Night Desk", "lina@orontes.example")
    assert identity.load_profile() == dialog.saved
    again = ProfileDialog(window)
    qtbot.addWidget(again)
    assert (again.name.text(), again.organisation.text()) == ("Lina Haddad", "Night Desk")


def test_desk_dialog_saves_the_rule(qtbot: QtBot, window: MainWindow) -> None:
    window.desk_dialog()
    dialog = window.desk_window
    assert isinstance(dialog, DeskDialog)
    assert not dialog.reviewers.isEnabled()  # no rule: reviewers do not apply
    dialog.signoff.setCurrentIndex(dialog.signoff.findData("second"))
    assert dialog.reviewers.isEnabled() and "cannot make it final" in dialog.rule.text()
    dialog.reviewers.setPlainText("Rana Aziz\nOmar\tKhalil")
    dialog.save()
    assert "Reviewers: “Omar\tKhalil”" in dialog.error.text() and dialog.isVisible()
    dialog.reviewers.setPlainText("Rana Aziz\n")
    dialog.members.setPlainText("Lina Haddad\nOmar Khalil\nRana Aziz")
    dialog.save()
    assert not dialog.isVisible()
    assert desk.get_settings(window.project) == desk.DeskSettings(
        "second", ("Rana Aziz",), ("Lina Haddad", "Omar Khalil", "Rana Aziz"))


def test_the_profile_is_asked_once_on_first_run(qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "first-run.ini"), QSettings.Format.IniFormat)
    shown: list[bool] = []

    def fake_exec(dialog: ProfileDialog) -> int:
        shown.append(dialog.windowTitle().startswith("Welcome"))
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Skip"
        dialog.reject()  # skipped
        return 0

    monkeypatch.setattr(profile_dialog.ProfileDialog, "exec", fake_exec)
    assert ask_profile_on_first_run(settings) is None
    assert ask_profile_on_first_run(settings) is None  # skipped once: not asked again
    assert shown == [True]
    other = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    identity.save_profile(identity.Profile("Lina Haddad"))
    assert ask_profile_on_first_run(other) is None and shown == [True]  # a profile is set: nothing to ask
