"""Adding a highlight to the current claim (Ctrl+1/2/3) refreshes only what the highlight changed (issue 15: the
first highlight after opening a 10 MB article in under 20 ms): the claim editor reloads its Evidence tab (and
its history, when that tab is shown) — not the claim's fields, the names for the completers, the verdict, the
corrections or the desk — and neither the Claim tab on screen nor the bar above the text, which did not change,
is repainted. Anything else still reloads the claim."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import verdicts
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, doc_id_titled, import_and_wait

CLAIM = "fighters of the Eastern Lions Brigade destroyed the only pontoon bridge near Abu Hamam"
# what the editor reads when it reloads a whole claim, and the editor's refresh after a new piece of evidence
CLAIM_RELOAD = ("FROM claims WHERE id", "SELECT name FROM sources", "SELECT DISTINCT tag FROM claim_tags",
                "FROM ratings", "FROM corrections", "FROM settings", "FROM attribution")
EVIDENCE_READ, HISTORY_READ = "FROM evidence e LEFT JOIN passages p", "FROM history h WHERE claim_id"


def _range(window: MainWindow, quote: str, skip: int = 0) -> tuple[int, int]:
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(quote, skip)
    return start, start + len(quote)


def _words(window: MainWindow, n: int) -> tuple[int, int]:
    """A sentence-sized range of the open document that is not the claim's passage."""
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(CLAIM) + len(CLAIM) + 2
    return start, start + n


@pytest.fixture
def claim(qtbot: QtBot, window: MainWindow) -> str:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    window.open_document(doc_id_titled(window, "Militia Says"))
    window.reading.view.select_range(*_range(window, CLAIM))
    claim_id = window.new_claim_from_selection()
    assert claim_id and window.claims.current_claim == claim_id
    return claim_id


class Statements:
    """Every statement the project's connection runs (on the core's worker thread)."""

    def __init__(self, window: MainWindow) -> None:
        self.ws = window.session.workspace
        assert self.ws is not None
        self.all: list[str] = []

    def __enter__(self) -> Statements:
        self.ws.run(lambda: self.ws.project.db.conn.set_trace_callback(self.all.append))  # type: ignore[union-attr]
        return self

    def __exit__(self, *_exc: object) -> None:
        self.ws.run(lambda: self.ws.project.db.conn.set_trace_callback(None))  # type: ignore[union-attr]

    def after_commit(self) -> list[str]:
        return self.all[self.all.index("COMMIT") + 1:]


class Paints(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self, widget: QObject) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def bar_paints(window: MainWindow) -> Iterator[Paints]:
    paints = Paints(window.reading.claim_bar)
    yield paints
    window.reading.claim_bar.removeEventFilter(paints)


def test_adding_evidence_reloads_the_evidence_and_history_only(qtbot: QtBot, window: MainWindow, claim: str,
                                                               bar_paints: Paints) -> None:
    editor = window.claims.editor
    title, fields = editor.title.text(), (editor.text.toPlainText(), editor.claim_date.text())
    window.reading.view.select_range(*_words(window, 40))
    QApplication.processEvents()
    bar_paints.count = 0
    page_paints = [Paints(w) for w in (editor.links, editor.text, editor.claimant)]
    with Statements(window) as sql:
        ev = window.add_selection_as_evidence(Stance.REFUTES)
    QApplication.processEvents()
    assert ev and window.last_error == ""
    assert [p.count for p in page_paints] == [0, 0, 0]  # the Claim tab, on screen, did not change
    reads = sql.after_commit()
    assert [s for s in reads if any(part in s for part in CLAIM_RELOAD)] == []
    assert sum(EVIDENCE_READ in s for s in reads) == 1
    assert not any(HISTORY_READ in s for s in reads)  # the History tab is hidden: read when it is shown
    # what the editor shows is up to date
    assert [v.evidence.id for v in editor.evidence.items_of(Stance.REFUTES)] == [ev]
    assert editor.tabs.tabText(1) == "Evidence (1)"
    assert len(editor.history.lines()) == 1
    editor.tabs.setCurrentWidget(editor.history)
    assert "evidence" in editor.history.lines()[0].lower() and len(editor.history.lines()) == 2
    assert (editor.title.text(), (editor.text.toPlainText(), editor.claim_date.text())) == (title, fields)
    assert window.claims.model.rows[window.claims.model.row_of(claim)].refutes == 1
    assert bar_paints.count == 0  # the current claim did not change: its bar is not repainted
    # the highlight is there, as the claim's evidence
    [h] = [h for h in claim_ops.highlights(window.project, window.current_document_id)  # type: ignore[arg-type]
           if h.link_id == ev]
    assert (h.start, h.end, h.claim_id) == (*_words(window, 40), claim)


def test_a_history_on_screen_is_read_at_once(qtbot: QtBot, window: MainWindow, claim: str) -> None:
    editor = window.claims.editor
    editor.tabs.setCurrentWidget(editor.history)
    window.reading.view.select_range(*_words(window, 40))
    with Statements(window) as sql:
        assert window.add_selection_as_evidence(Stance.CONTEXT)
    assert sum(HISTORY_READ in s for s in sql.after_commit()) == 1
    assert "evidence" in editor.history.lines()[0].lower() and len(editor.history.lines()) == 2
    editor.tabs.setCurrentIndex(0)
    window.act_undo.trigger()  # reloads the whole claim, its history too
    editor.tabs.setCurrentWidget(editor.history)
    assert editor.history.lines()[0].startswith("undone: Add evidence")


def test_typing_in_the_claim_survives_a_new_piece_of_evidence(qtbot: QtBot, window: MainWindow, claim: str) -> None:
    editor = window.claims.editor
    editor.text.setPlainText("A militia destroyed the pontoon bridge near Abu Hamam.")  # saved after a pause
    window.reading.view.select_range(*_words(window, 30))
    assert window.add_selection_as_evidence(Stance.SUPPORTS)
    assert editor.text.toPlainText() == "A militia destroyed the pontoon bridge near Abu Hamam."
    qtbot.waitUntil(lambda: claim_ops.get_claim(window.project, claim).text.startswith("A militia"),  # type: ignore[arg-type]
                    timeout=3000)


def test_evidence_of_another_claim_leaves_the_editor_alone(qtbot: QtBot, window: MainWindow, claim: str) -> None:
    window.reading.view.select_range(*_range(window, "Abu Hamam"))
    other = window.new_claim_from_selection()
    window.claims.select_claim(claim)
    editor = window.claims.editor
    with Statements(window) as sql:
        ev = window.session.apply(claim_ops.add_passage_evidence, other, window.current_document_id,
                                  *_words(window, 25), Stance.CONTEXT, undo="Add evidence")
    assert ev and editor.claim_id == claim and editor.evidence.count() == 0
    reads = sql.after_commit()
    assert not any(EVIDENCE_READ in s or HISTORY_READ in s or any(p in s for p in CLAIM_RELOAD) for s in reads)
    assert window.claims.model.rows[window.claims.model.row_of(other)].context == 1


def test_other_changes_still_reload_the_claim(qtbot: QtBot, window: MainWindow, claim: str,
                                              bar_paints: Paints) -> None:
    editor = window.claims.editor
    window.reading.view.select_range(*_words(window, 40))
    assert window.add_selection_as_evidence(Stance.SUPPORTS)
    # an edit of the claim itself, made elsewhere (the command line, a dialog): the fields and the bar follow
    QApplication.processEvents()
    bar_paints.count = 0
    with Statements(window) as sql:
        window.session.apply(claim_ops.update_claim, claim, text="The Abu Hamam bridge was destroyed.",
                             undo="Edit claim text")
    QApplication.processEvents()
    assert any("FROM claims WHERE id" in s for s in sql.after_commit())
    assert editor.text.toPlainText() == "The Abu Hamam bridge was destroyed."
    assert "Abu Hamam bridge" in window.reading.claim_bar.title.text() and bar_paints.count > 0
    # undo writes "undone: …" into the claim's history: the whole claim is read again
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert editor.text.toPlainText() == CLAIM and editor.evidence.count() == 0
    assert editor.tabs.tabText(1) == "Evidence (0)"
    assert editor.history.lines()[0].startswith("undone: Add evidence")


def test_the_bar_is_repainted_only_when_it_changes(qtbot: QtBot, window: MainWindow, claim: str,
                                                   bar_paints: Paints) -> None:
    """A change that reloads the claim without changing what the bar shows (its tags) does not repaint it."""
    QApplication.processEvents()
    bar_paints.count = 0
    with Statements(window) as sql:
        window.session.apply(verdicts.set_tags, claim, "Abu Hamam, bridges", undo="Edit tags")
    QApplication.processEvents()
    assert any("FROM claims WHERE id" in s for s in sql.after_commit())  # the claim was read again
    assert window.claims.editor.tags.text() == "Abu Hamam, bridges"
    assert bar_paints.count == 0


def test_a_count_in_a_tab_title_never_resizes_the_tabs(qtbot: QtBot, window: MainWindow, claim: str) -> None:
    """"Evidence (9)" → "Evidence (10)": the tabs keep their places, so the page on screen is not laid out and
    repainted again (Qt's tab widget repaints all of it when its tab bar changes size)."""
    tabs = window.claims.editor.tabs
    widths = []
    for n in (0, 9, 10, 123):
        tabs.set_title(1, f"Evidence ({n})")
        QApplication.processEvents()
        widths.append((tabs.tabBar().tabRect(1).width(), tabs.tabBar().width()))
        assert tabs.tabText(1) == f"Evidence ({n})"
    assert len(set(widths)) == 1
    page = Paints(window.claims.editor.links)
    tabs.set_title(1, "Evidence (10)")
    QApplication.processEvents()
    assert page.count == 0
    tabs.set_title(1, "Evidence (2000)")  # wider: laid out again
    QApplication.processEvents()
    assert tabs.tabBar().tabRect(1).width() > widths[0][0] and page.count == 1
