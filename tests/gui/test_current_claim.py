"""Issue 16, item 1: the current claim — the one Ctrl+1/2/3 link to — is always on screen, and only an explicit
action changes it.

A tester with claim A current clicked into claim B's highlight to focus the pane before Ctrl+F; the click made B
current without a word, and the next Ctrl+3 linked the evidence to B. Here: a plain click only places the cursor;
Alt+click, a click on the highlight's margin marker, "Select Claim of This Highlight" (context menu) and Ctrl+J
switch; the bar above the text, the actions' texts, status tips and tool tips and the context menu all name the
claim the evidence will go to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from workbench.domain.model import EvidenceKind, PassageRole, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import evidence as ev_ops
from workbench.ui.evidence_dialog import EvidenceDialog
from workbench.ui.main_window import MainWindow

from .conftest import import_and_wait, point_of, select_with_keyboard

# Written for these tests in the style of the reports the app is for (spelling variants, attribution chains).
ARTICLE = """\
Khasham Handed Over To Tribal Forces, Pro-Opposition Site Says
By Desk Staff | 14.09.2017

The pro-opposition website Deir Ezzor 24 said on Thursday that government forces handed over Khasham to fighters \
of a tribal coalition after a night of talks. Local sources quoted by the site said no shots were fired.

The ISIS-linked Amaq agency claimed its fighters destroyed two vehicles near Khusham on the same night, but it \
published no photos.

A military source quoted by Sputnik denied any handover and said army units were still deployed in Ksham on \
Friday morning. Residents reached by phone said the checkpoint at the bridge was manned as usual.
"""
CLAIM_A = "government forces handed over Khasham to fighters of a tribal coalition"
CLAIM_B = "its fighters destroyed two vehicles near Khusham"
EVIDENCE = "army units were still deployed in Ksham"


def _range(window: MainWindow, quote: str) -> tuple[int, int]:
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(quote)
    return start, start + len(quote)


def _two_claims(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "khasham.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    import_and_wait(qtbot, window, [path])
    claims = []
    for quote in (CLAIM_B, CLAIM_A):  # A last: A is the current claim
        window.reading.view.select_range(*_range(window, quote))
        claims.append(window.new_claim_from_selection())
    b, a = claims
    assert a and b and window.claims.current_claim == a
    window.reading.view.setFocus()
    return a, b


def _evidence_of(window: MainWindow, claim_id: str) -> list[tuple[PassageRole, Stance | None]]:
    return [(lk.role, lk.stance) for lk in claim_ops.claim_links(window.project, claim_id)
            if lk.role is PassageRole.EVIDENCE]


def _click_in(qtbot: QtBot, window: MainWindow, quote: str, modifier: Qt.KeyboardModifier =
              Qt.KeyboardModifier.NoModifier) -> None:
    start, _end = _range(window, quote)
    view = window.reading.view
    view.select_range(start, start)  # scrolled into view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point_of(window, start + 5))


def _click_through_window(window: MainWindow, widget: QWidget, pos: QPoint) -> None:
    """A click delivered like the platform's (through the QWindow), so modal dialogs block it as they do a
    real one; ``qtbot.mouseClick`` on a widget would bypass them."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.mapTo(window, pos))


def test_a_plain_click_in_another_claims_highlight_keeps_the_current_claim(qtbot: QtBot, window: MainWindow,
                                                                           tmp_path: Path) -> None:
    """The tester's sequence: A current, click into B's highlight, select a passage, Ctrl+3 → linked to A."""
    a, b = _two_claims(qtbot, window, tmp_path)
    _click_in(qtbot, window, CLAIM_B)
    assert window.claims.current_claim == a  # the click placed the cursor, nothing more
    view = window.reading.view
    assert view.selection_range() is None and view.textCursor().position() == view.offsets.to_utf16(
        _range(window, CLAIM_B)[0] + 5)
    assert "Alt+click" in window.statusBar().currentMessage()  # says how to switch, if that was meant
    select_with_keyboard(qtbot, window, EVIDENCE)
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.last_error == ""
    assert _evidence_of(window, a) == [(PassageRole.EVIDENCE, Stance.CONTEXT)]
    assert _evidence_of(window, b) == []
    assert window.statusBar().currentMessage().startswith("Linked as context to “government forces")


def test_the_bar_actions_and_context_menu_name_the_current_claim(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path) -> None:
    bar = window.reading.claim_bar
    assert bar.title.text().startswith("none — select one in the claim list")
    assert window.act_supports.statusTip().startswith("Ctrl+1 → supports: no current claim")
    _a, b = _two_claims(qtbot, window, tmp_path)
    assert bar.isVisible()
    assert bar.title.text().startswith("“government forces handed over Khasham")
    assert bar.status.text() == "Draft"
    assert "Ctrl+1 → supports" in bar.keys.text() and "Ctrl+3 → adds context" in bar.keys.text()
    short = "“government forces handed over Khasham…”"
    assert window.act_supports.statusTip() == f"Ctrl+1 → supports: {short}"
    assert window.act_refutes.statusTip() == f"Ctrl+2 → refutes: {short}"
    assert window.act_context.statusTip() == f"Ctrl+3 → adds context to: {short}"
    assert window.act_context.toolTip() == window.act_context.statusTip()
    assert window.act_appearance.statusTip() == f"Ctrl+Shift+K → also states: {short}"
    window.reading.view.select_range(*_range(window, EVIDENCE))
    menu = window.build_context_menu()
    texts = [act.text().replace("&", "") for act in menu.actions()]
    menu.deleteLater()
    assert f"Link as Context to {short}" in texts and f"Link as Refutes to {short}" in texts
    assert window.act_context.text().replace("&", "") in texts

    # switching by the list updates everything; so does editing the claim's text and status
    window.claims.select_claim(b)
    assert bar.title.text().startswith("“its fighters destroyed two vehicles")
    assert window.act_context.statusTip() == "Ctrl+3 → adds context to: “its fighters destroyed two vehicles…”"
    editor = window.claims.editor
    editor.text.setPlainText("Amaq: ISIS & allies destroyed two army vehicles and a tank near Khusham")
    editor.save_text()
    editor.verdict.status.setCurrentIndex(1)
    editor.verdict.status.activated.emit(1)
    assert bar.title.text() == "“Amaq: ISIS & allies destroyed two army vehicles and a tank near Khusham”"
    assert bar.status.text() == "In review"
    # a literal & is doubled in menu texts (else it would be a mnemonic), kept single in tips
    assert window.act_supports.text() == "Link as &Supports to “Amaq: ISIS && allies destroyed two army…”"
    assert window.act_supports.statusTip() == "Ctrl+1 → supports: “Amaq: ISIS & allies destroyed two army…”"
    window.claims.select_claim("")
    assert bar.title.text().startswith("none — select one in the claim list")
    assert window.act_context.statusTip().startswith("Ctrl+3 → adds context to: no current claim")


def test_alt_click_makes_the_highlights_claim_current(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    a, b = _two_claims(qtbot, window, tmp_path)
    _click_in(qtbot, window, CLAIM_B, Qt.KeyboardModifier.AltModifier)
    assert window.claims.current_claim == b
    assert window.reading.claim_bar.title.text().startswith("“its fighters")
    assert window.statusBar().currentMessage().startswith("Current claim: “its fighters")
    _click_in(qtbot, window, CLAIM_A, Qt.KeyboardModifier.AltModifier)
    assert window.claims.current_claim == a


def test_the_margin_marker_of_a_highlight_selects_its_claim(qtbot: QtBot, window: MainWindow,
                                                            tmp_path: Path) -> None:
    a, b = _two_claims(qtbot, window, tmp_path)
    view = window.reading.view
    gutter = view.gutter
    assert gutter.isVisible() and gutter.width() >= 12
    markers = gutter.markers()
    assert {m.highlight.claim_id for m in markers} == {a, b}
    assert [m.current for m in markers if m.highlight.claim_id == a] == [True]
    marker_b = next(m for m in markers if m.highlight.claim_id == b)
    # the marker sits beside the highlighted line
    b_top = point_of(window, _range(window, CLAIM_B)[0]).y()
    assert marker_b.rect.top() - 4 <= b_top <= marker_b.rect.bottom() + 4
    assert "its fighters destroyed" in gutter.tooltip_at(marker_b.rect.center())
    _click_through_window(window, gutter, marker_b.rect.center())
    assert window.claims.current_claim == b
    assert [m.current for m in gutter.markers() if m.highlight.claim_id == b] == [True]
    # a click beside the markers (no highlight there) changes nothing
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=QPoint(gutter.width() // 2, gutter.height() - 2))
    assert window.claims.current_claim == b
    # the grabbed pane shows the markers
    image = gutter.grab().toImage()
    c = marker_b.rect.center()
    assert image.pixelColor(c.x(), c.y()) != image.pixelColor(c.x(), gutter.height() - 2)


def test_select_claim_of_this_highlight_from_the_context_menu_and_ctrl_j(qtbot: QtBot, window: MainWindow,
                                                                       tmp_path: Path) -> None:
    a, b = _two_claims(qtbot, window, tmp_path)
    pos = point_of(window, _range(window, CLAIM_B)[0] + 3)
    menu = window.build_context_menu(pos)
    entry = next(act for act in menu.actions() if act.text().startswith("Select Claim of This Highlight"))
    assert "“its fighters destroyed two vehicles…”" in entry.text()
    entry.trigger()
    menu.deleteLater()
    assert window.claims.current_claim == b
    # on the current claim's own highlight the entry says so and is disabled
    menu = window.build_context_menu(pos)
    entry = next(act for act in menu.actions() if "This Highlight" in act.text())
    assert not entry.isEnabled() and "current claim" in entry.text()
    menu.deleteLater()
    # keyboard: caret inside A's highlight, Ctrl+J
    start, _ = _range(window, CLAIM_A)
    view = window.reading.view
    view.select_range(start + 4, start + 4)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.claims.current_claim == a
    act = window.current_claim_ui.act_select_highlight_claim
    assert act in window.claim_menu.actions() and act.shortcut().toString() == "Ctrl+J"
    # Ctrl+J outside any highlight says so and changes nothing
    ev = _range(window, EVIDENCE)[0]
    view.select_range(ev, ev)
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.claims.current_claim == a
    assert "no highlight" in window.statusBar().currentMessage().lower()


def test_what_is_shown_is_what_gets_linked(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The bar, the editor and the link target are one value, whatever hides or removes the claim."""
    a, _b = _two_claims(qtbot, window, tmp_path)

    def shown() -> tuple[str, str, str]:
        return window.claims.current_claim, window.claims.editor.claim_id, window.current_claim_ui.claim_id

    window.claims.filter.setText("vehicles")  # A is filtered out of the list: still current, still shown
    assert window.claims.current_claim == a  # (the filter used to make B, the row left, current)
    assert window.claims.table.selectionModel().selectedRows() == []
    assert shown() == (a, a, a)
    assert window.reading.claim_bar.title.text().startswith("“government forces")
    window.reading.view.select_range(*_range(window, EVIDENCE))
    window.act_supports.trigger()
    assert _evidence_of(window, a) == [(PassageRole.EVIDENCE, Stance.SUPPORTS)]
    window.claims.filter.setText("")
    window.act_undo.trigger()  # the evidence
    window.act_undo.trigger()  # claim A itself
    assert shown() == ("", "", "")
    assert window.reading.claim_bar.title.text().startswith("none")
    assert not window.act_supports.isEnabled()


def test_evidence_dialog_keeps_its_claim_and_asks_if_the_editor_shows_another(qtbot: QtBot, window: MainWindow,
                                                                               tmp_path: Path) -> None:
    a, b = _two_claims(qtbot, window, tmp_path)
    window.reading.view.setFocus()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # a note
    dialog = window.evidence_dialog_window
    assert isinstance(dialog, EvidenceDialog) and dialog.claim_id == a
    # while it is open the main window is blocked: a margin-marker click cannot switch the claim
    marker_b = next(m for m in window.reading.view.gutter.markers() if m.highlight.claim_id == b)
    _click_through_window(window, window.reading.view.gutter, marker_b.rect.center())
    assert window.claims.current_claim == a
    # if the editor still came to show another claim (by a path not blocked), adding asks first
    window.claims.select_claim(b)
    dialog.note.setPlainText("Called the Khasham council: the checkpoint changed hands on 14 September.")
    answers: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "“government forces handed over Khasham" in answers[0] and "“its fighters" in answers[0]
    assert dialog.isVisible() and ev_ops.evidence_views(window.project, a) == []
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [v.evidence.kind for v in ev_ops.evidence_views(window.project, a)] == [EvidenceKind.NOTE]
    assert ev_ops.evidence_views(window.project, b) == []


def test_the_bar_is_grey_without_a_claim_and_amber_with_one(qtbot: QtBot) -> None:
    """The bar's colours follow its ``empty`` state (the style sheet's [empty="true"] rule)."""
    from workbench.ui.current_claim import CurrentClaimBar

    bar = CurrentClaimBar()
    qtbot.addWidget(bar)
    bar.resize(500, 60)

    def left_border() -> tuple[int, int, int]:
        colour = bar.grab().toImage().pixelColor(2, bar.height() // 2)
        return colour.red(), colour.green(), colour.blue()

    r, g, b = left_border()
    assert abs(r - g) < 30 and abs(g - b) < 30  # grey: no claim (set at construction)
    bar.set_claim("“The bridge was closed on Monday”", "draft", "Ctrl+1 supports")
    r, g, b = left_border()
    assert r > 200 and g > 120 and b < 90  # amber
    bar.set_claim("", "", "")
    r, g, b = left_border()
    assert abs(r - g) < 30 and abs(g - b) < 30
